import Foundation
import Yams

// MARK: - Loading

extension Scope {
    /// Reads a scope from the text of a YAML scope file.
    ///
    /// `file` is only used in diagnostics; `name` becomes `Scope.name`. Every
    /// problem, from a YAML syntax error to a nid naming no node, is thrown as
    /// a `ScopeError` positioned at the offending text. No input crashes.
    public static func load(yaml text: String, file: String, name: String) throws(ScopeError) -> Scope {
        let bound = YAMLNesting.bound(of: text)
        if let overflow = bound.overflow {
            throw ScopeError(
                file: file, line: overflow.line, column: overflow.column,
                message: "the file is too large to be a scope: more than \(YAMLNesting.maxIndicators) "
                    + "YAML indicators ('-', ':', '?', '[', '{')",
                hint: "a scope file needs a few hundred; is this the right file?",
                sourceLine: sourceLine(overflow.line, of: text))
        }
        // Yams builds (and frees) its node tree recursively, so a file nesting
        // thousands of levels deep would overflow a small stack; Swift
        // concurrency threads on macOS have 512 KiB. The whole read therefore
        // runs on a thread whose stack fits the deepest nesting the text can
        // hold (`bound.levels` levels, about 1.3 KiB each in a debug build).
        // Rounded to 64 KiB: Darwin wants a whole number of (16 KiB) pages.
        let stack = ((4 << 20) + bound.levels * 3 * 1024 + 0xFFFF) & ~0xFFFF
        let result = runOnOwnThread(stackBytes: stack) { () -> Result<Scope, ScopeError> in
            do throws(ScopeError) {
                let reader = ScopeReader(file: file, text: text)
                return .success(try reader.read(name: name))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads a scope from the bytes of a scope file, which must be UTF-8.
    public static func load(data: Data, file: String, name: String) throws(ScopeError) -> Scope {
        switch decodeUTF8(data) {
        case .success(let text):
            return try load(yaml: text, file: file, name: name)
        case .failure(let bad):
            throw ScopeError(
                file: file, line: bad.line, column: bad.column,
                message: "the file is not UTF-8 text (byte 0x\(String(bad.byte, radix: 16, uppercase: true)))",
                hint: "a scope is a YAML text file", sourceLine: bad.lineText)
        }
    }

    /// Reads the scope file at `path`; the scope's name is the file name
    /// without its extension.
    public static func load(path: String) throws(ScopeError) -> Scope {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        return try load(data: readScopeFile(path), file: path, name: name)
    }

    /// The largest scope file `load(path:)` reads; real ones are a few KiB.
    static let maxFileBytes = 1 << 20
}

/// The bytes of a scope file, or a ScopeError at 1:1 saying why not.
private func readScopeFile(_ path: String) throws(ScopeError) -> Data {
    func failure(_ reason: String) -> ScopeError {
        ScopeError(file: path, line: 1, column: 1, message: "cannot read the scope file: \(reason)")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw failure("it is a directory")
    }
    let handle: FileHandle
    do {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    } catch {
        throw failure(osReason(error))
    }
    defer { try? handle.close() }
    // Read at most one byte past the limit: enough to know the file is too
    // big, and safe on endless files such as /dev/zero.
    let data: Data
    do {
        data = try handle.read(upToCount: Scope.maxFileBytes + 1) ?? Data()
    } catch {
        throw failure(osReason(error))
    }
    if data.count > Scope.maxFileBytes {
        throw failure("it is larger than \(Scope.maxFileBytes / 1024) KiB; a scope file is a few KiB")
    }
    return data
}

/// The operating system's words for a file error ("No such file or
/// directory"), rather than Foundation's generic "operation could not be completed".
private func osReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
       underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(nsError.code)))
    }
    return nsError.localizedDescription
}

/// Where a byte sequence stops being UTF-8.
private struct InvalidUTF8: Error {
    var line: Int
    var column: Int
    var byte: UInt8
    var lineText: String
}

