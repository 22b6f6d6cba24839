import CheckerCore
import Foundation
import MemoryModel
import PropertyLanguage
import Prover
import Testing
import Z3Bridge

/// Distinct states on seeded random walks that take a random enabled action
/// at each step (cheaper than computing every successor on the way).
enum WalkSampler {
    static func states(_ model: Model, count: Int, seed: UInt64) -> [ModelState<ConcreteAlgebra>] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<[Int]>()
        var out: [ModelState<ConcreteAlgebra>] = []
        var walks = 0
        while out.count < count && walks < count {
            walks += 1
            var state = model.initialState(ConcreteAlgebra())
            for _ in 0..<40 {
                if seen.insert(Fingerprint.integers(state)).inserted {
                    out.append(state)
                    if out.count == count { break }
                }
                guard let action = enabledAction(model, state, &rng) else { break }
                state = model.step(state, action)!.state
            }
        }
        return out
    }

    /// A random enabled action: random picks first, then the first enabled after a random start.
    static func enabledAction(_ model: Model, _ state: ModelState<ConcreteAlgebra>, _ rng: inout SplitMix64) -> Action? {
        let actions = model.actions
        for _ in 0..<8 {
            let action = actions[Int(rng.next() % UInt64(actions.count))]
            if model.step(state, action) != nil { return action }
        }
        let start = Int(rng.next() % UInt64(actions.count))
        for i in 0..<actions.count where model.step(state, actions[(start + i) % actions.count]) != nil {
            return actions[(start + i) % actions.count]
        }
        return nil
    }
}

/// The property evaluator and the property encoder agree: every shipped
/// property, encoded once over symbolic states, evaluates in Z3 (with the
/// states fixed to sampled concrete ones) exactly as the evaluator does on
/// the concrete states. Transition properties are checked on sampled steps
/// (pre-state, action, data, return value, post-state).
struct PropertyConformance: CustomTestStringConvertible, Sendable {
    let design: Design
    let mutant: Mutant?
    let scope: String
    let states: Int
    var testDescription: String { "\(design.rawValue)\(mutant.map { "+" + $0.rawValue } ?? "") on \(scope)" }

    /// 10,000 states for each design's properties, and 500 more per mutant.
    static let all: [PropertyConformance] = [
        .init(design: .v4, mutant: nil, scope: "default", states: 3000),
        .init(design: .v4, mutant: nil, scope: "cram", states: 3000),
        .init(design: .v4, mutant: nil, scope: "v3-numa", states: 4000),
        .init(design: .v3, mutant: nil, scope: "v3-zswap", states: 500),
        .init(design: .v3, mutant: nil, scope: "flags", states: 5000),
        .init(design: .v3, mutant: nil, scope: "v3-numa", states: 4500),
    ] + Mutant.allCases.map { .init(design: $0.design, mutant: $0, scope: "default", states: 500) }

    static var propertiesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Properties").path
    }

    static func library() throws -> [LoadedProperty] {
        let (properties, diagnostics) = PropertyLibrary.load(paths: PropertyLibrary.files(in: propertiesDirectory))
        if let first = diagnostics.first { throw first }
        return properties
    }
}

@Test func propertyConformanceCoversTenThousandStatesPerDesign() {
    for design in Design.allCases {
        let states = PropertyConformance.all.filter { $0.design == design && $0.mutant == nil }.map(\.states).reduce(0, +)
        #expect(states >= 10_000, "\(design.rawValue)")
    }
}

@Test(arguments: PropertyConformance.all)
func propertyEncoderMatchesEvaluator(_ config: PropertyConformance) throws {
    let model = try Model(scope: Scope.named(config.scope), design: config.design, mutant: config.mutant)
    let properties = try PropertyConformance.library().compactMap { $0.checked(for: config.design) }
    let states = WalkSampler.states(model, count: config.states, seed: 0xFEED)
    #expect(states.count == config.states)

    let z3 = Z3Algebra(context: Z3Context())
    let encoder = PropertyEncoder(model: model, z3: z3)
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    let pre = z3.constants(prefix: "")
    let post = z3.constants(prefix: "post.")
    let ret: Z3Int = z3.context.makeConst(name: "ret", sort: z3.context.intSort)
    let data = ActionData<Z3Algebra>(
        mask: z3.context.makeConst(name: "data.mask", sort: z3.context.bitVecSort(width: 32)),
        value: z3.context.makeConst(name: "data.value", sort: z3.context.intSort))

    let invariants = properties.filter { $0.kind != .transition }
    let transitions = properties.filter { $0.kind == .transition }
    let stateFormulas = invariants.map { encoder.encode($0, in: pre) }
    // A transition formula depends on the action (its name and arguments are
    // structure, not data), so there is one per property and action.
    var stepFormulas: [Action: [Z3Bool]] = [:]
    for action in model.actions {
        stepFormulas[action] = transitions.map {
            encoder.encode($0, on: StepView(pre: pre, action: action, data: data, ret: ret, post: post))
        }
    }

    var rng = SplitMix64(seed: 7)
    var checked = 0
    for state in states {
        let assignment = try Fingerprint.assignment(pre: pre, state: state, data: [], z3)
        for (property, formula) in zip(invariants, stateFormulas) {
            let expected = evaluator.evaluate(property, in: state)
            let got = try assignment.bool(formula)
            if got != expected {
                Issue.record("\(property.name): the encoder says \(got), the evaluator \(expected)")
                return
            }
            checked += 1
        }
        guard !transitions.isEmpty else { continue }
        // One enabled step from each state.
        if let action = WalkSampler.enabledAction(model, state, &rng) {
            let concreteData = model.concreteData(action)
            let step = model.step(state, action, concreteData, ConcreteAlgebra())
            let view = StepView(pre: state, action: action, data: concreteData, ret: step.ret, post: step.state)
            let stepAssignment = try Fingerprint.assignment(
                pre: pre, state: state, data: [(data, concreteData)], z3,
                extra: [(post, step.state)], ret: (ret, step.ret))
            for (property, formula) in zip(transitions, stepFormulas[action]!) {
                let expected = evaluator.evaluate(property, on: view)
                let got = try stepAssignment.bool(formula)
                if got != expected {
                    Issue.record("\(property.name) on \(model.describe(action)): the encoder says \(got), the evaluator \(expected)")
                    return
                }
                checked += 1
            }
        }
    }
    #expect(checked >= states.count * invariants.count)
}
