import MemoryModel
import Z3Bridge

extension SymbolicModel {
    /// The concrete state Z3's model gives the constants of `s`.
    public func concrete(_ s: ModelState<Z3Algebra>, in z3Model: Z3Model) throws -> ModelState<ConcreteAlgebra> {
        var bits: [String: Bool] = [:]
        var nums: [String: Int] = [:]
        var masks: [String: UInt32] = [:]
        for field in Self.fields(s) {
            switch field.value {
            case let .bit(b): bits[field.name] = try z3Model.bool(b)
            case let .num(n): nums[field.name] = try z3Model.int(n)
            case let .mask(m): masks[field.name] = UInt32(truncatingIfNeeded: try z3Model.bitVec(m))
            }
        }
        return ModelState(prefix: "", make: FieldMaker(
            bit: { bits[$0] ?? false }, num: { nums[$0] ?? 0 }, mask: { masks[$0] ?? 0 }))
    }

    /// The action a transition's selector picks in Z3's model, and its data.
    public func action(of transition: Transition, in z3Model: Z3Model) throws -> (Action, ActionData<ConcreteAlgebra>) {
        let index = try z3Model.int(transition.action)
        guard model.actions.indices.contains(index) else { throw Z3Error.modelEvaluation("action index \(index) out of range") }
        let data = transition.data[index]
        return (model.actions[index], ActionData(mask: UInt32(truncatingIfNeeded: try z3Model.bitVec(data.mask)),
                                                  value: try z3Model.int(data.value)))
    }
}
