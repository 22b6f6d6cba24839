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

// MARK: - Reader

/// A line and column, both 1-based (Yams marks already are).
struct SourcePosition: Equatable {
    var line: Int
    var column: Int
}

/// Turns the text of a scope file into a `Scope`, throwing a positioned
/// `ScopeError` for the first problem it finds.
struct ScopeReader {
    let file: String
    let text: String
    let lines: [String]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        self.lines = sourceLines(of: text)
    }

    // MARK: Diagnostics

    func error(at position: SourcePosition?, _ message: String, hint: String? = nil) -> ScopeError {
        let position = position ?? SourcePosition(line: 1, column: 1)
        let lineText = position.line >= 1 && position.line <= lines.count ? lines[position.line - 1] : ""
        return ScopeError(file: file, line: position.line, column: position.column, message: message,
                          hint: hint, sourceLine: lineText)
    }

    func error(_ node: Node, _ message: String, hint: String? = nil) -> ScopeError {
        error(at: position(of: node), message, hint: hint)
    }

    func position(of node: Node) -> SourcePosition? {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
    }

    /// A YAML syntax error from Yams, at the position libyaml reported.
    func error(from yamlError: any Error) -> ScopeError {
        guard let yamlError = yamlError as? YamlError else {
            return error(at: nil, "cannot read the YAML: \(yamlError)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // libyaml's context says which construct was open ("while parsing
            // a flow sequence"), and where it began: that is the useful hint
            // for an unbalanced bracket.
            let position = SourcePosition(line: mark.line, column: mark.column)
            if problem == "but found another document" {
                return error(at: position, "a scope file holds one YAML document, found a second one",
                             hint: "remove this '---' line and what follows, or split the file in two")
            }
            if problem.contains("tab character") {
                return error(at: position, "YAML syntax error: \(problem)",
                             hint: "indent with spaces; YAML does not allow tabs in indentation")
            }
            let hint = context.map { "\($0.text) that starts at line \($0.mark.line), column \($0.mark.column)" }
            return error(at: position, "YAML syntax error: \(problem)", hint: hint)
        case let .reader(problem, offset, value, _):
            let position = offset.flatMap(positionOf(characterOffset:))
            let hex = String(value, radix: 16, uppercase: true)
            let found = value >= 0 ? " (found 0x\(hex.count < 2 ? "0" + hex : hex))" : ""
            return error(at: position, "YAML syntax error: \(problem)\(found)",
                         hint: "a scope is a YAML text file")
        case .memory:
            return error(at: nil, "out of memory while reading the YAML")
        default:
            return error(at: nil, "cannot read the YAML: \(yamlError)")
        }
    }

    /// The line and column of the `offset`-th Character of the text (what
    /// Yams reports for reader errors).
    private func positionOf(characterOffset offset: Int) -> SourcePosition? {
        guard offset >= 0, let target = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex)
        else { return nil }
        var line = 1, column = 1
        var previous: Unicode.Scalar?
        for scalar in text[..<target].unicodeScalars {
            if scalar == "\n" && previous == "\r" {
                // The second half of CR LF: the line was counted at the CR.
            } else if YAMLNesting.isBreak(scalar) {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previous = scalar
        }
        return SourcePosition(line: line, column: column)
    }

    /// The node's resolved YAML tag (`tag:yaml.org,2002:int`, ...): what a
    /// plain scalar looks like, by YAML 1.1's rules.
    func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.description)
    }

    /// How a node reads in "expected X, found Y".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return "a string" }
            switch tagName(node) {
            case .null: return scalar.string.isEmpty ? "no value" : "null"
            case .bool: return "a boolean ('\(scalar.string)')"
            case .int: return "an integer"
            case .float: return "a number"
            case .timestamp: return "a date"
            default: return "a string ('\(scalar.string)')"
            }
        }
    }

    func typeError(_ node: Node, expected: String, _ context: String) -> ScopeError {
        error(node, "expected \(expected) \(context), found \(describe(node))")
    }

    // MARK: Typed values

    /// The keys of one YAML mapping, checked against the keys it may have.
    struct Fields {
        /// The mapping itself: where a missing key is reported.
        let node: Node
        private let entries: [String: (key: Node, value: Node)]

        init(node: Node, entries: [String: (key: Node, value: Node)]) {
            self.node = node
            self.entries = entries
        }

        subscript(key: String) -> Node? { entries[key]?.value }
        func keyNode(_ key: String) -> Node? { entries[key]?.key }
    }

    /// Reads a mapping whose keys must come from `keys`; `what` names it in
    /// messages ("node 1", "the device of node 1").
    func fields(_ node: Node, _ what: String, keys: [String]) throws(ScopeError) -> Fields {
        guard case .mapping(let mapping) = node else {
            throw typeError(node, expected: "a mapping", "for \(what)")
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(key, "expected a key name in \(what), found \(describe(key))")
            }
            let name = scalar.string
            guard keys.contains(name) else {
                let hint = nearestName(name, in: keys).map { "did you mean '\($0)'?" }
                    ?? "the keys of \(what) are: " + keys.joined(separator: ", ")
                throw error(key, "unknown key '\(name)' in \(what)", hint: hint)
            }
            if let first = entries[name] {
                let line = first.key.mark.map { " on line \($0.line)" } ?? ""
                throw error(key, "duplicate key '\(name)' in \(what)", hint: "'\(name)' is already given\(line)")
            }
            entries[name] = (key, value)
        }
        return Fields(node: node, entries: entries)
    }

    func require(_ fields: Fields, _ key: String, _ what: String, hint: String? = nil) throws(ScopeError) -> Node {
        guard let node = fields[key] else {
            throw error(fields.node, "\(what) has no '\(key)'", hint: hint)
        }
        return node
    }

    /// The integer a plain scalar spells, decimal or `0x` hex; nil for
    /// anything else (quoted strings, floats, YAML 1.1 octal and base 60).
    func integerValue(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        var digits = Substring(scalar.string)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let magnitude: Int?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.count > 1 && digits.hasPrefix("0") {
            magnitude = nil
        } else if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            magnitude = Int(digits)
        } else {
            magnitude = nil
        }
        return magnitude.map { negative ? -$0 : $0 }
    }

    /// An integer in `range`; `what` names the value ("folios", "a compressed size").
    func int(_ node: Node, _ what: String, _ range: ClosedRange<Int>, hint: String? = nil) throws(ScopeError) -> Int {
        guard let value = integerValue(node) else {
            if case .scalar(let scalar) = node, tagName(node) == .int {
                // YAML 1.1 resolves these as integers, but not as a reader
                // expects: 010 is octal 8, 1:30 is base 60 (90).
                let hint = scalar.string.contains(":") ? "YAML 1.1 reads ':' as base 60; write a decimal integer"
                    : scalar.string.hasPrefix("0") ? "YAML 1.1 reads a leading 0 as octal; write a decimal integer"
                    : "the value does not fit in 64 bits"
                throw error(node, "cannot read the integer '\(scalar.string)' for \(what)", hint: hint)
            }
            if case .scalar(var unquoted) = node, unquoted.style != .plain && unquoted.style != .any {
                unquoted.style = .plain
                if integerValue(.scalar(unquoted)) != nil {
                    throw error(node, "expected an integer for \(what), found a string",
                                hint: "remove the quotes: a quoted number is a string")
                }
            }
            throw typeError(node, expected: "an integer", "for \(what)")
        }
        guard range.contains(value) else {
            throw error(node, "\(what) must be \(describe(range)), found \(value)", hint: hint)
        }
        return value
    }

    func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        if range.lowerBound == range.upperBound { return "\(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    func bool(_ node: Node, _ what: String) throws(ScopeError) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
           tagName(node) == .bool {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw typeError(node, expected: "true or false", "for \(what)")
    }

    func string(_ node: Node, _ what: String) throws(ScopeError) -> String {
        guard case .scalar(let scalar) = node, tagName(node) == .str else {
            throw typeError(node, expected: "a string", "for \(what)")
        }
        return scalar.string
    }

    func list(_ node: Node, _ what: String) throws(ScopeError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw typeError(node, expected: "a list", "for \(what)")
        }
        return Array(sequence)
    }

    /// A name from a fixed set (a memtype, a mempolicy mode, a caller).
    func name(_ node: Node, _ what: String, in names: [String]) throws(ScopeError) -> String {
        let value = try string(node, what)
        guard names.contains(value) else {
            let hint = nearestName(value, in: names).map { "did you mean '\($0)'?" }
                ?? "\(what) is one of: " + names.joined(separator: ", ")
            throw error(node, "unknown \(what) '\(value)'", hint: hint)
        }
        return value
    }

    /// A nid: an integer naming one of the scope's `nodeCount` nodes.
    func nid(_ node: Node, _ what: String, nodeCount: Int) throws(ScopeError) -> Int {
        guard let value = integerValue(node) else {
            throw typeError(node, expected: "a nid (an integer)", "for \(what)")
        }
        guard value >= 0 && value < nodeCount else {
            let nodes = switch nodeCount {
            case 1: "only node 0"
            case 2: "nodes 0 and 1"
            default: "nodes 0 to \(nodeCount - 1)"
            }
            throw error(node, "\(what) names node \(value), which does not exist", hint: "the scope has \(nodes)")
        }
        return value
    }

    /// A list of distinct nids.
    func nids(_ node: Node, _ what: String, nodeCount: Int) throws(ScopeError) -> [Int] {
        var result: [Int] = []
        for element in try list(node, what) {
            let value = try nid(element, what, nodeCount: nodeCount)
            if result.contains(value) {
                throw error(element, "\(what) lists node \(value) twice")
            }
            result.append(value)
        }
        return result
    }

    // MARK: Flag sets

    /// The position of `word` inside the one-line scalar `node`, found by
    /// matching the source text; the scalar's own position if it is not there
    /// verbatim (escapes, line folding).
    func position(of word: Substring, in node: Node) -> SourcePosition? {
        guard let start = position(of: node), case .scalar(let scalar) = node,
              start.line >= 1, start.line <= lines.count else { return position(of: node) }
        let offset = scalar.string.unicodeScalars.distance(
            from: scalar.string.unicodeScalars.startIndex, to: word.startIndex)
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let column = start.column + offset + (quoted ? 1 : 0)
        let lineScalars = Array(lines[start.line - 1].unicodeScalars)
        let wordScalars = Array(word.unicodeScalars)
        let from = column - 1
        guard from >= 0, from + wordScalars.count <= lineScalars.count,
              Array(lineScalars[from..<from + wordScalars.count]) == wordScalars
        else { return position(of: node) }
        return SourcePosition(line: start.line, column: column)
    }

    /// The words of an `A|B` string, each trimmed of blanks, with their place
    /// in the string.
    func flagWords(_ text: String) -> [Substring] {
        text.split(separator: "|", omittingEmptySubsequences: false).map { part in
            var word = part
            while let first = word.first, first == " " || first == "\t" { word = word.dropFirst() }
            while let last = word.last, last == " " || last == "\t" { word = word.dropLast() }
            return word
        }
    }

    /// A number written in a flag string (`0x200`, `16`), as GFP.parse reads it.
    func flagNumber(_ word: Substring) -> UInt32? {
        if word.hasPrefix("0x") { return UInt32(word.dropFirst(2), radix: 16) }
        return UInt32(word)
    }

    /// An NP_OPS flag set: a list of names, an `A|B` string, or an integer.
    func npOps(_ node: Node, _ what: String) throws(ScopeError) -> UInt32 {
        let known = NPOps.names.reduce(UInt32(0)) { $0 | $1.value }
        func named(_ word: Substring, _ at: SourcePosition?) throws(ScopeError) -> UInt32 {
            if let value = NPOps.value(named: String(word)) ?? flagNumber(word) { return value }
            if word.isEmpty {
                throw error(at: at, "empty flag name in \(what)", hint: "join NP_OPS flags with '|'")
            }
            let hint = nearestName(String(word), in: NPOps.names.map(\.name)).map { "did you mean '\($0)'?" }
                ?? "NP_OPS flags are: " + NPOps.names.map(\.name).joined(separator: ", ")
            throw error(at: at, "unknown NP_OPS flag '\(word)'", hint: hint)
        }
        var flags: UInt32 = 0
        switch node {
        case .sequence(let sequence):
            for element in sequence {
                let word = try string(element, "an NP_OPS flag in \(what)")
                flags |= try named(Substring(word), position(of: element))
            }
        case .scalar(let scalar) where tagName(node) == .str || integerValue(node) != nil:
            for word in flagWords(scalar.string) {
                flags |= try named(word, position(of: word, in: node))
            }
        default:
            throw typeError(node, expected: "a list of NP_OPS flags", "for \(what)")
        }
        if flags & ~known != 0 {
            throw error(node, "\(what) has bits that are no NP_OPS flag: 0x\(String(flags & ~known, radix: 16))",
                        hint: "NP_OPS flags are: " + NPOps.names.map(\.name).joined(separator: ", "))
        }
        return flags
    }

    /// A gfp mask: `GFP_KERNEL|__GFP_THISNODE`, names or numbers joined by `|`.
    func gfp(_ node: Node, _ what: String) throws(ScopeError) -> UInt32 {
        guard case .scalar(let scalar) = node, tagName(node) == .str || integerValue(node) != nil else {
            throw typeError(node, expected: "a gfp mask such as \"GFP_KERNEL|__GFP_THISNODE\"", "for \(what)")
        }
        for word in flagWords(scalar.string) where GFP.value(named: String(word)) == nil && flagNumber(word) == nil {
            let at = position(of: word, in: node)
            if word.isEmpty {
                throw error(at: at, "empty flag name in the gfp mask of \(what)", hint: "join gfp flags with '|'")
            }
            let hint = nearestName(String(word), in: GFP.names.map(\.name)).map { "did you mean '\($0)'?" }
            throw error(at: at, "unknown gfp flag '\(word)'", hint: hint)
        }
        guard let mask = GFP.parse(scalar.string) else {
            throw error(node, "cannot read the gfp mask '\(scalar.string)'")
        }
        return mask
    }
}

