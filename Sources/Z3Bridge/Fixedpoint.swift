internal import CZ3

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
/// `boolSort`), add rules — implications `body ==> head` — and query whether
/// a formula over the relations is reachable. Free constants in a rule are
/// read universally, in a query existentially (the bridge binds them, since
/// Z3 rejects them); relations applied in a rule are registered on first use
/// (nullary relations must be registered with `registerRelation`, or they
/// would be read as Boolean variables).
public final class Z3Fixedpoint {
    /// The context the engine belongs to.
    public let context: Z3Context
    /// The `Z3_fixedpoint`.
    private let raw: OpaquePointer
    /// The relations registered so far, by declaration id (kept alive so the ids stay unique).
    private var relations: [UInt32: ASTRef] = [:]

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

    /// Sets a fixedpoint parameter (such as `engine`, `spacer.max_level`,
    /// `rlimit`); throws for a name or value Z3 does not accept. Timeouts are
    /// refused: pass `timeout:` to `query` (see `Watchdog` for why).
    public func setParameter(_ name: String, _ value: Z3Parameter) throws {
        try Z3Parameter.requireSafe(name)
        try context.withParams { params in
            context.set(params, name, value)
            Z3_fixedpoint_set_params(context.raw, raw, params)
            try context.check()
        }
    }

    /// Declares `relation` as a relation the rules define.
    public func registerRelation<R>(_ relation: Z3FuncDecl<R>) {
        context.requireSame(relation.context)
        register(relation.ref)
    }

    /// Registers the declaration `decl` once.
    private func register(_ decl: ASTRef) {
        let id = Z3_get_ast_id(context.raw, decl.ast)
        guard relations[id] == nil else { return }
        relations[id] = decl
        Z3_fixedpoint_register_relation(context.raw, raw, decl.ast)
    }

    /// Adds a rule: an implication `body ==> head` whose head is a relation
    /// application, or a fact. Free constants are bound universally.
    public func addRule(_ rule: Z3Bool, name: String? = nil) throws {
        context.requireSame(rule.context)
        let (constants, predicates) = scan(rule)
        for predicate in predicates { register(predicate) }
        let closed = try context.forall(constants, rule)
        let symbol = Z3_mk_string_symbol(context.raw, name ?? "")
        withExtendedLifetime(closed) {
            Z3_fixedpoint_add_rule(context.raw, raw, closed.ast, symbol)
        }
        try context.check()
    }

    /// Whether `query`, a formula over the relations (free constants bound
    /// existentially), is derivable from the rules, giving up after `timeout`
    /// if one is given.
    ///
    /// Relations must appear in rules (or be registered) before they are queried.
    public func query(_ query: Z3Bool, timeout: Duration? = nil) throws -> Z3FixedpointResult {
        context.requireSame(query.context)
        let closed = try context.exists(scan(query).constants, query)
        let (result, interrupted) = Watchdog.run(context, timeout: timeout) {
            withExtendedLifetime(closed) {
                Z3_fixedpoint_query(context.raw, raw, closed.ast)
            }
        }
        do {
            try context.check()
        } catch where interrupted {
            // Spacer reports an interrupt as an error ("canceled").
            return .unknown(reason: "timeout (\(error))")
        }
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

    /// The rules and `query` (free constants bound existentially) in Z3's
    /// fixedpoint format: `(declare-rel ...)`, `(rule ...)`, `(query ...)`,
    /// which the z3 command line answers (`unsat`: unreachable).
    public func smtlib2(query: Z3Bool) throws -> String {
        context.requireSame(query.context)
        let closed = try context.exists(scan(query).constants, query)
        var asts: [OpaquePointer?] = [closed.ast]
        return withExtendedLifetime(closed) {
            context.string(Z3_fixedpoint_to_string(context.raw, raw, 1, &asts))
        }
    }

    /// The free uninterpreted constants of `formula` (not registered nullary
    /// relations) and the unregistered relations it applies.
    private func scan(_ formula: Z3Bool) -> (constants: [AnyTerm], predicates: [ASTRef]) {
        let raw = context.raw
        var seen = Set<UInt32>(), predicateIDs = Set<UInt32>()
        var constants: [AnyTerm] = [], predicates: [ASTRef] = []
        var pending: [OpaquePointer] = [formula.ast]
        // Children are owned by their parents, which `formula` keeps alive.
        withExtendedLifetime(formula) {
            while let ast = pending.popLast() {
                guard seen.insert(Z3_get_ast_id(raw, ast)).inserted else { continue }
                switch Z3_get_ast_kind(raw, ast) {
                case Z3_APP_AST:
                    let app = Z3_to_app(raw, ast)
                    let decl = Z3_get_app_decl(raw, app)!
                    let count = Z3_get_app_num_args(raw, app)
                    if Z3_get_decl_kind(raw, decl) == Z3_OP_UNINTERPRETED {
                        let declID = Z3_get_ast_id(raw, Z3_func_decl_to_ast(raw, decl))
                        if relations[declID] != nil {
                            // A registered relation.
                        } else if count == 0 {
                            constants.append(AnyTerm(ASTRef(context, ast)))
                        } else if Z3_get_sort_kind(raw, Z3_get_range(raw, decl)) == Z3_BOOL_SORT,
                                  predicateIDs.insert(declID).inserted {
                            predicates.append(ASTRef(context, Z3_func_decl_to_ast(raw, decl)))
                        }
                    }
                    for index in 0..<count { pending.append(Z3_get_app_arg(raw, app, index)) }
                case Z3_QUANTIFIER_AST:
                    pending.append(Z3_get_quantifier_body(raw, ast))
                default:
                    break
                }
            }
        }
        return (constants, predicates)
    }
}
