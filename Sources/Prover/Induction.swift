import MemoryModel
import PropertyLanguage
import Z3Bridge

/// A proof by induction: initiation (the initial state satisfies the
/// property) and consecution (from any state within the scope's values that
/// satisfies the property and its helper invariants, every transition
/// keeps it).
///
/// "Within the scope's values" is the largest inductive set of the scope's
/// field bounds (`scopeInvariant`); the helpers named by `assuming` must be
/// proved by the caller (`Prove` does).
public struct Induction {
    public let symbolic: SymbolicModel
    public let runner: ObligationRunner
    /// The one step every obligation reasons about, from `pre` to `post`:
    /// built once (the engine's step for every action, in Z3), not per
    /// obligation.
    let pre: ModelState<Z3Algebra>
    let post: ModelState<Z3Algebra>
    let transition: SymbolicModel.Transition

    public init(symbolic: SymbolicModel, runner: ObligationRunner) {
        self.symbolic = symbolic
        self.runner = runner
        pre = symbolic.state("pre.")
        post = symbolic.state("post.")
        transition = symbolic.transition(pre, post, name: "t")
    }

    /// A counterexample to induction: a state satisfying the hypotheses,
    /// the action, and the state after it, which breaks the property.
    public struct CounterexampleToInduction {
        public var pre: ModelState<ConcreteAlgebra>
        public var action: Action
        public var data: ActionData<ConcreteAlgebra>
        public var post: ModelState<ConcreteAlgebra>
    }

    public enum Outcome {
        case proved
        /// The initial state breaks it: a violation in zero steps.
        case initiationFails
        case notInductive(CounterexampleToInduction)
        case unknown(reason: String)
    }

    /// The largest set of the scope's field bounds (`SymbolicModel.bounds`)
    /// that is inductive, found as Houdini does: drop the bounds the initial
    /// state breaks, then, while some transition from a state meeting all
    /// that are left leads to a state breaking some, drop those. What is
    /// left holds in every reachable state, for the domain's data; it is the
    /// hypothesis every consecution uses.
    public func scopeInvariant() throws -> (bounds: [SymbolicModel.Bound], dropped: [String], obligations: [Obligation]) {
        var bounds = symbolic.bounds()
        var dropped: [String] = []
        let initial = SymbolicModel.values(symbolic.model.initialState(symbolic.z3))
        let simplifier = Z3Solver(context: symbolic.context)
        for bound in bounds where (try? simplifier.check(assumptions: [!bound.holds(initial)]))?.isSat ?? true {
            dropped.append(bound.name)
        }
        bounds.removeAll { dropped.contains($0.name) }
        let (preValues, postValues) = (SymbolicModel.values(pre), SymbolicModel.values(post))
        var obligations: [Obligation] = []
        var round = 0
        while true {
            round += 1
            let hypothesis = bounds.map { $0.holds(preValues) }
            let conclusions = bounds.map { $0.holds(postValues) }
            let (obligation, z3Model) = try runner.check("scope.houdini.\(round)",
                                                         [transition.formula] + hypothesis + [!and(conclusions, in: symbolic.context)])
            obligations.append(obligation)
            guard obligation.result == .sat, let z3Model else {
                if case .unknown(let reason) = obligation.result { throw ProofError.unknown("the scope's bounds", reason) }
                return (bounds, dropped, obligations)
            }
            let broken = try zip(bounds, conclusions).filter { try !z3Model.bool($0.1) }.map(\.0.name)
            dropped += broken
            bounds.removeAll { broken.contains($0.name) }
        }
    }