// MARK: - The scope format

extension ScopeReader {
    static let topKeys = [
        "summary", "nodes", "folios", "tasks", "callers", "compressed_sizes", "page_units", "pressure_values",
        "set_ops_choices", "cpusets_enabled", "flush_buffer", "exclude_actions", "depth",
    ]
    static let nodeKeys = ["kind", "blocks", "pages_per_block", "watermarks", "distance_order", "device"]
    static let watermarkKeys = ["min", "low", "high"]
    static let deviceKeys = ["memtype", "ops", "real_capacity", "low_threshold", "high_threshold"]
    static let taskKeys = ["cpu_node", "cpuset", "hardwall", "mempolicy", "policies"]
    static let mempolicyKeys = ["mode", "nodes"]
    static let callerKeys = ["caller", "gfp", "nid"]

    /// Parses and checks the whole file.
    func read(name: String) throws(ScopeError) -> Scope {
        let root: Node
        do {
            let parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            guard let node = try parser.singleRoot() else {
                // No line to show: the file is empty or holds only comments.
                throw ScopeError(file: file, line: 1, column: 1, message: "the scope file is empty",
                                 hint: "a scope needs at least 'nodes' and 'folios'")
            }
            // A document that is only `---` is as empty as an empty file.
            if case .scalar(let scalar) = node, tagName(node) == .null, scalar.string.isEmpty {
                throw ScopeError(file: file, line: 1, column: 1, message: "the scope file is empty",
                                 hint: "a scope needs at least 'nodes' and 'folios'")
            }
            root = node
        } catch let scopeError as ScopeError {
            throw scopeError
        } catch {
            throw self.error(from: error)
        }
        guard case .mapping = root else {
            throw error(root, "a scope file must be a mapping of keys, found \(describe(root))",
                        hint: "start with 'nodes:' and 'folios:' at the left margin")
        }
        let top = try fields(root, "the scope", keys: Self.topKeys)

        let nodesNode = try require(top, "nodes", "the scope", hint: "add 'nodes:', a list of nodes (nid 0 first)")
        let nodeList = try list(nodesNode, "'nodes'")
        guard !nodeList.isEmpty else {
            throw error(nodesNode, "a scope needs at least one node")
        }
        if nodeList.count > Scope.maxNodes {
            throw error(nodeList[Scope.maxNodes], "too many nodes: \(nodeList.count), at most \(Scope.maxNodes)",
                        hint: "the engine's fixed-width state holds \(Scope.maxNodes) nodes (Scope.maxNodes)")
        }
        var nodes: [NodeConfig] = []
        for (nid, element) in nodeList.enumerated() {
            nodes.append(try readNode(element, nid: nid, nodeCount: nodeList.count))
        }
        guard nodes.contains(where: { $0.kind == .dram }) else {
            throw error(nodesNode, "a scope needs at least one dram node",
                        hint: "CPUs and tasks live on dram nodes; private nodes have none")
        }

        let folios = try int(
            try require(top, "folios", "the scope", hint: "add 'folios: 2', the number of folio slots"),
            "'folios'", 1...Scope.maxFolios,
            hint: "the engine's fixed-width state holds \(Scope.maxFolios) folio slots (Scope.maxFolios)")

        var tasks: [TaskConfig] = []
        if let tasksNode = top["tasks"] {
            let taskList = try list(tasksNode, "'tasks'")
            if taskList.count > Scope.maxTasks {
                throw error(taskList[Scope.maxTasks], "too many tasks: \(taskList.count), at most \(Scope.maxTasks)",
                            hint: "the engine's fixed-width state holds \(Scope.maxTasks) tasks (Scope.maxTasks)")
            }
            for (index, element) in taskList.enumerated() {
                tasks.append(try readTask(element, index: index, nodes: nodes))
            }
        }

        var callers: [CallerConfig] = []
        if let callersNode = top["callers"] {
            for (index, element) in try list(callersNode, "'callers'").enumerated() {
                callers.append(try readCaller(element, index: index, nodeCount: nodes.count))
            }
        }

        var scope = Scope(name: name, nodes: nodes, folios: folios, tasks: tasks, callers: callers)
        if let node = top["summary"] {
            guard case .scalar(let scalar) = node, tagName(node) != .null else {
                throw typeError(node, expected: "a one-line description", "for 'summary'")
            }
            scope.summary = scalar.string
        }
        if let node = top["page_units"] {
            scope.pageUnits = try int(node, "'page_units'", 1...Int.max)
        }
        if let node = top["compressed_sizes"] {
            let elements = try list(node, "'compressed_sizes'")
            guard !elements.isEmpty else {
                throw error(node, "'compressed_sizes' is empty",
                            hint: "list the sizes a page may compress to, e.g. [1, \(scope.pageUnits)]")
            }
            var sizes: [Int] = []
            for element in elements {
                let size = try int(element, "a compressed size", 1...scope.pageUnits,
                                   hint: "an uncompressed page is page_units = \(scope.pageUnits) units")
                if sizes.contains(size) {
                    throw error(element, "'compressed_sizes' lists \(size) twice")
                }
                sizes.append(size)
            }
            scope.compressedSizes = sizes
        }
        if let node = top["pressure_values"] {
            scope.pressureValues = try list(node, "'pressure_values'").map { (element) throws(ScopeError) in
                try int(element, "a pressure value", 0...CRAM.CRAM_PRESSURE_MAX,
                        hint: "cram_set_pressure takes 0 to CRAM_PRESSURE_MAX (\(CRAM.CRAM_PRESSURE_MAX))")
            }
        }
        if let node = top["set_ops_choices"] {
            scope.setOpsChoices = try list(node, "'set_ops_choices'").map { (element) throws(ScopeError) in
                try npOps(element, "a set_ops choice")
            }
        }
        if let node = top["cpusets_enabled"] {
            scope.cpusetsEnabled = try bool(node, "'cpusets_enabled'")
        }
        if let node = top["flush_buffer"] {
            scope.flushBuffer = try int(node, "'flush_buffer'", 0...Int.max)
        }
        if let node = top["exclude_actions"] {
            scope.excludedActions = try list(node, "'exclude_actions'").map { (element) throws(ScopeError) in
                try string(element, "an action family in 'exclude_actions'")
            }
        }
        if let node = top["depth"] {
            scope.depth = try int(node, "'depth'", 1...Int.max)
        }
        return scope
    }

