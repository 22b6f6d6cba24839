import Foundation

/// Parses `.prop` files into `PropertyFile`s, reporting the first error as one `Diagnostic`.
///
/// The grammar:
/// ```
/// file        := header-comment? property EOF
/// header-comment := one or more consecutive `//` comment lines before `property` (kept in the AST as `summary`: the lines' text without `// `, joined by "\n")
/// property    := kind NAME clause* "{" expr "}"
/// kind        := "invariant" | "transition" | "reachable"
/// clause      := "design" NAME ("," NAME)*          -- e.g. design v4, v3
///              | "assuming" NAME ("," NAME)*        -- helper invariants
/// expr        := letExpr
/// letExpr     := "let" NAME "=" expr "in" expr | implies
/// implies     := or ("implies" implies)?             -- right-associative
/// or          := and ("or" and)*                     -- also accept "||"
/// and         := not ("and" not)*                    -- also accept "&&"
/// not         := ("not" | "!") not | comparison
/// comparison  := bitor (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "has") bitor)?   -- non-associative
/// bitor       := bitand ("|" bitand)*
/// bitand      := additive ("&" additive)*
/// additive    := multiplicative (("+" | "-") multiplicative)*
/// multiplicative := unary (("*" | "/") unary)*
/// unary       := "-" unary | postfix
/// postfix     := primary ("." NAME | "[" expr "]")*
/// primary     := INT | NAME | "(" expr ")" | set | quantifier | aggregate
/// set         := "{" (expr ("," expr)*)? "}"
/// quantifier  := ("forall" | "exists") NAME "in" NAME ("where" expr)? ":" expr
/// aggregate   := "count" NAME "in" NAME ("where" expr)?
///              | "sum" NAME "in" NAME ("where" expr)? ":" expr
/// INT         := decimal or 0x hex, fits in Int64
/// NAME        := [A-Za-z_][A-Za-z0-9_]*      -- kernel names like __GFP_PRIVATE, N_MEMORY_PRIVATE, NP_OPS_MIGRATION are NAMEs
/// comments    := "//" to end of line anywhere; whitespace insignificant
/// ```
///
/// Resolutions of the grammar's loose ends:
/// - `in` is both the comparison operator and the separator of `let NAME = expr in expr`.
///   Inside a let's value, a bare `in` ends the value; write `(a in b)` to compare there.
///   Parentheses, brackets, set braces and a quantifier's or sum's `where … :` clause
///   lift that restriction (they are closed by their own delimiter).
/// - The header comment is the last run of consecutive whole-line `//` comments before
///   the kind keyword; a comment's text loses `//` and one following space.
/// - `true` and `false` are boolean literals; keywords are never NAMEs.
/// - Nesting deeper than `maximumNestingDepth` is rejected, so no input can exhaust the stack.
public enum PropertyParser {
    /// How many nested expressions (parentheses, prefix operators, bodies, `implies` chains) are allowed.
    public static let maximumNestingDepth = 200

    /// Parses the text of one `.prop` file; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> PropertyFile {
        let lexed = Lexer.tokenize(text)
        var parser = Parser(tokens: lexed.tokens, text: text, file: file)
        var parsed = try parser.parseFile()
        parsed.summary = summary(of: lexed.comments, before: parsed.location.line)
        return parsed
    }

    /// Parses raw file contents, rejecting bytes that are not UTF-8 with a diagnostic at 1:1.
    public static func parse(data: Data, file: String) throws(Diagnostic) -> PropertyFile {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Diagnostic(
                file: file, line: 1, column: 1, message: "not a text file: the bytes are not UTF-8",
                hint: nil, sourceLine: "")
        }
        return try parse(text, file: file)
    }

    /// The last run of consecutive whole-line comments on lines before `line`, joined by "\n".
    static func summary(of comments: [Lexer.Comment], before line: Int) -> String {
        var run: [Lexer.Comment] = []
        for comment in comments where comment.isWholeLine && comment.line < line {
            if let last = run.last, last.line + 1 != comment.line {
                run.removeAll()
            }
            run.append(comment)
        }
        return run.map(\.text).joined(separator: "\n")
    }
}

