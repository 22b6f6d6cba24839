internal import CZ3

/// An uninterpreted function (a relation when `R` is `BoolSort`) with a known range kind.
public struct Z3FuncDecl<R: Z3SortKind>: CustomStringConvertible {
    /// The owned `Z3_func_decl` (a declaration is an AST; the C conversion is a cast).
    let ref: ASTRef

    /// The context the declaration belongs to.
    public var context: Z3Context { ref.context }

    /// The declared name.
    public var name: String {
        context.string(Z3_get_symbol_string(context.raw, Z3_get_decl_name(context.raw, ref.ast)))
    }

    /// The number of arguments.
    public var arity: Int { Int(Z3_get_domain_size(context.raw, ref.ast)) }

    /// The declaration in SMT-LIB2 syntax.
    public var description: String {
        context.string(Z3_func_decl_to_string(context.raw, ref.ast))
    }

    /// The application of the function to `args`; throws when their number
    /// or sorts do not match the domain.
    public func apply(_ args: [AnyTerm]) throws -> Term<R> {
        let raw = context.raw
        guard args.count == arity else {
            throw Z3Error.sortMismatch("\(name) takes \(arity) arguments, not \(args.count)")
        }
        for (index, arg) in args.enumerated() {
            context.requireSame(arg.context)
            let expected = Z3_get_domain(raw, ref.ast, UInt32(index))
            guard Z3_is_eq_sort(raw, expected, arg.ref.rawSort) else {
                throw Z3Error.sortMismatch(
                    "argument \(index + 1) of \(name) is \(arg) of sort \(arg.sort), expected \(AnySort(ASTRef(context, expected!)))")
            }
        }
        let asts: [OpaquePointer?] = args.map(\.ref.ast)
        return try withExtendedLifetime(args) {
            Term(try context.own(Z3_mk_app(raw, ref.ast, UInt32(asts.count), asts)))
        }
    }

    /// The application of the function to `args`.
    public func apply(_ args: AnyTerm...) throws -> Term<R> {
        try apply(args)
    }
}

extension Z3Context {
    /// Declares the uninterpreted function `name` from `domain` to `range`;
    /// with `range: boolSort` it is a relation for `Z3Fixedpoint`.
    public func function<R>(name: String, domain: [AnySort], range: Sort<R>) -> Z3FuncDecl<R> {
        for sort in domain { requireSame(sort.context) }
        requireSame(range.context)
        let sorts: [OpaquePointer?] = domain.map(\.ref.ast)
        return withExtendedLifetime((domain, range)) {
            let decl = Z3_mk_func_decl(raw, Z3_mk_string_symbol(raw, name), UInt32(sorts.count), sorts, range.ref.ast)
            return Z3FuncDecl(ref: built(Z3_func_decl_to_ast(raw, decl)))
        }
    }

    /// `∀ vars. body`; each of `vars` must be an uninterpreted constant.
    public func forall(_ vars: [AnyTerm], _ body: Z3Bool) throws -> Z3Bool {
        try quantifier(vars, body, Z3_mk_forall_const)
    }

    /// `∃ vars. body`; each of `vars` must be an uninterpreted constant.
    public func exists(_ vars: [AnyTerm], _ body: Z3Bool) throws -> Z3Bool {
        try quantifier(vars, body, Z3_mk_exists_const)
    }

    private func quantifier(
        _ vars: [AnyTerm], _ body: Z3Bool,
        _ op: (OpaquePointer?, UInt32, UInt32, UnsafePointer<OpaquePointer?>?, UInt32,
               UnsafePointer<OpaquePointer?>?, OpaquePointer?) -> OpaquePointer?
    ) throws -> Z3Bool {
        requireSame(body.context)
        if vars.isEmpty { return body }
        for variable in vars {
            requireSame(variable.context)
            let ast = variable.ref.ast
            guard Z3_is_app(raw, ast), Z3_get_app_num_args(raw, Z3_to_app(raw, ast)) == 0,
                  Z3_get_decl_kind(raw, Z3_get_app_decl(raw, Z3_to_app(raw, ast))) == Z3_OP_UNINTERPRETED
            else {
                throw Z3Error.invalidArgument("cannot bind \(variable): not an uninterpreted constant")
            }
        }
        let apps: [OpaquePointer?] = vars.map { Z3_to_app(raw, $0.ref.ast) }
        return try withExtendedLifetime((vars, body)) {
            Term(try own(op(raw, 0, UInt32(apps.count), apps, 0, nil, body.ast)))
        }
    }
}
