internal import CZ3

/// The outcome of a satisfiability check.
public enum Z3Result {
    /// Satisfiable, with a model of the assertions.
    case sat(Z3Model)
    /// Unsatisfiable: the negation of the asserted conjunction is valid.
    case unsat
    /// Z3 gave up (timeout, incompleteness); `reason` is Z3's explanation.
    case unknown(reason: String)

    /// Whether the result is `.sat`.
    public var isSat: Bool { if case .sat = self { true } else { false } }

    /// Whether the result is `.unsat`.
    public var isUnsat: Bool { if case .unsat = self { true } else { false } }

    /// Whether the result is `.unknown`.
    public var isUnknown: Bool { if case .unknown = self { true } else { false } }

    /// The model, when the result is `.sat`.
    public var model: Z3Model? { if case let .sat(model) = self { model } else { nil } }
}

/// An incremental Z3 solver: assertions in nested scopes, checked on demand.
public final class Z3Solver {
    /// The context the solver belongs to.
    public let context: Z3Context
    /// The `Z3_solver`.
    private let raw: OpaquePointer
    /// An error from a call that cannot throw (`assert`, `push`), thrown by the next `check`.
    private var pendingError: Z3Error?

    /// A general-purpose solver (Z3 picks tactics from the assertions).
    public init(context: Z3Context) {
        self.context = context
        raw = Z3_mk_solver(context.raw)
        Z3_solver_inc_ref(context.raw, raw)
        initialize()
    }

    /// A solver tuned for an SMT-LIB2 logic such as `QF_BV` or `QF_LIA`;
    /// throws when Z3 does not know the logic.
    public init(context: Z3Context, logic: String) throws {
        self.context = context
        let solver = Z3_mk_solver_for_logic(context.raw, Z3_mk_string_symbol(context.raw, logic))
        try context.check()
        guard let solver else { throw Z3Error.invalidArgument("no solver for logic \(logic)") }
        raw = solver
        Z3_solver_inc_ref(context.raw, raw)
        initialize()
    }

    /// Makes Z3 build the solver now, so that `setParameter` validates names
    /// at once (Z3 validates parameters only once the solver exists, and would
    /// otherwise fail the next `assert`).
    private func initialize() {
        _ = Z3_solver_get_num_scopes(context.raw, raw)
    }

    deinit {
        Z3_solver_dec_ref(context.raw, raw)
    }

    // MARK: Parameters

    /// Sets a solver parameter (such as `smt.mbqi`, `random_seed`, or `rlimit`,
    /// a deterministic work budget); throws for a name Z3 does not know or a
    /// value of the wrong type. Timeouts are refused: pass `timeout:` to
    /// `check` (see `Watchdog` for why).
    public func setParameter(_ name: String, _ value: Z3Parameter) throws {
        try Z3Parameter.requireSafe(name)
        try context.withParams { params in
            context.set(params, name, value)
            Z3_solver_set_params(context.raw, raw, params)
            try context.check()
        }
    }

    // MARK: Assertions and scopes

    /// Adds `formula` to the current scope. (Should Z3 refuse it, the next
    /// `check` throws the error.)
    public func assert(_ formula: Z3Bool) {
        context.requireSame(formula.context)
        withExtendedLifetime(formula) {
            Z3_solver_assert(context.raw, raw, formula.ast)
        }
        notePendingError()
    }

    /// Keeps the error of a call that cannot throw, for the next `check`.
    private func notePendingError() {
        do {
            try context.check()
        } catch let error as Z3Error {
            pendingError = pendingError ?? error
        } catch {}
    }

    /// Adds every formula of `formulas` to the current scope.
    public func assertAll<C: Sequence<Z3Bool>>(_ formulas: C) {
        for formula in formulas { assert(formula) }
    }

    /// The formulas asserted in all open scopes.
    public var assertions: [Z3Bool] {
        guard let vector = Z3_solver_get_assertions(context.raw, raw) else { return [] }
        return context.terms(of: vector).map { Term($0) }
    }

    /// Opens a scope: assertions made from now on are dropped by the matching `pop`.
    public func push() {
        Z3_solver_push(context.raw, raw)
        notePendingError()
    }