    func readNode(_ node: Node, nid: Int, nodeCount: Int) throws(ScopeError) -> NodeConfig {
        let what = "node \(nid)"
        let keys = try fields(node, what, keys: Self.nodeKeys)
        let kindName = try name(
            try require(keys, "kind", what, hint: "add 'kind: dram' or 'kind: private'"),
            "node kind", in: NodeConfig.Kind.allCases.map(\.rawValue))
        let kind = NodeConfig.Kind(rawValue: kindName) ?? .dram
        let blocks = try keys["blocks"].map { (value) throws(ScopeError) in
            try int(value, "'blocks'", 1...Scope.maxBlocks,
                    hint: "the engine's fixed-width state holds \(Scope.maxBlocks) memory blocks per node "
                        + "(Scope.maxBlocks)")
        } ?? 1
        let pagesPerBlock = try int(
            try require(keys, "pages_per_block", what, hint: "add 'pages_per_block: 2'"),
            "'pages_per_block'", 1...Int.max)
        var config = NodeConfig(kind: kind, blocks: blocks, pagesPerBlock: pagesPerBlock)
        if let value = keys["watermarks"] {
            config.watermarks = try readWatermarks(value, what, pages: config.pages)
        }
        if let value = keys["distance_order"] {
            let order = "the distance_order of \(what)"
            for element in try list(value, order) where integerValue(element) == nid {
                throw error(element, "\(order) lists \(what) itself", hint: "list the other nodes, nearest first")
            }
            config.distanceOrder = try nids(value, order, nodeCount: nodeCount)
            if let missing = (0..<nodeCount).first(where: { $0 != nid && !config.distanceOrder.contains($0) }) {
                throw error(value, "\(order) leaves out node \(missing)", hint: "list every other node, nearest first")
            }
        }
        switch (kind, keys["device"]) {
        case (.dram, .some):
            throw error(keys.keyNode("device") ?? node, "dram \(what) cannot have a device",
                        hint: "only private nodes have a device; did you mean 'kind: private'?")
        case (.private, .none):
            throw error(node, "private \(what) has no 'device'",
                        hint: "add a 'device:' with a 'memtype:' (cram, zswap, accelerator or demote-only) "
                            + "and its 'ops:'")
        case (.private, .some(let value)):
            config.device = try readDevice(value, "the device of \(what)")
        case (.dram, .none):
            break
        }
        return config
    }

