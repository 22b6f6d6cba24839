internal import CZ3

/// A Z3 term whose sort kind `S` is checked by the Swift compiler.
///
/// A term is a cheap value: it shares one owner of the underlying, reference
/// counted Z3 AST, which also keeps the context alive. Z3 hash-conses terms,
/// so structurally equal terms are the same AST: compare them with
/// `isIdentical(to:)`. `Term` is deliberately not `Equatable`: `==` builds
/// the equality formula.
public struct Term<S: Z3SortKind>: CustomStringConvertible {
    let ref: ASTRef

    init(_ ref: ASTRef) {
        self.ref = ref
    }

    /// The raw `Z3_ast`, valid while `self` is alive.
    var ast: OpaquePointer { ref.ast }

    /// The context the term belongs to.
    public var context: Z3Context { ref.context }

    /// The term in SMT-LIB2 syntax.
    public var smtlib2: String { ref.text }

    /// The term in SMT-LIB2 syntax.
    public var description: String { ref.text }

    /// Z3's id of the term: unique among the terms alive in its context.
    public var id: UInt32 { Z3_get_ast_id(context.raw, ast) }

    /// Whether `other` is the very same term (Z3 hash-conses terms, so this is
    /// structural equality, not logical equivalence).
    public func isIdentical(to other: Term<S>) -> Bool { ref.isIdentical(to: other.ref) }

    /// The term rewritten by Z3's simplifier (literals fold, `x + 0` becomes `x`, ...).
    public func simplified() -> Term<S> {
        Term(context.built(Z3_simplify(context.raw, ast)))
    }

    /// The term with its sort kind forgotten, for function arguments and binders.
    public var erased: AnyTerm { AnyTerm(ref) }

    /// The sort of the term.
    public var sort: Sort<S> { Sort(ref.sort) }
}

/// A Boolean term.
public typealias Z3Bool = Term<BoolSort>
/// An integer term.
public typealias Z3Int = Term<IntSort>
/// A bit-vector term (of any width).
public typealias Z3BitVec = Term<BitVecSort>

extension Term where S == BoolSort {
    /// Whether the term is the literal `true` (not whether it is valid).
    public var isTrue: Bool { Z3_get_bool_value(context.raw, ast) == Z3_L_TRUE }

    /// Whether the term is the literal `false` (not whether it is unsatisfiable).
    public var isFalse: Bool { Z3_get_bool_value(context.raw, ast) == Z3_L_FALSE }

    /// The value when the term is a Boolean literal, else nil.
    public var boolValue: Bool? {
        let value = Z3_get_bool_value(context.raw, ast)
        return value == Z3_L_TRUE ? true : value == Z3_L_FALSE ? false : nil
    }
}

extension Term where S == IntSort {
    /// The value when the term is an integer numeral that fits in `Int`, else nil.
    public var intValue: Int? {
        guard Z3_is_numeral_ast(context.raw, ast) else { return nil }
        var value: Int64 = 0
        guard Z3_get_numeral_int64(context.raw, ast, &value) else { return nil }
        return Int(exactly: value)
    }
}

extension Term where S == BitVecSort {
    /// The number of bits.
    public var width: Int { ref.bitVecWidth ?? 0 }

    /// The value when the term is a bit-vector numeral that fits in 64 bits, else nil.
    public var bitVecValue: UInt64? {
        guard Z3_is_numeral_ast(context.raw, ast) else { return nil }
        var value: UInt64 = 0
        guard Z3_get_numeral_uint64(context.raw, ast, &value) else { return nil }
        return value
    }
}

/// A term of any sort: an argument of a relation, a bound variable.
public struct AnyTerm: CustomStringConvertible {
    let ref: ASTRef

    init(_ ref: ASTRef) {
        self.ref = ref
    }

    /// The context the term belongs to.
    public var context: Z3Context { ref.context }

    /// The sort of the term.
    public var sort: AnySort { AnySort(ref.sort) }

    /// Z3's id of the term.
    public var id: UInt32 { Z3_get_ast_id(ref.context.raw, ref.ast) }

    /// Whether `other` is the very same term.
    public func isIdentical(to other: AnyTerm) -> Bool { ref.isIdentical(to: other.ref) }

    /// The term in SMT-LIB2 syntax.
    public var description: String { ref.text }

    /// The term with its sort kind restored, or nil when it is of another kind.
    public func cast<S: Z3SortKind>(to kind: S.Type) -> Term<S>? {
        let sortKind = Z3_get_sort_kind(ref.context.raw, ref.rawSort)
        let matches = switch kind {
        case is BoolSort.Type: sortKind == Z3_BOOL_SORT
        case is IntSort.Type: sortKind == Z3_INT_SORT
        case is BitVecSort.Type: sortKind == Z3_BV_SORT
        default: false
        }
        return matches ? Term(ref) : nil
    }
}