    /// Closes the `n` innermost scopes; `n` must not exceed `scopeCount`.
    public func pop(_ n: Int = 1) {
        precondition(n >= 0 && n <= scopeCount, "cannot pop \(n) of \(scopeCount) scopes")
        Z3_solver_pop(context.raw, raw, UInt32(n))
    }

    /// The number of open scopes.
    public var scopeCount: Int { Int(Z3_solver_get_num_scopes(context.raw, raw)) }

    /// Runs `body` in a new scope, closed when `body` returns or throws.
    public func withScope<R>(_ body: () throws -> R) rethrows -> R {
        push()
        defer { pop() }
        return try body()
    }

    /// Drops every assertion and scope (and any pending error).
    public func reset() {
        Z3_solver_reset(context.raw, raw)
        pendingError = nil
    }

    // MARK: Checking

    /// Checks the assertions (and `assumptions`, which hold for this check
    /// only) for satisfiability, giving up after `timeout` if one is given
    /// (the result is then `.unknown`, with reason `interrupted` or `canceled`).
    ///
    /// Throws an error Z3 reported for this check or for an earlier `assert`.
    public func check(timeout: Duration? = nil, assumptions: [Z3Bool] = []) throws -> Z3Result {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        for assumption in assumptions { context.requireSame(assumption.context) }
        let asts: [OpaquePointer?] = assumptions.map(\.ast)
        let (result, interrupted) = Watchdog.run(context, timeout: timeout) {
            withExtendedLifetime(assumptions) {
                asts.isEmpty
                    ? Z3_solver_check(context.raw, raw)
                    : Z3_solver_check_assumptions(context.raw, raw, UInt32(asts.count), asts)
            }
        }
        do {
            try context.check()
        } catch where interrupted {
            return .unknown(reason: "timeout (\(error))")
        }
        switch result {
        case Z3_L_TRUE:
            let model = Z3_solver_get_model(context.raw, raw)
            try context.check()
            guard let model else { throw Z3Error.modelEvaluation("Z3 returned no model") }
            return .sat(Z3Model(context: context, raw: model))
        case Z3_L_FALSE:
            return .unsat
        default:
            return .unknown(reason: reasonUnknown)
        }
    }

    /// Why the last check returned `unknown` (Z3's text, such as `timeout`).
    public var reasonUnknown: String {
        context.string(Z3_solver_get_reason_unknown(context.raw, raw))
    }

    /// The assumptions that made the last check unsat (a subset of the
    /// `assumptions` passed to it; empty when there is no core).
    public func unsatCore() throws -> [Z3Bool] {
        let vector = Z3_solver_get_unsat_core(context.raw, raw)
        try context.check()
        guard let vector else { return [] }
        return context.terms(of: vector).map { Term($0) }
    }

    /// Z3's statistics for the last check, by name.
    public var statistics: [String: Double] {
        guard let stats = Z3_solver_get_statistics(context.raw, raw) else { return [:] }
        Z3_stats_inc_ref(context.raw, stats)
        defer { Z3_stats_dec_ref(context.raw, stats) }
        var result: [String: Double] = [:]
        for index in 0..<Z3_stats_size(context.raw, stats) {
            let key = context.string(Z3_stats_get_key(context.raw, stats, index))
            result[key] = Z3_stats_is_uint(context.raw, stats, index)
                ? Double(Z3_stats_get_uint_value(context.raw, stats, index))
                : Z3_stats_get_double_value(context.raw, stats, index)
        }
        return result
    }

    // MARK: SMT-LIB2

    /// The solver's assertions as SMT-LIB2 declarations and `assert` commands.
    public var smtlib2: String {
        context.string(Z3_solver_to_string(context.raw, raw))
    }

    /// A standalone SMT-LIB2 benchmark of the assertions, ending in
    /// `(check-sat)`, that the z3 command line (or `parseSMTLIB2`) can read.
    /// `status` is recorded as `(set-info :status ...)`: `sat`, `unsat` or `unknown`.
    public func smtlib2Benchmark(status: String = "unknown", name: String = "privcheck") -> String {
        let formulas = assertions
        let last = formulas.last ?? context.bool(true)
        let rest: [OpaquePointer?] = formulas.dropLast().map(\.ast)
        return withExtendedLifetime((formulas, last)) {
            context.string(Z3_benchmark_to_smtlib_string(
                context.raw, name, "", status, "", UInt32(rest.count), rest, last.ast))
        }
    }
}