    func readWatermarks(_ node: Node, _ what: String, pages: Int) throws(ScopeError) -> Watermarks {
        let keys = try fields(node, "the watermarks of \(what)", keys: Self.watermarkKeys)
        var marks = Watermarks()
        var previous: (name: String, value: Int)?
        // Checked in order, so the message names the first mark out of order.
        for key in Self.watermarkKeys {
            guard let value = keys[key] else { continue }
            let mark = try int(value, "the \(key) watermark", 0...pages,
                               hint: "\(what) has \(pages) page\(pages == 1 ? "" : "s")")
            if let previous, mark < previous.value {
                throw error(value, "the \(key) watermark (\(mark)) is below the \(previous.name) watermark "
                            + "(\(previous.value))", hint: "zone watermarks satisfy min <= low <= high")
            }
            switch key {
            case "min": marks.min = mark
            case "low": marks.low = mark
            default: marks.high = mark
            }
            previous = (key, mark)
        }
        // An omitted mark defaults to 0, which can still break the order.
        if marks.low < marks.min || marks.high < marks.low {
            throw error(node, "the watermarks of \(what) are out of order: min \(marks.min), low \(marks.low), "
                        + "high \(marks.high)", hint: "zone watermarks satisfy min <= low <= high")
        }
        return marks
    }

