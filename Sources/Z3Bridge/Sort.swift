internal import CZ3

/// A Z3 sort, as a phantom type parameter of `Term` and `Sort`.
///
/// The kinds are uninhabited enums: they exist only to make sort mismatches
/// (adding a Boolean to an integer, say) compile-time errors.
public protocol Z3SortKind {}

/// The Boolean sort.
public enum BoolSort: Z3SortKind {}

/// The sort of mathematical (unbounded) integers.
public enum IntSort: Z3SortKind {}

/// The bit-vector sorts; the width is a run-time property of each term.
public enum BitVecSort: Z3SortKind {}

/// One owned reference to a Z3 AST (a term, a sort or a function declaration).
///
/// The only place the bridge takes and drops AST references: `init` calls
/// `Z3_inc_ref` and `deinit` calls `Z3_dec_ref`. It keeps its context alive,
/// so the context is deleted only after its last AST is released.
final class ASTRef {
    let context: Z3Context
    /// The `Z3_ast` (sorts and declarations are ASTs too; the C conversions are casts).
    let ast: OpaquePointer

    init(_ context: Z3Context, _ ast: OpaquePointer) {
        self.context = context
        self.ast = ast
        Z3_inc_ref(context.raw, ast)
    }

    deinit {
        Z3_dec_ref(context.raw, ast)
    }

    /// `Z3_ast_to_string` of the AST.
    var text: String {
        context.string(Z3_ast_to_string(context.raw, ast))
    }

    /// Whether `other` is the same (hash-consed) AST.
    func isIdentical(to other: ASTRef) -> Bool {
        context === other.context && Z3_is_eq_ast(context.raw, ast, other.ast)
    }

    /// The sort of this term (not meaningful for sorts and declarations).
    var sort: ASTRef {
        ASTRef(context, Z3_sort_to_ast(context.raw, Z3_get_sort(context.raw, ast)))
    }

    /// The raw sort of this term, valid while this term is alive.
    var rawSort: OpaquePointer {
        Z3_get_sort(context.raw, ast)
    }

    /// The width of this term's sort when it is a bit-vector sort, else nil.
    var bitVecWidth: Int? {
        let sort = rawSort
        guard Z3_get_sort_kind(context.raw, sort) == Z3_BV_SORT else { return nil }
        return Int(Z3_get_bv_sort_size(context.raw, sort))
    }
}

/// A Z3 sort whose kind is known statically.
public struct Sort<S: Z3SortKind>: CustomStringConvertible {
    let ref: ASTRef

    init(_ ref: ASTRef) {
        self.ref = ref
    }

    /// The context the sort belongs to.
    public var context: Z3Context { ref.context }

    /// The sort with its kind forgotten, for function domains.
    public var erased: AnySort { AnySort(ref) }

    /// The sort in SMT-LIB2 syntax, such as `Int` or `(_ BitVec 32)`.
    public var description: String { ref.text }
}

extension Sort where S == BitVecSort {
    /// The number of bits.
    public var width: Int { Int(Z3_get_bv_sort_size(ref.context.raw, ref.ast)) }
}

/// A Z3 sort of any kind: the domain of a function, the sort of an `AnyTerm`.
public struct AnySort: CustomStringConvertible {
    let ref: ASTRef

    init(_ ref: ASTRef) {
        self.ref = ref
    }

    /// The context the sort belongs to.
    public var context: Z3Context { ref.context }

    /// Whether `other` is the same sort.
    public func isIdentical(to other: AnySort) -> Bool { ref.isIdentical(to: other.ref) }

    /// The sort in SMT-LIB2 syntax.
    public var description: String { ref.text }
}

extension Z3Context {
    /// The Boolean sort.
    public var boolSort: Sort<BoolSort> {
        Sort(ASTRef(self, Z3_sort_to_ast(raw, rawBoolSort)))
    }

    /// The integer sort.
    public var intSort: Sort<IntSort> {
        Sort(ASTRef(self, Z3_sort_to_ast(raw, rawIntSort)))
    }

    /// The sort of bit-vectors of `width` bits (`width` > 0).
    public func bitVecSort(width: Int) -> Sort<BitVecSort> {
        Sort(ASTRef(self, Z3_sort_to_ast(raw, rawBitVecSort(width))))
    }
}
