/// A position in a property file: 1-based line and column, columns counting characters.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters (a tab is one character).
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A span of a property file: `start` is its first character, `end` the position just after it.
public struct SourceRange: Equatable, Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }
}

/// A reserved word of the property language; none of these can be used as a NAME.
enum Keyword: String, CaseIterable, Sendable {
    case invariant, transition, reachable, design, assuming
    case `let`, `in`, implies, or, and, not
    case forall, exists, `where`, count, sum, has, `true`, `false`
}

/// A punctuation or operator token, spelled as its raw value.
enum Symbol: String, Sendable {
    case leftParen = "(", rightParen = ")", leftBrace = "{", rightBrace = "}"
    case leftBracket = "[", rightBracket = "]"
    case comma = ",", dot = ".", colon = ":", assign = "="
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case bar = "|", doubleBar = "||", ampersand = "&", doubleAmpersand = "&&", bang = "!"
    case plus = "+", minus = "-", star = "*", slash = "/"

    /// The closing bracket that matches this opening bracket, if it is one.
    var matchingCloser: Symbol? {
        switch self {
        case .leftParen: .rightParen
        case .leftBrace: .rightBrace
        case .leftBracket: .rightBracket
        default: nil
        }
    }

    /// The opening bracket that this closing bracket matches, if it is one.
    var matchingOpener: Symbol? {
        switch self {
        case .rightParen: .leftParen
        case .rightBrace: .leftBrace
        case .rightBracket: .leftBracket
        default: nil
        }
    }
}

/// What a token is; `invalid` carries a lexical error the parser reports when it reaches it.
enum TokenKind: Equatable, Sendable {
    case name(String)
    case keyword(Keyword)
    case integer(Int64)
    case symbol(Symbol)
    case invalid(message: String, hint: String?)
    case endOfFile
}

/// One token of a property file, with its source spelling and span.
struct Token: Sendable {
    var kind: TokenKind
    var text: String
    var range: SourceRange

    var start: SourceLocation { range.start }

    /// How the token is named in an error message: `'text'`, or `end of file`.
    var quoted: String {
        if case .endOfFile = kind { return "end of file" }
        return "'\(text)'"
    }

    func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }
    func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }
}
