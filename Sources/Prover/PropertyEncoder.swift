import MemoryModel
import PropertyLanguage
import Z3Bridge

/// A property as a Z3 formula over symbolic states.
///
/// There is no encoding of its own: it is the property evaluator run in the
/// Z3 algebra, so the formula the prover checks is the property the
/// explorer checks (architecture.md, one semantics).
public struct PropertyEncoder {
    public let model: Model
    public let z3: Z3Algebra

    public init(model: Model, z3: Z3Algebra) {
        self.model = model
        self.z3 = z3
    }

    /// An invariant's or reachable property's body in `state`.
    public func encode(_ property: CheckedProperty, in state: ModelState<Z3Algebra>) -> Z3Bool {
        PropertyEvaluator(model: model, algebra: z3).evaluate(property, in: state)
    }

    /// A transition property's body on one step of `action`.
    public func encode(_ property: CheckedProperty, on step: StepView<Z3Algebra>) -> Z3Bool {
        PropertyEvaluator(model: model, algebra: z3).evaluate(property, on: step)
    }
}
