import Testing
import CheckerCore
@testable import MemoryModel

// Model.mayFire (Model+Enabledness.swift) is a necessary condition of
// enabledness: wherever the step enables an action, mayFire lets it through.
// The walks here run the step itself (never `next`, which consults mayFire),
// so the sampled states do not depend on the filter under test.

@Suite("Enabledness filter") struct EnablednessTests {
    /// Every shipped case, and every mutant on each shipped scope its design accepts.
    static let cases: [ModelCase] = ModelCase.all + Mutant.allCases.flatMap { mutant in
        Scope.shippedNames.compactMap { name -> ModelCase? in
            guard let scope = try? Scope.named(name),
                  let model = try? Model(scope: scope, design: mutant.design, mutant: mutant) else { return nil }
            return ModelCase(label: "\(name) \(mutant.rawValue)", model: model)
        }
    }

    @Test(arguments: cases)
    func enabledImpliesMayFire(_ c: ModelCase) {
        let model = c.model
        var rng = SplitMix64(seed: 0xe4ab1e)
        var filtered = 0
        var checked = 0
        for _ in 0..<8 {
            var s = model.initialState(ConcreteAlgebra())
            for _ in 0..<40 {
                var enabled: [Model.State] = []
                for action in model.actions {
                    let step = model.step(s, action)
                    if let step { enabled.append(step.state) }
                    if !model.mayFire(s, action) {
                        filtered += 1
                        #expect(step == nil, "mayFire refused \(model.describe(action)), which the step enables")
                    }
                    checked += 1
                }
                guard !enabled.isEmpty else { break }
                s = enabled[Int(rng.next() % UInt64(enabled.count))]
            }
        }
        // The filter does its job: most (action, state) pairs are turned away.
        #expect(filtered * 2 > checked, "mayFire refused only \(filtered) of \(checked) pairs")
    }
}