    /// Proves `property` and its `helpers` together: each holds initially,
    /// and from a state within `scope` (the inductive bounds) meeting all of
    /// them, every transition keeps each (mutual induction; a transition
    /// property is only kept). The outcome is the first obligation that
    /// fails, with the claim (the property or a helper) it is about.
    public func run(_ property: CheckedProperty, helpers: [CheckedProperty], scope: [SymbolicModel.Bound]) throws
        -> (outcome: Outcome, claim: String, obligations: [Obligation]) {
        precondition(property.kind != .reachable, "a reachable property is not proved by induction")
        let encoder = PropertyEncoder(model: symbolic.model, z3: symbolic.z3)
        let invariants = helpers + (property.kind == .invariant ? [property] : [])
        let hypothesis: (ModelState<Z3Algebra>) -> Z3Bool = { s in
            let values = SymbolicModel.values(s)
            return and(invariants.map { encoder.encode($0, in: s) } + scope.map { $0.holds(values) }, in: symbolic.context)
        }
        // The hypothesis must admit a step, or every consecution below
        // would be unsat for nothing.
        let (sanity, _) = try runner.check("\(property.name).hypothesis", [transition.formula, hypothesis(pre)])
        var obligations = [sanity]
        switch sanity.result {
        case .sat: break
        case .unsat: return (.unknown(reason: "vacuous: no state meeting the hypothesis has a step"), property.name, obligations)
        case .unknown(let reason): return (.unknown(reason: reason), property.name, obligations)
        }
        for claim in helpers + [property] {
            let (outcome, more) = try prove(
                name: claim.name == property.name ? claim.name : "\(property.name).\(claim.name)",
                holds: claim.kind == .invariant ? { encoder.encode(claim, in: $0) } : nil,
                transitionFails: claim.kind == .transition ? { transition, pre, post in
                    symbolic.fails(claim, on: transition, from: pre, to: post)
                } : nil,
                helpers: [hypothesis])
            obligations += more
            guard case .proved = outcome else { return (outcome, claim.name, obligations) }
        }
        return (.proved, property.name, obligations)
    }

    /// The two obligations for a state predicate `holds`, or consecution
    /// alone for a transition predicate (a transition property has no
    /// initiation: no step has been taken).
    func prove(name: String, holds: ((ModelState<Z3Algebra>) -> Z3Bool)?,
               transitionFails: ((SymbolicModel.Transition, ModelState<Z3Algebra>, ModelState<Z3Algebra>) -> Z3Bool)?,
               helpers: [(ModelState<Z3Algebra>) -> Z3Bool]) throws -> (Outcome, [Obligation]) {
        var obligations: [Obligation] = []
        if let holds {
            let initial = symbolic.state("init.")
            let (obligation, _) = try runner.check("\(name).initiation", [symbolic.isInitial(initial), !holds(initial)])
            obligations.append(obligation)
            switch obligation.result {
            case .sat: return (.initiationFails, obligations)
            case .unknown(let reason): return (.unknown(reason: reason), obligations)
            case .unsat: break
            }
        }
        var formulas = [transition.formula] + helpers.map { $0(pre) }
        if let holds { formulas += [holds(pre), !holds(post)] }
        if let transitionFails { formulas.append(transitionFails(transition, pre, post)) }
        let (obligation, z3Model) = try runner.check("\(name).consecution", formulas)
        obligations.append(obligation)
        switch obligation.result {
        case .unsat:
            return (.proved, obligations)
        case .unknown(let reason):
            return (.unknown(reason: reason), obligations)
        case .sat:
            guard let z3Model else { return (.unknown(reason: "no model"), obligations) }
            let (action, data) = try symbolic.action(of: transition, in: z3Model)
            let cti = CounterexampleToInduction(pre: try symbolic.concrete(pre, in: z3Model), action: action, data: data,
                                                post: try symbolic.concrete(post, in: z3Model))
            return (.notInductive(cti), obligations)
        }
    }
}

/// A proof step Z3 could not decide.
public enum ProofError: Error, CustomStringConvertible {
    case unknown(String, String)

    public var description: String {
        switch self {
        case let .unknown(what, reason): "Z3 could not decide \(what): \(reason)"
        }
    }
}
