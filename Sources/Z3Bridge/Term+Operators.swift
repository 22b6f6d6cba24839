internal import CZ3

/// The precedence of `==>`: looser than `||`, tighter than `?:` and `=`.
precedencegroup ImplicationPrecedence {
    associativity: right
    lowerThan: LogicalDisjunctionPrecedence
    higherThan: TernaryPrecedence
}

/// Implication between Boolean terms: `a ==> b` is `!a || b`.
infix operator ==> : ImplicationPrecedence

// MARK: - Building

/// The C signatures of Z3's term constructors, as Swift sees them.
typealias UnaryBuilder = (OpaquePointer?, OpaquePointer?) -> OpaquePointer?
typealias BinaryBuilder = (OpaquePointer?, OpaquePointer?, OpaquePointer?) -> OpaquePointer?
typealias NaryBuilder = (OpaquePointer?, UInt32, UnsafePointer<OpaquePointer?>?) -> OpaquePointer?

extension Term {
    /// `op(self)`, owned.
    func unary<R>(_ op: UnaryBuilder) -> Term<R> {
        withExtendedLifetime(self) { Term<R>(context.built(op(context.raw, ast))) }
    }

    /// `op(lhs, rhs)`, owned; the operands must share a context.
    static func binary<R>(_ lhs: Term, _ rhs: Term, _ op: BinaryBuilder) -> Term<R> {
        let context = lhs.context
        context.requireSame(rhs.context)
        return withExtendedLifetime((lhs, rhs)) {
            Term<R>(context.built(op(context.raw, lhs.ast, rhs.ast)))
        }
    }

    /// `op(terms...)`, owned; `terms` must be non-empty and share a context.
    static func nary<R>(_ terms: [Term], _ op: NaryBuilder) -> Term<R> {
        let context = terms[0].context
        for term in terms { context.requireSame(term.context) }
        let asts: [OpaquePointer?] = terms.map(\.ast)
        return withExtendedLifetime(terms) {
            Term<R>(context.built(op(context.raw, UInt32(asts.count), asts)))
        }
    }

    /// Checks that two terms of the same kind have the same sort (bit-vector width).
    static func requireSameSort(_ lhs: Term, _ rhs: Term) {
        guard S.self == BitVecSort.self else { return }
        let left = lhs.ref.bitVecWidth ?? 0, right = rhs.ref.bitVecWidth ?? 0
        precondition(left == right, "bit-vector widths differ: \(left) and \(right)")
    }

    /// Whether `lhs == rhs` is decided without Z3: identical terms, or two literals.
    static func knownEquality(_ lhs: Term, _ rhs: Term) -> Bool? {
        if lhs.isIdentical(to: rhs) { return true }
        switch S.self {
        case is BoolSort.Type:
            guard let a = Z3Bool(lhs.ref).boolValue, let b = Z3Bool(rhs.ref).boolValue else { return nil }
            return a == b
        case is IntSort.Type:
            guard let a = Z3Int(lhs.ref).intValue, let b = Z3Int(rhs.ref).intValue else { return nil }
            return a == b
        case is BitVecSort.Type:
            guard let a = Z3BitVec(lhs.ref).bitVecValue, let b = Z3BitVec(rhs.ref).bitVecValue else { return nil }
            return a == b
        default:
            return nil
        }
    }
}

// MARK: - Equality, for every sort

extension Term {
    /// The formula `lhs = rhs` (for Booleans: `lhs` iff `rhs`).
    ///
    /// Decided without building when the terms are identical or both literals.
    public static func == (lhs: Term, rhs: Term) -> Term<BoolSort> {
        requireSameSort(lhs, rhs)
        if let known = knownEquality(lhs, rhs) { return lhs.context.bool(known) }
        if S.self == BoolSort.self {
            // `x == true` is `x`, `x == false` is `!x`.
            let a = Z3Bool(lhs.ref), b = Z3Bool(rhs.ref)
            if let value = a.boolValue { return value ? b : !b }
            if let value = b.boolValue { return value ? a : !a }
        }
        return binary(lhs, rhs, Z3_mk_eq)
    }

    /// The formula `lhs ≠ rhs`.
    public static func != (lhs: Term, rhs: Term) -> Term<BoolSort> {
        !(lhs == rhs)
    }
}

