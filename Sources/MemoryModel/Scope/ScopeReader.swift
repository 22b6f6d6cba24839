import Foundation
import Yams

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
