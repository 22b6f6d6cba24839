/// Splits property-file text into tokens and comments.
///
/// Lexing never throws: the first lexical error becomes an `invalid` token
/// followed by end of file, so the parser reports it only when it gets there
/// (keeping "the first error in the file" the one that is reported).
struct Lexer {
    /// A `//` comment: its line, its text after `//` and one optional space,
    /// and whether it was the first thing on its line.
    struct Comment: Sendable {
        var line: Int
        var text: String
        var isWholeLine: Bool
    }

    /// The tokens (always ending in `endOfFile`) and the comments of a text.
    struct Output: Sendable {
        var tokens: [Token]
        var comments: [Comment]
    }

    static func tokenize(_ text: String) -> Output {
        var lexer = Lexer(characters: Array(text))
        lexer.run()
        return Output(tokens: lexer.tokens, comments: lexer.comments)
    }

    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var lineHasToken = false
    private var tokens: [Token] = []
    private var comments: [Comment] = []

    private init(characters: [Character]) {
        self.characters = characters
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        let position = index + offset
        return position < characters.count ? characters[position] : nil
    }

    private mutating func step() {
        if characters[index].isNewline {
            line += 1
            column = 1
            lineHasToken = false
        } else {
            column += 1
        }
        index += 1
    }

    private static func isNameStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func isNameContinuation(_ character: Character) -> Bool {
        isNameStart(character) || (character.isASCII && character.isNumber)
    }

    private static let twoCharacterSymbols: [String: Symbol] = [
        "==": .equal, "!=": .notEqual, "<=": .lessOrEqual, ">=": .greaterOrEqual,
        "||": .doubleBar, "&&": .doubleAmpersand,
    ]

    private mutating func run() {
        while let character = peek() {
            if character.isNewline || character.isWhitespace {
                step()
                continue
            }
            let start = location
            let startIndex = index
            if character == "/" && peek(1) == "/" {
                lexComment(start: start)
                continue
            }
            lineHasToken = true
            let kind: TokenKind
            if Lexer.isNameStart(character) {
                while let next = peek(), Lexer.isNameContinuation(next) { step() }
                let word = String(characters[startIndex..<index])
                kind = Keyword(rawValue: word).map { .keyword($0) } ?? .name(word)
            } else if character.isASCII && character.isNumber {
                while let next = peek(), Lexer.isNameContinuation(next) { step() }
                kind = Lexer.integerKind(String(characters[startIndex..<index]))
            } else if let second = peek(1), let symbol = Lexer.twoCharacterSymbols[String([character, second])] {
                step()
                step()
                kind = .symbol(symbol)
            } else if let symbol = Symbol(rawValue: String(character)) {
                step()
                kind = .symbol(symbol)
            } else {
                step()
                kind = .invalid(message: "unexpected character \(Lexer.describe(character))", hint: nil)
            }
            let text = String(characters[startIndex..<index])
            tokens.append(Token(kind: kind, text: text, range: SourceRange(start: start, end: location)))
            if case .invalid = kind { break }
        }
        tokens.append(Token(kind: .endOfFile, text: "", range: SourceRange(start: location, end: location)))
    }

    private mutating func lexComment(start: SourceLocation) {
        step()
        step()
        let textStart = index
        while let next = peek(), !next.isNewline { step() }
        var text = String(characters[textStart..<index])
        if text.hasPrefix(" ") { text.removeFirst() }
        comments.append(Comment(line: start.line, text: text, isWholeLine: !lineHasToken))
    }

    /// The token for an integer spelling: decimal or `0x` hex, fitting in Int64.
    private static func integerKind(_ spelling: String) -> TokenKind {
        let lowered = spelling.lowercased()
        let digits: Substring
        let radix: Int
        if lowered.hasPrefix("0x") {
            digits = lowered.dropFirst(2)
            radix = 16
        } else {
            digits = lowered[...]
            radix = 10
        }
        let isWellFormed = !digits.isEmpty && digits.allSatisfy { $0.isHexDigit && (radix == 16 || $0.isNumber) }
        guard isWellFormed else {
            return .invalid(
                message: "malformed integer '\(spelling)'",
                hint: "integers are decimal (42) or hexadecimal (0x2a); a name cannot start with a digit")
        }
        guard let value = Int64(digits, radix: radix) else {
            return .invalid(
                message: "integer '\(spelling)' is too large",
                hint: "integers must fit in 64 bits (at most 9223372036854775807)")
        }
        return .integer(value)
    }

    /// `'c'` for a printable character, `U+XXXX` otherwise.
    private static func describe(_ character: Character) -> String {
        if Diagnostic.isPrintable(character) { return "'\(character)'" }
        return character.unicodeScalars
            .map { scalar in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            .joined(separator: " ")
    }
}
