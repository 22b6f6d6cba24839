import CheckerCore
import Foundation
import Testing

@testable import PropertyLanguage

/// Mutates the example files and the shipped library at random and checks
/// the parser and the type checker always answer: a checked property or one
/// in-range diagnostic.
@Test func mutatedExamplesParseOrDiagnoseWithinTheText() throws {
    var rng = SplitMix64(seed: 1)
    let pool = Array("(){}[]:,.&|!=<>-+*/ abcxyzfn_019\n\t".utf8)
        + Array("forall in where let implies not ".utf8)
    var parsedCount = 0
    var diagnosedCount = 0
    var checkedCount = 0
    let shipped = try ShippedProperties.files.map { try String(contentsOf: $0, encoding: .utf8) }
    let originals = Fixtures.all + shipped
    for original in originals {
        for _ in 0..<600 {
            var bytes = Array(original.utf8)
            for _ in 0..<(1 + below(3, &rng)) {
                mutate(&bytes, pool: pool, rng: &rng)
            }
            do {
                let file = try PropertyParser.parse(data: Data(bytes), file: "fuzz.prop")
                parsedCount += 1
                let text = String(decoding: bytes, as: UTF8.self)
                let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
                do {
                    for design in try PropertyChecker.designs(of: file, source: text, fileName: "fuzz.prop") {
                        _ = try PropertyChecker.check(file, design: design, source: text, fileName: "fuzz.prop")
                    }
                    checkedCount += 1
                } catch {
                    #expect(error.line >= 1 && error.line <= lineCount + 1, "\(error)")
                    #expect(error.column >= 1, "\(error)")
                }
            } catch {
                diagnosedCount += 1
                let lineCount: Int
                if let text = String(validating: bytes, as: UTF8.self) {
                    lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
                } else {
                    lineCount = 1
                }
                #expect(error.line >= 1 && error.line <= lineCount + 1, "\(error)")
                #expect(error.column >= 1, "\(error)")
                #expect(!error.description.isEmpty)
            }
        }
    }
    #expect(parsedCount + diagnosedCount == originals.count * 600)
    #expect(originals.count >= 29)
    #expect(parsedCount > 0 && diagnosedCount > 0 && checkedCount > 0 && checkedCount < parsedCount)
}

private func below(_ bound: Int, _ rng: inout SplitMix64) -> Int { Int(rng.next() % UInt64(bound)) }

private func mutate(_ bytes: inout [UInt8], pool: [UInt8], rng: inout SplitMix64) {
    func below(_ bound: Int) -> Int { PropertyLanguageTests.below(bound, &rng) }
    func randomByte() -> UInt8 { below(10) == 0 ? UInt8(below(256)) : pool[below(pool.count)] }
    switch below(6) {
    case 0 where !bytes.isEmpty:
        bytes.remove(at: below(bytes.count))
    case 1:
        bytes.insert(randomByte(), at: below(bytes.count + 1))
    case 2 where !bytes.isEmpty:
        bytes[below(bytes.count)] = randomByte()
    case 3:
        swapTwoWords(&bytes, rng: &rng)
    case 4 where below(4) == 0:
        bytes.removeSubrange(below(bytes.count + 1)...)
    default:
        let start = below(bytes.count + 1)
        bytes.insert(contentsOf: Array(bytes[start...].prefix(below(8))), at: start)
    }
}

/// Swaps two whitespace-separated words, a cheap stand-in for swapping tokens.
private func swapTwoWords(_ bytes: inout [UInt8], rng: inout SplitMix64) {
    func below(_ bound: Int) -> Int { PropertyLanguageTests.below(bound, &rng) }
    let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A }
    var words: [Range<Int>] = []
    var start: Int?
    for (position, byte) in bytes.enumerated() {
        if isSpace(byte) {
            if let wordStart = start { words.append(wordStart..<position) }
            start = nil
        } else if start == nil {
            start = position
        }
    }
    if let wordStart = start { words.append(wordStart..<bytes.count) }
    guard words.count >= 2 else { return }
    var first = words[below(words.count)]
    var second = words[below(words.count)]
    if first.lowerBound > second.lowerBound { swap(&first, &second) }
    guard first.upperBound <= second.lowerBound else { return }
    let firstWord = Array(bytes[first])
    let secondWord = Array(bytes[second])
    bytes.replaceSubrange(second, with: firstWord)
    bytes.replaceSubrange(first, with: secondWord)
}
