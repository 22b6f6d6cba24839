import MemoryModel
import PropertyLanguage
import Z3Bridge

/// What a property's body says in the symbolic model: its violation in a
/// state (invariant), on a transition (transition property), or its
/// witness (reachable).
extension SymbolicModel {
    /// The property fails in `s` (an invariant), or is witnessed there (reachable).
    func failsOrWitnessed(_ property: CheckedProperty, in s: ModelState<Z3Algebra>) -> Z3Bool {
        let body = PropertyEncoder(model: model, z3: z3).encode(property, in: s)
        return property.kind == .reachable ? body : !body
    }

    /// A transition property fails on the step `transition` takes to `post`.
    func fails(_ property: CheckedProperty, on transition: Transition, from pre: ModelState<Z3Algebra>,
               to post: ModelState<Z3Algebra>) -> Z3Bool {
        let encoder = PropertyEncoder(model: model, z3: z3)
        return or(model.actions.indices.map { i in
            let view = StepView(pre: pre, action: model.actions[i], data: transition.data[i], ret: transition.steps[i].ret, post: post)
            return transition.action == z3.num(i) && !encoder.encode(property, on: view)
        }, in: context)
    }
}

/// Bounded model checking: the initial state and `depth` transitions
/// unrolled, each depth asked whether the property fails there (or, for a
/// reachable property, is witnessed).
public struct BoundedModelCheck {
    public let symbolic: SymbolicModel
    public let runner: ObligationRunner

    public init(symbolic: SymbolicModel, runner: ObligationRunner) {
        self.symbolic = symbolic
        self.runner = runner
    }

    public enum Outcome {
        /// The property fails (a witness is found) after these steps, each
        /// with the data Z3 chose.
        case found([(Action, ActionData<ConcreteAlgebra>)])
        /// No failure (no witness) within `depth` steps.
        case none(depth: Int)
        case unknown(reason: String, depth: Int)
    }

    public func run(_ property: CheckedProperty, depth: Int) throws -> (Outcome, [Obligation]) {
        var states = [symbolic.state("s0.")]
        var transitions: [SymbolicModel.Transition] = []
        var path: [Z3Bool] = [symbolic.isInitial(states[0])]
        var obligations: [Obligation] = []
        for k in 0...depth {
            if k > 0 {
                let next = symbolic.state("s\(k).")
                let transition = symbolic.transition(states[k - 1], next, name: "t\(k)")
                states.append(next)
                transitions.append(transition)
                path.append(transition.formula)
            }
            let failure: Z3Bool
            if property.kind == .transition {
                guard k > 0 else { continue }
                failure = symbolic.fails(property, on: transitions[k - 1], from: states[k - 1], to: states[k])
            } else {
                failure = symbolic.failsOrWitnessed(property, in: states[k])
            }
            let (obligation, z3Model) = try runner.check("\(property.name).bmc.\(k)", path + [failure])
            obligations.append(obligation)
            switch obligation.result {
            case .unsat:
                continue
            case .unknown(let reason):
                return (.unknown(reason: reason, depth: k), obligations)
            case .sat:
                guard let z3Model else { return (.unknown(reason: "no model", depth: k), obligations) }
                let steps = try transitions.map { try symbolic.action(of: $0, in: z3Model) }
                return (.found(steps), obligations)
            }
        }
        return (.none(depth: depth), obligations)
    }
}
