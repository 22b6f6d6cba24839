/// What a property claims: about every reachable state, every step, or that some state is reachable.
public enum PropertyKind: String, Equatable, Sendable, CaseIterable {
    case invariant, transition, reachable
}

/// One parsed `.prop` file: a single named property with its clauses and body.
///
/// Equality is structural: `location` is ignored, so `parse(print(file)) == file`.
public struct PropertyFile: Equatable, Sendable {
    /// The header comment: its lines without `// `, joined by "\n" ("" if there is none).
    public var summary: String
    public var kind: PropertyKind
    public var name: String
    /// The design versions named in `design` clauses, in order.
    public var designs: [String]
    /// The helper invariants named in `assuming` clauses, in order.
    public var assuming: [String]
    public var body: Expr
    /// Where the kind keyword is.
    public var location: SourceLocation

    public init(
        summary: String, kind: PropertyKind, name: String, designs: [String], assuming: [String],
        body: Expr, location: SourceLocation
    ) {
        self.summary = summary
        self.kind = kind
        self.name = name
        self.designs = designs
        self.assuming = assuming
        self.body = body
        self.location = location
    }

    public static func == (lhs: PropertyFile, rhs: PropertyFile) -> Bool {
        lhs.summary == rhs.summary && lhs.kind == rhs.kind && lhs.name == rhs.name
            && lhs.designs == rhs.designs && lhs.assuming == rhs.assuming && lhs.body == rhs.body
    }
}

/// A prefix operator.
public enum UnaryOperator: String, Equatable, Sendable, CaseIterable {
    /// Logical negation, spelled `not` (or `!`).
    case not
    /// Arithmetic negation, spelled `-`.
    case negate = "-"
}

/// An infix operator; the raw value is its canonical spelling.
public enum BinaryOperator: String, Equatable, Sendable, CaseIterable {
    case implies, or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`, has
    case bitOr = "|", bitAnd = "&"
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// How tightly the operator binds; higher binds tighter (see `Precedence`).
    var precedence: Int {
        switch self {
        case .implies: Precedence.implies
        case .or: Precedence.or
        case .and: Precedence.and
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .has: Precedence.comparison
        case .bitOr: Precedence.bitOr
        case .bitAnd: Precedence.bitAnd
        case .add, .subtract: Precedence.additive
        case .multiply, .divide: Precedence.multiplicative
        }
    }
}

/// `forall` or `exists`.
public enum Quantifier: String, Equatable, Sendable, CaseIterable {
    case forall, exists
}

/// Binding levels of the grammar, loosest first; the printer uses them to place parentheses.
enum Precedence {
    static let letBinding = 0
    static let implies = 1
    static let or = 2
    static let and = 3
    static let not = 4
    static let comparison = 5
    static let bitOr = 6
    static let bitAnd = 7
    static let additive = 8
    static let multiplicative = 9
    static let negate = 10
    static let postfix = 11
    static let primary = 12
}

/// An expression of the property language.
///
/// Every case carries the location of its first token (parentheses around
/// an expression are not part of it). Equality is structural and ignores locations.
public indirect enum Expr: Equatable, Sendable {
    /// `true` or `false`.
    case boolean(Bool, location: SourceLocation)
    /// A non-negative integer literal (`-1` is `negate` applied to `1`).
    case integer(Int64, location: SourceLocation)
    /// A bare name: a variable, a constant like `__GFP_PRIVATE`, or an engine name like `action`.
    case name(String, location: SourceLocation)
    /// `base.field`.
    case member(Expr, field: String, location: SourceLocation)
    /// `base[index]`.
    case index(Expr, Expr, location: SourceLocation)
    /// `not operand` or `-operand`.
    case unary(UnaryOperator, Expr, location: SourceLocation)
    /// `left op right`.
    case binary(BinaryOperator, Expr, Expr, location: SourceLocation)
    /// `{a, b, c}`.
    case set([Expr], location: SourceLocation)
    /// `forall|exists variable in collection (where condition)?: body`.
    case quantifier(Quantifier, variable: String, collection: String, condition: Expr?, body: Expr, location: SourceLocation)
    /// `count variable in collection (where condition)?`.
    case count(variable: String, collection: String, condition: Expr?, location: SourceLocation)
    /// `sum variable in collection (where condition)?: body`.
    case sum(variable: String, collection: String, condition: Expr?, body: Expr, location: SourceLocation)
    /// `let name = value in body`.
    case letBinding(name: String, value: Expr, body: Expr, location: SourceLocation)

    /// The location of the expression's first token.
    public var location: SourceLocation {
        switch self {
        case .boolean(_, let location), .integer(_, let location), .name(_, let location),
            .member(_, _, let location), .index(_, _, let location), .unary(_, _, let location),
            .binary(_, _, _, let location), .set(_, let location),
            .quantifier(_, _, _, _, _, let location), .count(_, _, _, let location),
            .sum(_, _, _, _, let location), .letBinding(_, _, _, let location):
            location
        }
    }

    /// Structural equality: same shape, operators, names and literals; locations are ignored.
    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        switch (lhs, rhs) {
        case let (.boolean(a, _), .boolean(b, _)): a == b
        case let (.integer(a, _), .integer(b, _)): a == b
        case let (.name(a, _), .name(b, _)): a == b
        case let (.member(a, fa, _), .member(b, fb, _)): fa == fb && a == b
        case let (.index(a, ia, _), .index(b, ib, _)): a == b && ia == ib
        case let (.unary(oa, a, _), .unary(ob, b, _)): oa == ob && a == b
        case let (.binary(oa, la, ra, _), .binary(ob, lb, rb, _)): oa == ob && la == lb && ra == rb
        case let (.set(a, _), .set(b, _)): a == b
        case let (.quantifier(qa, va, ca, wa, ba, _), .quantifier(qb, vb, cb, wb, bb, _)):
            qa == qb && va == vb && ca == cb && wa == wb && ba == bb
        case let (.count(va, ca, wa, _), .count(vb, cb, wb, _)):
            va == vb && ca == cb && wa == wb
        case let (.sum(va, ca, wa, ba, _), .sum(vb, cb, wb, bb, _)):
            va == vb && ca == cb && wa == wb && ba == bb
        case let (.letBinding(na, va, ba, _), .letBinding(nb, vb, bb, _)):
            na == nb && va == vb && ba == bb
        default: false
        }
    }
}
