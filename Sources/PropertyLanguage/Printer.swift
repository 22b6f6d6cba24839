/// Prints `PropertyFile`s as canonical property-language text.
///
/// The output parses back to a structurally equal AST (`parse(print(file)) == file`)
/// for every AST whose names are NAMEs, whose integers are non-negative, and whose
/// summary lines contain no line breaks. Parentheses appear only where needed.
public enum PropertyPrinter {
    /// The canonical text of a file: summary comment, `kind name`, indented clauses, and the body in braces.
    public static func print(_ file: PropertyFile) -> String {
        var lines: [String] = []
        if !file.summary.isEmpty {
            for line in file.summary.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(line.isEmpty ? "//" : "// \(line)")
            }
        }
        lines.append("\(file.kind.rawValue) \(file.name)")
        if !file.designs.isEmpty {
            lines.append("  design \(file.designs.joined(separator: ", "))")
        }
        if !file.assuming.isEmpty {
            lines.append("  assuming \(file.assuming.joined(separator: ", "))")
        }
        lines.append("{")
        lines.append("  \(print(file.body))")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The canonical text of an expression on one line.
    public static func print(_ expression: Expr) -> String {
        render(expression, in: .delimited)
    }

    /// Where an expression is printed, and so what it may look like without parentheses.
    private struct Position {
        /// The loosest precedence allowed here.
        var minimumPrecedence: Int
        /// Whether nothing follows before a delimiter, so an open-ended form (let, quantifier, sum,
        /// count with where) cannot swallow what comes after it.
        var isRightmost: Bool
        /// Whether a bare `in` would end the enclosing let's value here.
        var inEndsExpression: Bool

        static let delimited = Position(minimumPrecedence: Precedence.letBinding, isRightmost: true, inEndsExpression: false)

        func with(precedence: Int, rightmost: Bool? = nil) -> Position {
            Position(minimumPrecedence: precedence, isRightmost: rightmost ?? isRightmost, inEndsExpression: inEndsExpression)
        }
    }

    private static func precedence(of expression: Expr) -> Int {
        switch expression {
        case .letBinding: Precedence.letBinding
        case .binary(let op, _, _, _): op.precedence
        case .unary(.not, _, _): Precedence.not
        case .unary(.negate, _, _): Precedence.negate
        case .member, .index: Precedence.postfix
        case .boolean, .integer, .name, .set, .quantifier, .count, .sum: Precedence.primary
        }
    }

    /// Whether the form ends in an expression that would extend over anything printed after it.
    private static func isOpenEnded(_ expression: Expr) -> Bool {
        switch expression {
        case .letBinding, .quantifier, .sum: true
        case .count(_, _, let condition, _): condition != nil
        default: false
        }
    }

    private static func needsParentheses(_ expression: Expr, in position: Position) -> Bool {
        if precedence(of: expression) < position.minimumPrecedence { return true }
        if isOpenEnded(expression) && !position.isRightmost { return true }
        if case .binary(.in, _, _, _) = expression, position.inEndsExpression { return true }
        return false
    }

    private static func render(_ expression: Expr, in position: Position) -> String {
        if needsParentheses(expression, in: position) {
            return "(\(render(expression, in: .delimited)))"
        }
        switch expression {
        case .boolean(let value, _):
            return value ? "true" : "false"
        case .integer(let value, _):
            return String(value)
        case .name(let name, _):
            return name
        case .member(let base, let field, _):
            return "\(render(base, in: position.with(precedence: Precedence.postfix, rightmost: false))).\(field)"
        case .index(let base, let index, _):
            let baseText = render(base, in: position.with(precedence: Precedence.postfix, rightmost: false))
            return "\(baseText)[\(render(index, in: .delimited))]"
        case .unary(.not, let operand, _):
            return "not \(render(operand, in: position.with(precedence: Precedence.not)))"
        case .unary(.negate, let operand, _):
            return "-\(render(operand, in: position.with(precedence: Precedence.negate)))"
        case .binary(let op, let left, let right, _):
            let level = op.precedence
            let leftLevel = level + (op == .implies || level == Precedence.comparison ? 1 : 0)
            let rightLevel = level + (op == .implies ? 0 : 1)
            let leftText = render(left, in: position.with(precedence: leftLevel, rightmost: false))
            let rightText = render(right, in: position.with(precedence: rightLevel))
            return "\(leftText) \(op.rawValue) \(rightText)"
        case .set(let elements, _):
            return "{\(elements.map { render($0, in: .delimited) }.joined(separator: ", "))}"
        case .quantifier(let quantifier, let variable, let collection, let condition, let body, _):
            return binder(quantifier.rawValue, variable, collection, condition, body, in: position)
        case .sum(let variable, let collection, let condition, let body, _):
            return binder("sum", variable, collection, condition, body, in: position)
        case .count(let variable, let collection, let condition, _):
            var text = "count \(variable) in \(collection)"
            if let condition {
                text += " where \(render(condition, in: position.with(precedence: Precedence.letBinding)))"
            }
            return text
        case .letBinding(let name, let value, let body, _):
            let valuePosition = Position(
                minimumPrecedence: Precedence.letBinding, isRightmost: true, inEndsExpression: true)
            let bodyText = render(body, in: position.with(precedence: Precedence.letBinding))
            return "let \(name) = \(render(value, in: valuePosition)) in \(bodyText)"
        }
    }

    /// Prints `keyword VAR in SET (where COND)?: BODY`; the `where` is delimited by ':'.
    private static func binder(
        _ keyword: String, _ variable: String, _ collection: String, _ condition: Expr?, _ body: Expr,
        in position: Position
    ) -> String {
        var text = "\(keyword) \(variable) in \(collection)"
        if let condition {
            text += " where \(render(condition, in: .delimited))"
        }
        return text + ": \(render(body, in: position.with(precedence: Precedence.letBinding)))"
    }
}