// MARK: - Boolean connectives

extension Term where S == BoolSort {
    /// Negation; a literal is negated without building.
    public static prefix func ! (operand: Term) -> Term {
        if let value = operand.boolValue { return operand.context.bool(!value) }
        return operand.unary(Z3_mk_not)
    }

    /// Conjunction. `rhs` is not evaluated when `lhs` is the literal `false`;
    /// a literal operand is folded away (`x && true` is `x`).
    public static func && (lhs: Term, rhs: @autoclosure () throws -> Term) rethrows -> Term {
        if lhs.isFalse { return lhs }
        let right = try rhs()
        if lhs.isTrue || right.isFalse { return right }
        if right.isTrue { return lhs }
        return nary([lhs, right], Z3_mk_and)
    }

    /// Disjunction. `rhs` is not evaluated when `lhs` is the literal `true`;
    /// a literal operand is folded away (`x || false` is `x`).
    public static func || (lhs: Term, rhs: @autoclosure () throws -> Term) rethrows -> Term {
        if lhs.isTrue { return lhs }
        let right = try rhs()
        if lhs.isFalse || right.isTrue { return right }
        if right.isFalse { return lhs }
        return nary([lhs, right], Z3_mk_or)
    }

    /// Implication; literal operands are folded away.
    public static func ==> (lhs: Term, rhs: Term) -> Term {
        if lhs.isFalse || rhs.isTrue { return lhs.context.bool(true) }
        if lhs.isTrue { return rhs }
        if rhs.isFalse { return !lhs }
        return binary(lhs, rhs, Z3_mk_implies)
    }
}

/// `c ? a : b`. A literal condition, or identical branches, return a branch
/// without building a term.
public func ite<S>(_ c: Z3Bool, _ a: Term<S>, _ b: Term<S>) -> Term<S> {
    if let value = c.boolValue { return value ? a : b }
    if a.isIdentical(to: b) { return a }
    Term<S>.requireSameSort(a, b)
    let context = c.context
    context.requireSame(a.context)
    context.requireSame(b.context)
    return withExtendedLifetime((c, a, b)) {
        Term(context.built(Z3_mk_ite(context.raw, c.ast, a.ast, b.ast)))
    }
}

/// The formula "no two of `terms` are equal"; `true` for fewer than two terms.
/// `context` is used only when `terms` is empty.
public func distinct<S>(_ terms: [Term<S>], in context: Z3Context? = nil) -> Z3Bool {
    guard terms.count >= 2 else {
        guard let owner = terms.first?.context ?? context else {
            preconditionFailure("distinct of no terms needs a context")
        }
        return owner.bool(true)
    }
    for term in terms.dropFirst() { Term<S>.requireSameSort(terms[0], term) }
    return Term<S>.nary(terms, Z3_mk_distinct)
}

/// The conjunction of `terms`, with literals folded; `true` when empty.
/// `context` is used only when `terms` is empty.
public func and(_ terms: [Z3Bool], in context: Z3Context? = nil) -> Z3Bool {
    junction(terms, context, unit: true, Z3_mk_and)
}

/// The disjunction of `terms`, with literals folded; `false` when empty.
/// `context` is used only when `terms` is empty.
public func or(_ terms: [Z3Bool], in context: Z3Context? = nil) -> Z3Bool {
    junction(terms, context, unit: false, Z3_mk_or)
}

/// `and` (unit `true`) or `or` (unit `false`) of `terms`: units are dropped,
/// the absorbing literal wins, and one remaining term is returned as is.
private func junction(_ terms: [Z3Bool], _ context: Z3Context?, unit: Bool, _ op: NaryBuilder) -> Z3Bool {
    var kept: [Z3Bool] = []
    kept.reserveCapacity(terms.count)
    for term in terms {
        if let value = term.boolValue {
            if value == unit { continue }
            return term
        }
        kept.append(term)
    }
    if kept.count == 1 { return kept[0] }
    if kept.isEmpty {
        guard let owner = terms.first?.context ?? context else {
            preconditionFailure("and/or of no terms needs a context")
        }
        return owner.bool(unit)
    }
    return Z3Bool.nary(kept, op)
}
