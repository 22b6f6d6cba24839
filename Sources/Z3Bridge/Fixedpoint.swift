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

/// The outcome of a fixedpoint (reachability) query.
public enum Z3FixedpointResult {
    /// The query is derivable from the rules; `answer` is Z3's witness, when it gives one.
    case reachable(answer: Z3Bool?)
    /// The query is proved underivable; `invariant` is Z3's certificate
    /// (interpretations of the relations), when it gives one.
    case unreachable(invariant: Z3Bool?)
    /// Z3 gave up; `reason` is its explanation.
    case unknown(reason: String)

    /// Whether the result is `.reachable`.
    public var isReachable: Bool { if case .reachable = self { true } else { false } }

    /// Whether the result is `.unreachable`.
    public var isUnreachable: Bool { if case .unreachable = self { true } else { false } }
}

/// A constrained-Horn-clause solver (Z3's fixedpoint engine, set to Spacer).
///
/// Declare relations with `Z3Context.function(name:domain:range:)` (range
/// `boolSort`), add rules — implications `body ==> head`, universally
/// quantified with `Z3Context.forall` — and query whether a formula over the
/// relations is reachable.
public final class Z3Fixedpoint {
    /// The context the engine belongs to.
    public let context: Z3Context
    /// The `Z3_fixedpoint`.
    private let raw: OpaquePointer
    /// Whether a query has set a timeout that a later query without one must clear.
    private var hasTimeout = false

    /// A fixedpoint engine with `engine = spacer`.
    public init(context: Z3Context) {
        self.context = context
        raw = Z3_mk_fixedpoint(context.raw)
        Z3_fixedpoint_inc_ref(context.raw, raw)
        do {
            try setParameter("engine", .symbol("spacer"))
        } catch {
            preconditionFailure("Z3 refused engine = spacer: \(error)")
        }
    }

    deinit {
        Z3_fixedpoint_dec_ref(context.raw, raw)
    }

    /// Sets a fixedpoint parameter (such as `timeout`, `engine`,
    /// `spacer.max_level`); throws for a name or value Z3 does not accept.
    public func setParameter(_ name: String, _ value: Z3Parameter) throws {
        try context.withParams { params in
            context.set(params, name, value)
            Z3_fixedpoint_set_params(context.raw, raw, params)
            try context.check()
        }
    }

    /// Declares `relation` as a relation the rules define.
    public func registerRelation<R>(_ relation: Z3FuncDecl<R>) {
        context.requireSame(relation.context)
        withExtendedLifetime(relation) {
            Z3_fixedpoint_register_relation(context.raw, raw, relation.ref.ast)
        }
    }

    /// Adds a rule: a (universally quantified) implication whose head is a
    /// relation application, or a fact.
    public func addRule(_ rule: Z3Bool, name: String? = nil) throws {
        context.requireSame(rule.context)
        let symbol = Z3_mk_string_symbol(context.raw, name ?? "")
        withExtendedLifetime(rule) {
            Z3_fixedpoint_add_rule(context.raw, raw, rule.ast, symbol)
        }
        try context.check()
    }

    /// Whether `query` (a formula over the relations; its free constants are
    /// read existentially) is derivable from the rules.
    public func query(_ query: Z3Bool, timeout: Duration? = nil) throws -> Z3FixedpointResult {
        context.requireSame(query.context)
        if let timeout {
            try setParameter("timeout", .uint(milliseconds(timeout)))
            hasTimeout = true
        } else if hasTimeout {
            try setParameter("timeout", .uint(.max))
            hasTimeout = false
        }
        let result = withExtendedLifetime(query) {
            Z3_fixedpoint_query(context.raw, raw, query.ast)
        }
        try context.check()
        switch result {
        case Z3_L_TRUE: return .reachable(answer: answer)
        case Z3_L_FALSE: return .unreachable(invariant: answer)
        default: return .unknown(reason: reasonUnknown)
        }
    }

    /// Z3's answer to the last query: a witness when reachable, an invariant
    /// when unreachable; nil when there is none or it is not a formula.
    public var answer: Z3Bool? {
        let ast = Z3_fixedpoint_get_answer(context.raw, raw)
        guard let owned = try? context.own(ast) else { return nil }
        return AnyTerm(owned).cast(to: BoolSort.self)
    }

    /// Why the last query returned unknown.
    public var reasonUnknown: String {
        context.string(Z3_fixedpoint_get_reason_unknown(context.raw, raw))
    }

    /// The properties of `relation` learned at `level` (-1: at every level),
    /// over de Bruijn variables `(:var 0)`, `(:var 1)`, ...
    public func cover<R>(level: Int, for relation: Z3FuncDecl<R>) -> Z3Bool? {
        context.requireSame(relation.context)
        let ast = withExtendedLifetime(relation) {
            Z3_fixedpoint_get_cover_delta(context.raw, raw, Int32(clamping: level), relation.ref.ast)
        }
        guard let owned = try? context.own(ast) else { return nil }
        return AnyTerm(owned).cast(to: BoolSort.self)
    }

    /// The rules in SMT-LIB2-like syntax (declarations and rules).
    public var smtlib2: String {
        context.string(Z3_fixedpoint_to_string(context.raw, raw, 0, nil))
    }
}
