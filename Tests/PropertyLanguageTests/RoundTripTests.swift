import CheckerCore
import Testing

@testable import PropertyLanguage

/// Random ASTs drawn from a seeded SplitMix64, for print → parse round trips.
struct RandomPropertyGenerator {
    var rng: SplitMix64
    private let location = SourceLocation(line: 0, column: 0)
    private static let names = ["f", "n", "nid", "in_use", "gfp", "__GFP_PRIVATE", "N_MEMORY_PRIVATE", "node", "post", "x1"]
    private static let collections = ["nodes", "folios", "tasks"]
    private static let words = ["Isolation:", "a", "folio", "never", "(v4)", "leaks", "//", "  indented", "x == y"]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
    mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func file() -> PropertyFile {
        let summaryLines = (0..<below(4)).map { _ in (0..<(1 + below(5))).map { _ in pick(Self.words) }.joined(separator: " ") }
        return PropertyFile(
            summary: summaryLines.joined(separator: "\n"), kind: pick(PropertyKind.allCases), name: pick(Self.names),
            designs: (0..<below(3)).map { _ in pick(["v3", "v4", "v5"]) },
            assuming: (0..<below(3)).map { _ in pick(Self.names) }, body: expression(depth: 5), location: location)
    }

    mutating func expression(depth: Int) -> Expr {
        if depth == 0 || chance(20) {
            switch below(4) {
            case 0: return .boolean(chance(50), location: location)
            case 1: return .integer(chance(80) ? Int64(below(100)) : Int64(bitPattern: rng.next() >> 1), location: location)
            default: return .name(pick(Self.names), location: location)
            }
        }
        let next = depth - 1
        switch below(12) {
        case 0: return .member(expression(depth: next), field: pick(Self.names), location: location)
        case 1: return .index(expression(depth: next), expression(depth: next), location: location)
        case 2: return .unary(pick(UnaryOperator.allCases), expression(depth: next), location: location)
        case 3, 4, 5: return .binary(pick(BinaryOperator.allCases), expression(depth: next), expression(depth: next), location: location)
        case 6: return .set((0..<below(4)).map { _ in expression(depth: next) }, location: location)
        case 7:
            return .quantifier(
                pick(Quantifier.allCases), variable: pick(Self.names), collection: pick(Self.collections),
                condition: optionalExpression(depth: next), body: expression(depth: next), location: location)
        case 8:
            return .count(
                variable: pick(Self.names), collection: pick(Self.collections), condition: optionalExpression(depth: next),
                location: location)
        case 9:
            return .sum(
                variable: pick(Self.names), collection: pick(Self.collections), condition: optionalExpression(depth: next),
                body: expression(depth: next), location: location)
        default:
            return .letBinding(name: pick(Self.names), value: expression(depth: next), body: expression(depth: next), location: location)
        }
    }

    mutating func optionalExpression(depth: Int) -> Expr? {
        chance(50) ? expression(depth: depth) : nil
    }
}

@Test(arguments: Fixtures.all)
func examplesRoundTripThroughThePrinter(_ text: String) throws {
    let parsed = try PropertyParser.parse(text, file: "example.prop")
    let printed = PropertyPrinter.print(parsed)
    let reparsed = try PropertyParser.parse(printed, file: "printed.prop")
    #expect(reparsed == parsed, "printed as:\n\(printed)")
    #expect(PropertyPrinter.print(reparsed) == printed)
}

@Test func canonicalPrintOfTheCapacityExample() throws {
    let parsed = try PropertyParser.parse(Fixtures.capacity, file: "capacity.prop")
    #expect(
        PropertyPrinter.print(parsed) == """
            // Capacity: a compressed device's real usage never exceeds its real capacity.
            // Source: RFC v4 cover letter ("writes can never cause runaway compression ratio loss").
            invariant capacity
              design v4, v3
              assuming isolation
            {
              forall n in nodes where n.compressed: let used = sum f in folios where f.in_use and f.nid == n.nid: f.compressed_size in used + n.flush_real + n.stale_real <= n.real_capacity
            }

            """)
}

@Test func printerAddsOnlyNeededParentheses() throws {
    let cases = [
        "(a or b) and c", "a - (b - c)", "(a implies b) implies c", "not (a == b) == c",
        "(forall x in nodes: a) and b", "(count x in nodes where a) > 1", "let x = (a in b) in x",
        "(-a).b", "a[let x = 1 in x]", "{a in b, (let y = 2 in y)}",
    ]
    for text in cases {
        let body = try PropertyParser.parse("invariant p { \(text) }", file: "t.prop").body
        let printed = PropertyPrinter.print(body)
        let reparsed = try PropertyParser.parse("invariant p { \(printed) }", file: "t.prop").body
        #expect(reparsed == body, "\(text) printed as \(printed)")
    }
    let minimal = try PropertyParser.parse("invariant p { ((a)) + (b * c) }", file: "t.prop").body
    #expect(PropertyPrinter.print(minimal) == "a + b * c")
}

@Test func randomASTsRoundTrip() throws {
    var generator = RandomPropertyGenerator(seed: 1)
    for caseNumber in 0..<2_000 {
        let file = generator.file()
        let printed = PropertyPrinter.print(file)
        do {
            let reparsed = try PropertyParser.parse(printed, file: "fuzz.prop")
            #expect(reparsed == file, "case \(caseNumber) printed as:\n\(printed)")
            if reparsed != file { return }
        } catch {
            Issue.record("case \(caseNumber) does not parse:\n\(printed)\n\(error)")
            return
        }
    }
}