    func readDevice(_ node: Node, _ what: String) throws(ScopeError) -> PrivateDevice {
        let keys = try fields(node, what, keys: Self.deviceKeys)
        let memtypeName = try name(
            try require(keys, "memtype", what, hint: "add 'memtype: cram' (cram, zswap, accelerator, demote-only)"),
            "memtype", in: PrivateDevice.Memtype.allCases.map(\.rawValue))
        let memtype = PrivateDevice.Memtype(rawValue: memtypeName) ?? .accelerator
        var device = PrivateDevice(memtype: memtype)
        if let value = keys["ops"] {
            device.ops = try npOps(value, "the ops of \(what)")
        }
        if let value = keys["real_capacity"] {
            device.realCapacity = try int(value, "'real_capacity'", 1...Int.max)
        } else if memtype == .cram || memtype == .zswap {
            throw error(node, "a \(memtype.rawValue) device needs 'real_capacity'",
                        hint: "real_capacity is the device's real size, in the units of compressed_sizes")
        }
        if let value = keys["low_threshold"] {
            guard let capacity = device.realCapacity else {
                throw error(keys.keyNode("low_threshold") ?? value, "'low_threshold' needs 'real_capacity'",
                            hint: "the thresholds watch the real usage of a compressed device")
            }
            device.lowThreshold = try int(value, "'low_threshold'", 1...capacity,
                                          hint: "lthresh must fire by the time the device is full "
                                              + "(real_capacity = \(capacity))")
        }
        if let value = keys["high_threshold"] {
            guard let low = device.lowThreshold else {
                throw error(keys.keyNode("high_threshold") ?? value, "'high_threshold' needs 'low_threshold'",
                            hint: "the device raises hthresh when usage falls back below lthresh")
            }
            device.highThreshold = try int(value, "'high_threshold'", 0...(low - 1),
                                           hint: "hthresh fires when real usage falls back to high_threshold, "
                                               + "which is below low_threshold (\(low))")
        }
        return device
    }

