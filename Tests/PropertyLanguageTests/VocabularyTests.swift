import CheckerCore
import MemoryModel
import PropertyLanguage
import Testing

/// Every field of the engine's state is reachable from a property by the
/// name `State.swift` gives it, and reads the engine's value: for states on
/// random walks, `NAME == VALUE` holds for each field the scope uses.
@Test(arguments: ["flags", "cram"])
func everyStateFieldIsReadableByItsName(_ scopeName: String) throws {
    let model = try Model(scope: Scope.named(scopeName), design: .v4)
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    var rng = SplitMix64(seed: 3)
    var state = model.initialState(ConcreteAlgebra())
    var checkedFields = Set<String>()
    for _ in 0..<30 {
        var failures: [String] = []
        var fields: [(String, String)] = []
        state.visit(prefix: "") { name, value in
            guard inScope(name, model) else { return }
            let literal = switch value {
            case .bit(let b): b ? "true" : "false"
            case .num(let n): String(n)
            case .mask(let m): String(m)
            }
            fields.append((name, literal))
        }
        for (name, literal) in fields {
            let property = try Library.body("\(name) == \(literal)")
            if !evaluator.evaluate(property, in: state) { failures.append("\(name) != \(literal)") }
            checkedFields.insert(name.replacing(/\[\d+\]/, with: "[]"))
        }
        #expect(failures.isEmpty, "\(failures)")
        let enabled = model.actions.compactMap { model.step(state, $0)?.state }
        state = enabled[Int(rng.next() % UInt64(enabled.count))]
    }
    var every = Set<String>()
    state.visit(prefix: "") { name, _ in every.insert(name.replacing(/\[\d+\]/, with: "[]")) }
    #expect(checkedFields == every)
}

/// Whether a qualified field name is within the scope's arrays.
private func inScope(_ name: String, _ model: Model) -> Bool {
    let indexes = name.matches(of: /\[(\d+)\]/).map { Int($0.output.1)! }
    if name.hasPrefix("node[") {
        guard indexes[0] < model.nodeCount else { return false }
        return indexes.count == 1 || indexes[1] < model.scope.nodes[indexes[0]].blocks
    }
    if name.hasPrefix("folio[") { return indexes[0] < model.folioCount }
    if name.hasPrefix("task[") { return indexes[0] < model.taskCount }
    return true
}
