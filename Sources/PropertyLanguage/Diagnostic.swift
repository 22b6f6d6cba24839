import CheckerCore

/// One error in a property file, rendered like a compiler error with the source line and a caret.
///
/// ```
/// Properties/bad.prop:4:12: error: expected ':' after the quantifier's range
///     forall f in folios where f.in_use f.nid == 1
///                                       ^
/// hint: write 'forall VAR in SET where COND: EXPR'
/// ```
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name as given to the parser.
    public var file: String
    /// The 1-based line of the error.
    public var line: Int
    /// The 1-based column of the error, in characters.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?
    /// The text of the offending line, verbatim (without its line break).
    public var sourceLine: String

    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil, sourceLine: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    /// The position of the error.
    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// The rendered error: header, source line (tabs as one space, unprintables as `�`), caret, optional hint.
    public var description: String {
        let shownLine = String(sourceLine.map { character -> Character in
            if character == "\t" { return " " }
            return Diagnostic.isPrintable(character) ? character : "\u{FFFD}"
        })
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        var rendered = "\(file):\(line):\(column): error: \(message)\n\(shownLine)\n\(caret)"
        if let hint {
            rendered += "\nhint: \(hint)"
        }
        return rendered
    }

    /// Whether a character can be shown as itself in a terminal (no control, format or unassigned scalars).
    static func isPrintable(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                false
            default:
                true
            }
        }
    }
}

/// Spelling suggestions for misspelled keywords.
enum Spelling {
    /// `did you mean 'X'?` for the candidate closest to `word`, if it is close enough to be a likely typo.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = min(2, max(1, word.count / 3))
        guard best.1 <= limit else { return nil }
        return "did you mean '\(best.0)'?"
    }

    /// The Levenshtein distance between two strings, by characters.
    static func editDistance(_ first: String, _ second: String) -> Int {
        CheckerCore.editDistance(Array(first), Array(second))
    }
}