    func readTask(_ node: Node, index: Int, nodes: [NodeConfig]) throws(ScopeError) -> TaskConfig {
        let what = "task \(index)"
        let keys = try fields(node, what, keys: Self.taskKeys)
        var task = TaskConfig()
        let cpuNodeValue = keys["cpu_node"]
        if let value = cpuNodeValue {
            task.cpuNode = try nid(value, "the cpu_node of \(what)", nodeCount: nodes.count)
        }
        if nodes[task.cpuNode].kind != .dram {
            let dram = nodes.indices.filter { nodes[$0].kind == .dram }.map(String.init).joined(separator: ", ")
            let defaulted = cpuNodeValue == nil ? " (cpu_node defaults to 0)" : ""
            throw error(cpuNodeValue ?? node, "\(what) runs on node \(task.cpuNode)\(defaulted), a private node",
                        hint: "private nodes have no CPUs; cpu_node must be a dram node (\(dram))")
        }
        if let value = keys["cpuset"] {
            let mems = try nids(value, "the cpuset of \(what)", nodeCount: nodes.count)
            if mems.isEmpty {
                throw error(value, "the cpuset of \(what) is empty",
                            hint: "leave 'cpuset' out for the top cpuset (every node)")
            }
            task.cpuset = mems
        }
        if let value = keys["hardwall"] {
            task.hardwall = try bool(value, "'hardwall'")
        }
        if let value = keys["mempolicy"] {
            task.mempolicy = try readMempolicy(value, "the mempolicy of \(what)", nodeCount: nodes.count)
        }
        if let value = keys["policies"] {
            for (number, element) in try list(value, "'policies'").enumerated() {
                task.policies.append(
                    try readMempolicy(element, "policy \(number) of \(what)", nodeCount: nodes.count))
            }
        }
        return task
    }

