import CheckerCore
import MemoryModel
import Prover
import Testing
import Z3Bridge

/// The one-semantics check: for states reached by random walks, every
/// action's symbolic step, evaluated by Z3 with the pre-state and data fixed,
/// gives exactly the engine's concrete outcome: disabled where the engine's
/// action is disabled, and otherwise the same successor and return value.
///
/// Each action's step is built once over a symbolic pre-state, then checked
/// on every sampled state through one fingerprint term:
/// `ite(enabled, 2 * (sum of w_i * field_i + w_ret * ret) + 1, 0)` with fixed
/// pseudo-random 16-bit odd weights. On a mismatch the fields are compared one by
/// one, so the failure names the field that differs.
struct ConformanceConfiguration: CustomTestStringConvertible, Sendable {
    let design: Design
    let mutant: Mutant?
    let scope: String
    let states: Int
    var testDescription: String { "\(design.rawValue)\(mutant.map { "+" + $0.rawValue } ?? "") on \(scope)" }

    /// v4 and v3 on two scopes each, and every mutant of v4: 10,600 states
    /// in all.
    static let all: [ConformanceConfiguration] = [
        .init(design: .v4, mutant: nil, scope: "default", states: 2500),
        .init(design: .v4, mutant: nil, scope: "cram", states: 1500),
        .init(design: .v3, mutant: nil, scope: "v3-zswap", states: 500),
        .init(design: .v3, mutant: nil, scope: "flags", states: 800),
        .init(design: .v3, mutant: nil, scope: "v3-numa", states: 800),
    ] + Mutant.allCases.map { .init(design: $0.design, mutant: $0, scope: "default", states: 500) }

    static var totalStates: Int { all.map(\.states).reduce(0, +) }
}

@Test func conformanceCoversTenThousandStates() {
    #expect(ConformanceConfiguration.totalStates >= 10_000)
}

@Test(arguments: ConformanceConfiguration.all)
func symbolicStepMatchesEngine(_ config: ConformanceConfiguration) throws {
    let model = try Model(scope: Scope.named(config.scope), design: config.design, mutant: config.mutant)
    let states = ConformanceSampler.states(model, count: config.states, seed: 0xC0FFEE)
    #expect(states.count == config.states)

    let z3 = Z3Algebra(context: Z3Context())
    let pre = z3.constants(prefix: "")
    var weights = SplitMix64(seed: 42)
    let fieldWeights = Fingerprint.weights(count: Fingerprint.fieldCount(pre), &weights)
    let retWeight = Int(weights.next() >> 48) | 1

    // Each action's step, built once over the symbolic pre-state and its own
    // symbolic data arguments.
    let steps = model.actions.enumerated().map { i, action in
        let data = ActionData<Z3Algebra>(
            mask: z3.context.makeConst(name: "data\(i).mask", sort: z3.context.bitVecSort(width: 32)),
            value: z3.context.makeConst(name: "data\(i).value", sort: z3.context.intSort))
        let symbolic = model.step(pre, action, data, z3)
        return (action: action, data: data, step: symbolic,
                print: Fingerprint.term(symbolic, weights: fieldWeights, retWeight: retWeight, z3))
    }
    var checked = 0
    for state in states {
        let assignment = try Fingerprint.assignment(
            pre: pre, state: state, data: steps.map { ($0.data, model.concreteData($0.action)) }, z3)
        for (action, _, symbolic, print) in steps {
            let concrete = model.step(state, action, model.concreteData(action), ConcreteAlgebra())
            let expected = concrete.enabled
                ? 2 &* Fingerprint.value(concrete, weights: fieldWeights, retWeight: retWeight) &+ 1 : 0
            let got = try assignment.int(print)
            if got != expected {
                let why = try Fingerprint.explain(model, action, symbolic: symbolic, concrete: concrete, in: assignment)
                Issue.record("\(model.describe(action)): symbolic step differs from the engine: \(why)")
                return
            }
            checked += 1
        }
    }
    #expect(checked == model.actions.count * states.count)
}