/// The recursive-descent parser over one file's tokens.
struct Parser {
    private let tokens: [Token]
    private let sourceLines: [Substring]
    private let file: String
    /// Indices of closing brackets that match no opener anywhere before them.
    private let strayClosers: Set<Int>
    private var position = 0
    private var depth = 0
    /// Whether a bare `in` ends the expression (inside a let's value) instead of comparing.
    private var inEndsExpression = false

    init(tokens: [Token], text: String, file: String) {
        self.tokens = tokens
        self.sourceLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        self.file = file
        self.strayClosers = Parser.findStrayClosers(tokens)
    }

    private var current: Token { tokens[position] }

    // MARK: Errors

    private func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        let lineIndex = location.line - 1
        let sourceLine = lineIndex >= 0 && lineIndex < sourceLines.count ? String(sourceLines[lineIndex]) : ""
        return Diagnostic(
            file: file, line: location.line, column: location.column, message: message, hint: hint,
            sourceLine: sourceLine)
    }

    private func error(_ message: String, hint: String? = nil) -> Diagnostic {
        error(message, at: current.start, hint: hint)
    }

    /// Throws the lexical error of the current token, if it is one.
    private func checkCurrentIsValid() throws(Diagnostic) {
        if case .invalid(let message, let hint) = current.kind {
            throw error(message, hint: hint)
        }
    }

    private mutating func advance() throws(Diagnostic) {
        if position < tokens.count - 1 {
            position += 1
        }
        try checkCurrentIsValid()
    }

    private mutating func enterNesting() throws(Diagnostic) {
        depth += 1
        if depth > PropertyParser.maximumNestingDepth {
            throw error(
                "expression nested too deeply",
                hint: "at most \(PropertyParser.maximumNestingDepth) levels; name parts with 'let'")
        }
    }

    /// Consumes a NAME, or throws `message, found X`.
    private mutating func expectName(_ message: String, hint: String?) throws(Diagnostic) -> String {
        guard case .name(let name) = current.kind else {
            var hint = hint
            if case .keyword(let keyword) = current.kind, hint == nil {
                hint = "'\(keyword.rawValue)' is a keyword and cannot be used as a name"
            }
            throw error("\(message), found \(current.quoted)", hint: hint)
        }
        try advance()
        return name
    }

    /// Consumes the closer of `opener`, or reports the unclosed opener, a stray closer, or what was found.
    private mutating func expectCloser(of opener: Token, after context: String) throws(Diagnostic) {
        guard case .symbol(let open) = opener.kind, let closer = open.matchingCloser else { return }
        if current.isSymbol(closer) {
            try advance()
            return
        }
        if current.kind == .endOfFile {
            throw error("'\(open.rawValue)' is never closed", at: opener.start, hint: "add '\(closer.rawValue)'")
        }
        if case .symbol(let found) = current.kind, let foundOpener = found.matchingOpener {
            if strayClosers.contains(position) {
                throw error("'\(found.rawValue)' has no matching '\(foundOpener.rawValue)'")
            }
            throw error(
                "'\(open.rawValue)' is never closed", at: opener.start,
                hint: "add '\(closer.rawValue)' before the '\(found.rawValue)' at line \(current.start.line), column \(current.start.column)")
        }
        if current.isSymbol(.assign) {
            throw error("expected '\(closer.rawValue)' \(context), found '='", hint: "use '==' to compare")
        }
        throw error(
            "expected '\(closer.rawValue)' \(context), found \(current.quoted)",
            hint: canStartExpression(current) ? "is an operator such as 'and' missing?" : nil)
    }

    private func canStartExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .name, .integer: true
        case .keyword(let keyword): [.true, .false, .forall, .exists, .count, .sum, .not, .let].contains(keyword)
        case .symbol(let symbol): [.leftParen, .leftBrace, .bang, .minus].contains(symbol)
        case .invalid, .endOfFile: false
        }
    }

    static func findStrayClosers(_ tokens: [Token]) -> Set<Int> {
        var openers: [Symbol] = []
        var stray = Set<Int>()
        for (index, token) in tokens.enumerated() {
            guard case .symbol(let symbol) = token.kind else { continue }
            if symbol.matchingCloser != nil {
                openers.append(symbol)
            } else if let opener = symbol.matchingOpener {
                if let match = openers.lastIndex(of: opener) {
                    openers.removeSubrange(match...)
                } else {
                    stray.insert(index)
                }
            }
        }
        return stray
    }

    // MARK: File

    mutating func parseFile() throws(Diagnostic) -> PropertyFile {
        try checkCurrentIsValid()
        let kinds = PropertyKind.allCases.map(\.rawValue)
        if current.kind == .endOfFile {
            throw error(
                "empty property file",
                hint: "a property starts with 'invariant', 'transition' or 'reachable' and a name")
        }
        let kindLocation = current.start
        guard case .keyword(let keyword) = current.kind, let kind = PropertyKind(rawValue: keyword.rawValue) else {
            var hint = "a property starts with 'invariant', 'transition' or 'reachable' and a name"
            if case .name(let word) = current.kind, let suggestion = Spelling.suggestion(for: word, among: kinds) {
                hint = suggestion
            }
            throw error("expected 'invariant', 'transition' or 'reachable', found \(current.quoted)", hint: hint)
        }
        try advance()
        let name = try expectName(
            "expected a name after '\(kind.rawValue)'", hint: "write '\(kind.rawValue) NAME { ... }'")

        var designs: [String] = []
        var assuming: [String] = []
        while case .keyword(let clause) = current.kind, clause == .design || clause == .assuming {
            try advance()
            let what = clause == .design ? "a design name such as 'v4'" : "the name of a helper invariant"
            var names = [try expectName("expected \(what) after '\(clause.rawValue)'", hint: nil)]
            while current.isSymbol(.comma) {
                try advance()
                names.append(try expectName("expected \(what) after ','", hint: nil))
            }
            if clause == .design { designs += names } else { assuming += names }
        }

        guard current.isSymbol(.leftBrace) else {
            var hint = "the body is an expression in braces: { ... }"
            if case .name(let word) = current.kind,
                let suggestion = Spelling.suggestion(for: word, among: ["design", "assuming"])
            {
                hint = suggestion
            }
            throw error("expected '{' to open the body of '\(name)', found \(current.quoted)", hint: hint)
        }
        let openBrace = current
        try advance()
        if current.isSymbol(.rightBrace) {
            throw error(
                "empty property body", at: openBrace.start,
                hint: "write the property's condition between the braces")
        }
        let body = try parseExpression()
        try expectCloser(of: openBrace, after: "to end the body of '\(name)'")
        if current.kind != .endOfFile {
            throw error(
                "unexpected \(current.quoted) after the end of the property",
                hint: "a file holds exactly one property")
        }
        return PropertyFile(
            summary: "", kind: kind, name: name, designs: designs, assuming: assuming, body: body,
            location: kindLocation)
    }

    // MARK: Expressions, loosest first

    mutating func parseExpression() throws(Diagnostic) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        if current.isKeyword(.let) {
            return try parseLet()
        }
        return try parseImplies()
    }

    private mutating func parseLet() throws(Diagnostic) -> Expr {
        let location = current.start
        let form = "write 'let NAME = VALUE in EXPR'"
        try advance()
        let name = try expectName("expected a name after 'let'", hint: form)
        guard current.isSymbol(.assign) else {
            let hint = current.isSymbol(.equal) ? "a let binds its name with a single '='" : form
            throw error("expected '=' after 'let \(name)', found \(current.quoted)", hint: hint)
        }
        try advance()
        let saved = inEndsExpression
        inEndsExpression = true
        let value = try parseExpression()
        inEndsExpression = saved
        guard current.isKeyword(.in) else {
            throw error("expected 'in' after the value of 'let \(name)', found \(current.quoted)", hint: form)
        }
        try advance()
        let body = try parseExpression()
        return .letBinding(name: name, value: value, body: body, location: location)
    }

    private mutating func parseImplies() throws(Diagnostic) -> Expr {
        let left = try parseOr()
        guard current.isKeyword(.implies) else { return left }
        try advance()
        try enterNesting()
        defer { depth -= 1 }
        let right = try parseImplies()
        return .binary(.implies, left, right, location: left.location)
    }

    private mutating func parseOr() throws(Diagnostic) -> Expr {
        var left = try parseAnd()
        while current.isKeyword(.or) || current.isSymbol(.doubleBar) {
            try advance()
            let right = try parseAnd()
            left = .binary(.or, left, right, location: left.location)
        }
        return left
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expr {
        var left = try parseNot()
        while current.isKeyword(.and) || current.isSymbol(.doubleAmpersand) {
            try advance()
            let right = try parseNot()
            left = .binary(.and, left, right, location: left.location)
        }
        return left
    }

    private mutating func parseNot() throws(Diagnostic) -> Expr {
        guard current.isKeyword(.not) || current.isSymbol(.bang) else { return try parseComparison() }
        let location = current.start
        try advance()
        try enterNesting()
        defer { depth -= 1 }
        let operand = try parseNot()
        return .unary(.not, operand, location: location)
    }

    private func comparisonOperator() -> BinaryOperator? {
        switch current.kind {
        case .symbol(.equal): .equal
        case .symbol(.notEqual): .notEqual
        case .symbol(.less): .less
        case .symbol(.lessOrEqual): .lessOrEqual
        case .symbol(.greater): .greater
        case .symbol(.greaterOrEqual): .greaterOrEqual
        case .keyword(.has): .has
        case .keyword(.in): inEndsExpression ? nil : .in
        default: nil
        }
    }

    private func singleEqualsError() -> Diagnostic {
        error("'=' is not a comparison", hint: "use '==' to compare")
    }

    private mutating func parseComparison() throws(Diagnostic) -> Expr {
        let left = try parseBitOr()
        guard let op = comparisonOperator() else {
            if current.isSymbol(.assign) { throw singleEqualsError() }
            return left
        }
        try advance()
        let right = try parseBitOr()
        if comparisonOperator() != nil {
            throw error("comparisons do not chain; use 'and'", hint: "write 'a < b and b < c'")
        }
        if current.isSymbol(.assign) { throw singleEqualsError() }
        return .binary(op, left, right, location: left.location)
    }

    /// Parses a left-associative level: operands from `operand`, operators picked by `match`.
    private mutating func parseLeftAssociative(
        _ operand: (inout Parser) throws(Diagnostic) -> Expr,
        _ match: (Token) -> BinaryOperator?
    ) throws(Diagnostic) -> Expr {
        var left = try operand(&self)
        while let op = match(current) {
            try advance()
            let right = try operand(&self)
            left = .binary(op, left, right, location: left.location)
        }
        return left
    }

    private mutating func parseBitOr() throws(Diagnostic) -> Expr {
        try parseLeftAssociative({ (parser: inout Parser) throws(Diagnostic) in try parser.parseBitAnd() }) {
            $0.isSymbol(.bar) ? .bitOr : nil
        }
    }

    private mutating func parseBitAnd() throws(Diagnostic) -> Expr {
        try parseLeftAssociative({ (parser: inout Parser) throws(Diagnostic) in try parser.parseAdditive() }) {
            $0.isSymbol(.ampersand) ? .bitAnd : nil
        }
    }

    private mutating func parseAdditive() throws(Diagnostic) -> Expr {
        try parseLeftAssociative({ (parser: inout Parser) throws(Diagnostic) in try parser.parseMultiplicative() }) {
            $0.isSymbol(.plus) ? .add : $0.isSymbol(.minus) ? .subtract : nil
        }
    }

    private mutating func parseMultiplicative() throws(Diagnostic) -> Expr {
        try parseLeftAssociative({ (parser: inout Parser) throws(Diagnostic) in try parser.parseUnary() }) {
            $0.isSymbol(.star) ? .multiply : $0.isSymbol(.slash) ? .divide : nil
        }
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expr {
        guard current.isSymbol(.minus) else { return try parsePostfix() }
        let location = current.start
        try advance()
        try enterNesting()
        defer { depth -= 1 }
        let operand = try parseUnary()
        return .unary(.negate, operand, location: location)
    }

    private mutating func parsePostfix() throws(Diagnostic) -> Expr {
        var base = try parsePrimary()
        while true {
            if current.isSymbol(.dot) {
                try advance()
                let field = try expectName("expected a field name after '.'", hint: nil)
                base = .member(base, field: field, location: base.location)
            } else if current.isSymbol(.leftBracket) {
                let opener = current
                try advance()
                let index = try parseDelimited()
                try expectCloser(of: opener, after: "to end the index")
                base = .index(base, index, location: base.location)
            } else {
                return base
            }
        }
    }

    /// Parses an expression closed by its own delimiter, where `in` compares again.
    private mutating func parseDelimited() throws(Diagnostic) -> Expr {
        let saved = inEndsExpression
        inEndsExpression = false
        defer { inEndsExpression = saved }
        return try parseExpression()
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value):
            try advance()
            return .integer(value, location: token.start)
        case .name(let name):
            try advance()
            return .name(name, location: token.start)
        case .keyword(.true), .keyword(.false):
            try advance()
            return .boolean(token.isKeyword(.true), location: token.start)
        case .symbol(.leftParen):
            try advance()
            let inner = try parseDelimited()
            try expectCloser(of: token, after: "to end the parenthesized expression")
            return inner
        case .symbol(.leftBrace):
            try advance()
            var elements: [Expr] = []
            if !current.isSymbol(.rightBrace) {
                elements.append(try parseDelimited())
                while current.isSymbol(.comma) {
                    try advance()
                    elements.append(try parseDelimited())
                }
            }
            try expectCloser(of: token, after: "to end the set")
            return .set(elements, location: token.start)
        case .keyword(.forall), .keyword(.exists), .keyword(.sum), .keyword(.count):
            return try parseBinder()
        case .keyword(.let):
            throw error(
                "expected an expression, found 'let'",
                hint: "a 'let' inside an operator needs parentheses: (let x = ... in ...)")
        default:
            throw error("expected an expression, found \(token.quoted)")
        }
    }

    /// Parses `forall`/`exists`/`sum`/`count` VAR in SET (where COND)? (: BODY)?.
    private mutating func parseBinder() throws(Diagnostic) -> Expr {
        let token = current
        let spelling = token.text
        let hasBody = !token.isKeyword(.count)
        let form = hasBody ? "write '\(spelling) VAR in SET where COND: EXPR'" : "write 'count VAR in SET where COND'"
        try advance()
        let variable = try expectName("expected a variable name after '\(spelling)'", hint: form)
        guard current.isKeyword(.in) else {
            throw error("expected 'in' after '\(spelling) \(variable)', found \(current.quoted)", hint: form)
        }
        try advance()
        let collection = try expectName(
            "expected a set such as 'nodes' or 'folios' after '\(spelling) \(variable) in'", hint: form)
        var condition: Expr?
        if current.isKeyword(.where) {
            try advance()
            // A `where` ended by ':' is delimited; count's `where` runs to the end of the expression.
            condition = hasBody ? try parseDelimited() : try parseExpression()
        }
        if !hasBody {
            return .count(variable: variable, collection: collection, condition: condition, location: token.start)
        }
        guard current.isSymbol(.colon) else {
            let range = token.isKeyword(.sum) ? "the sum's range" : "the quantifier's range"
            throw error("expected ':' after \(range)", hint: form)
        }
        try advance()
        let body = try parseExpression()
        if token.isKeyword(.sum) {
            return .sum(variable: variable, collection: collection, condition: condition, body: body, location: token.start)
        }
        let quantifier: Quantifier = token.isKeyword(.forall) ? .forall : .exists
        return .quantifier(
            quantifier, variable: variable, collection: collection, condition: condition, body: body,
            location: token.start)
    }
}