    func readMempolicy(_ node: Node, _ what: String, nodeCount: Int) throws(ScopeError) -> MempolicyConfig {
        let keys = try fields(node, what, keys: Self.mempolicyKeys)
        var policy = MempolicyConfig()
        if let value = keys["mode"] {
            let mode = try name(value, "mempolicy mode", in: MPOL.modeNames)
            policy.mode = MPOL.modeNames.firstIndex(of: mode) ?? MPOL.MPOL_DEFAULT
        }
        let modeName = MPOL.modeNames[safe: policy.mode] ?? "MPOL_DEFAULT"
        if let value = keys["nodes"] {
            policy.nodes = try nids(value, "the nodes of \(what)", nodeCount: nodeCount)
        }
        let place = keys["nodes"] ?? node
        switch policy.mode {
        case MPOL.MPOL_DEFAULT where !policy.nodes.isEmpty:
            throw error(place, "MPOL_DEFAULT takes no nodes", hint: "remove 'nodes' or pick another mode")
        case MPOL.MPOL_PREFERRED where policy.nodes.count != 1:
            throw error(place, "MPOL_PREFERRED takes exactly one node, found \(policy.nodes.count)")
        case MPOL.MPOL_BIND, MPOL.MPOL_INTERLEAVE:
            if policy.nodes.isEmpty {
                throw error(place, "\(modeName) needs at least one node", hint: "add 'nodes: [0]'")
            }
        default:
            break
        }
        return policy
    }

    func readCaller(_ node: Node, index: Int, nodeCount: Int) throws(ScopeError) -> CallerConfig {
        let names = Caller.allCases.map(\.rawValue)
        if case .scalar = node {
            let caller = Caller(rawValue: try name(node, "caller", in: names)) ?? .kmalloc
            return CallerConfig(caller)
        }
        let what = "caller \(index)"
        let keys = try fields(node, what, keys: Self.callerKeys)
        let callerNode = try require(keys, "caller", what, hint: "add 'caller: kmalloc_node'")
        let caller = Caller(rawValue: try name(callerNode, "caller", in: names)) ?? .kmalloc
        var config = CallerConfig(caller)
        if let value = keys["gfp"] {
            switch caller {
            case .pageFault, .privateService, .zswapStore:
                throw error(value, "\(caller.rawValue) always uses \(GFP.describe(caller.defaultGFP))",
                            hint: "remove 'gfp'; kmalloc, kmalloc_node and alloc_pages_node take a gfp mask")
            case .kmalloc, .kmallocNode, .allocPagesNode:
                config.gfp = try gfp(value, what)
            }
        }
        if let value = keys["nid"] {
            guard caller.takesNid else {
                let hint = caller == .kmalloc ? "kmalloc_node allocates on a given node"
                    : "\(caller.rawValue) allocates under the task's mempolicy"
                throw error(keys.keyNode("nid") ?? value, "\(caller.rawValue) takes no nid", hint: hint)
            }
            config.nid = try nid(value, "the nid of \(what)", nodeCount: nodeCount)
        }
        return config
    }
}