/// Decodes UTF-8, or finds the first invalid byte's line and column.
private func decodeUTF8(_ data: Data) -> Result<String, InvalidUTF8> {
    let bytes = [UInt8](data)
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0, line = 1, lineStart = 0, column = 1
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            offset += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
                lineStart = offset
            } else {
                column += 1
            }
        case .emptyInput:
            // Unreachable when validation failed; report the end all the same.
            return .failure(InvalidUTF8(line: line, column: column, byte: 0, lineText: ""))
        case .error:
            let prefix = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self)
            let byte = offset < bytes.count ? bytes[offset] : 0
            return .failure(InvalidUTF8(line: line, column: column, byte: byte, lineText: prefix))
        }
    }
}

/// Runs `body` on a new thread with a stack of `stackBytes` and waits for it.
private func runOnOwnThread(
    stackBytes: Int, _ body: @escaping @Sendable () -> Result<Scope, ScopeError>
) -> Result<Scope, ScopeError> {
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.result = body()
        done.signal()
    }
    thread.stackSize = stackBytes
    thread.start()
    done.wait()
    return box.result
}

/// Carries the reader thread's result back to the caller.
///
/// `@unchecked Sendable` is sound: the reader thread writes `result` before
/// `signal()`, and the caller reads it only after `wait()` returns, which
/// orders the two accesses.
private final class ResultBox: @unchecked Sendable {
    var result: Result<Scope, ScopeError> = .failure(ScopeError(
        file: "<internal>", line: 1, column: 1, message: "internal error: the scope reader thread did not run"))
}

// MARK: - Nesting bound

/// A cheap upper bound on how deeply a YAML text can nest, read before Yams
/// parses it.
///
/// Every collection Yams builds starts at its own indicator character: a flow
/// collection at `[` or `{`, a block sequence at its first `-`, a block
/// mapping at its first key's `:` (or `?`). So the number of those characters
/// bounds the depth. Comment tails are skipped unless a quote follows the `#`
/// on that line (then the `#` may sit inside a quoted scalar, and whatever
/// follows the closing quote must still count).
enum YAMLNesting {
    static let maxIndicators = 20_000

    static func bound(of text: String) -> (levels: Int, overflow: (line: Int, column: Int)?) {
        var count = 0
        var line = 1, column = 0
        var inComment = false
        var previous: Unicode.Scalar = "\n"
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            column += 1
            if isBreak(scalar) {
                line += 1
                column = 0
                inComment = false
                // A CR LF pair is one break, as libyaml counts lines.
                let next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { index = next }
            } else if !inComment {
                switch scalar {
                case "#" where previous == " " || previous == "\t" || isBreak(previous):
                    inComment = !restOfLineHasQuote(scalars, after: index)
                case "[", "{", "-", "?", ":":
                    count += 1
                    if count > maxIndicators { return (count, (line, column)) }
                default:
                    break
                }
            }
            previous = scalar
            index = scalars.index(after: index)
        }
        return (count, nil)
    }

    /// Line breaks as libyaml counts them (YAML 1.1 includes NEL, LS and PS).
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    private static func restOfLineHasQuote(_ scalars: String.UnicodeScalarView, after index: String.Index) -> Bool {
        var i = scalars.index(after: index)
        while i < scalars.endIndex, !isBreak(scalars[i]) {
            if scalars[i] == "\"" || scalars[i] == "'" { return true }
            i = scalars.index(after: i)
        }
        return false
    }
}

/// Line `number` (1-based) of `text`, split the way libyaml counts lines.
func sourceLine(_ number: Int, of text: String) -> String {
    let lines = sourceLines(of: text)
    return number >= 1 && number <= lines.count ? lines[number - 1] : ""
}

/// The lines of `text`, split at every break libyaml counts (CR LF is one).
func sourceLines(of text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    var afterCR = false
    for scalar in text.unicodeScalars {
        if scalar == "\n" && afterCR {
            afterCR = false
            continue
        }
        afterCR = scalar == "\r"
        if YAMLNesting.isBreak(scalar) {
            lines.append(String(current))
            current = String.UnicodeScalarView()
        } else {
            current.append(scalar)
        }
    }
    lines.append(String(current))
    return lines
}