extension Array {
    /// The element at `index`, or nil when it is out of bounds.
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

// MARK: - Writing

extension Scope {
    /// The scope in the YAML scope format, such that loading it back gives
    /// this scope again (under the same name: the name is the file's, not
    /// part of the text).
    ///
    /// Every key is written, defaults included, so the text shows the whole
    /// configuration the explorer will run.
    public func yaml() -> String {
        var out: [String] = []
        if !summary.isEmpty { out.append("summary: " + yamlQuoted(summary)) }
        out.append("nodes:")
        for node in nodes {
            out.append("  - kind: \(node.kind.rawValue)")
            out.append("    blocks: \(node.blocks)")
            out.append("    pages_per_block: \(node.pagesPerBlock)")
            let marks = node.watermarks
            out.append("    watermarks: {min: \(marks.min), low: \(marks.low), high: \(marks.high)}")
            if !node.distanceOrder.isEmpty {
                out.append("    distance_order: " + flowList(node.distanceOrder.map(String.init)))
            }
            if let device = node.device {
                out.append("    device:")
                out.append("      memtype: \(device.memtype.rawValue)")
                out.append("      ops: " + npOpsText(device.ops))
                if let value = device.realCapacity { out.append("      real_capacity: \(value)") }
                if let value = device.lowThreshold { out.append("      low_threshold: \(value)") }
                if let value = device.highThreshold { out.append("      high_threshold: \(value)") }
            }
        }
        out.append("folios: \(folios)")
        if tasks.isEmpty {
            out.append("tasks: []")
        } else {
            out.append("tasks:")
            for task in tasks {
                out.append("  - cpu_node: \(task.cpuNode)")
                if let cpuset = task.cpuset { out.append("    cpuset: " + flowList(cpuset.map(String.init))) }
                out.append("    hardwall: \(task.hardwall)")
                out.append("    mempolicy: " + mempolicyText(task.mempolicy))
                if task.policies.isEmpty {
                    out.append("    policies: []")
                } else {
                    out.append("    policies:")
                    for policy in task.policies { out.append("      - " + mempolicyText(policy)) }
                }
            }
        }
        if callers.isEmpty {
            out.append("callers: []")
        } else {
            out.append("callers:")
            for caller in callers { out.append("  - " + callerText(caller)) }
        }
        out.append("compressed_sizes: " + flowList(compressedSizes.map(String.init)))
        out.append("page_units: \(pageUnits)")
        out.append("pressure_values: " + flowList(pressureValues.map(String.init)))
        if setOpsChoices.isEmpty {
            out.append("set_ops_choices: []")
        } else {
            out.append("set_ops_choices:")
            for choice in setOpsChoices { out.append("  - " + npOpsChoiceText(choice)) }
        }
        out.append("cpusets_enabled: \(cpusetsEnabled)")
        out.append("flush_buffer: \(flushBuffer)")
        out.append("exclude_actions: " + flowList(excludedActions.map(yamlQuoted)))
        out.append("depth: \(depth)")
        return out.joined(separator: "\n") + "\n"
    }
}

private func flowList(_ items: [String]) -> String {
    "[" + items.joined(separator: ", ") + "]"
}

/// NP_OPS flags as a list of names, or a number if some bit has no name.
private func npOpsText(_ flags: UInt32) -> String {
    let singles = NPOps.names.filter { $0.value.nonzeroBitCount == 1 }
    let named = singles.reduce(UInt32(0)) { $0 | $1.value }
    if flags & ~named != 0 { return "0x" + String(flags, radix: 16) }
    return flowList(singles.filter { flags & $0.value != 0 }.map(\.name))
}

/// One set_ops choice as the `A|B` string the format documents.
private func npOpsChoiceText(_ flags: UInt32) -> String {
    let text = npOpsText(flags)
    guard text.hasPrefix("[") else { return text }
    return flags == 0 ? "[]" : yamlQuoted(NPOps.describe(flags))
}

private func mempolicyText(_ policy: MempolicyConfig) -> String {
    let mode = MPOL.modeNames.indices.contains(policy.mode) ? MPOL.modeNames[policy.mode] : String(policy.mode)
    if policy.nodes.isEmpty { return "{mode: \(mode)}" }
    return "{mode: \(mode), nodes: " + flowList(policy.nodes.map(String.init)) + "}"
}

private func callerText(_ caller: CallerConfig) -> String {
    if caller.gfp == nil && caller.nid == nil { return caller.caller.rawValue }
    var parts = ["caller: " + caller.caller.rawValue]
    if let gfp = caller.gfp { parts.append("gfp: " + yamlQuoted(GFP.describe(gfp))) }
    if let nid = caller.nid { parts.append("nid: \(nid)") }
    return "{" + parts.joined(separator: ", ") + "}"
}

/// A YAML double-quoted string: always read back as this exact string.
private func yamlQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
