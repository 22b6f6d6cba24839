import CheckerCore
import MemoryModel

/// `privcheck simulate`: a seeded random walk through the model, printed as
/// kernel calls with their results and what each one changed.
public struct Simulator {
    public let model: Model

    public init(model: Model) {
        self.model = model
    }

    /// Walks `steps` steps from the initial state, choosing uniformly among the
    /// enabled actions with a SplitMix64 seeded by `seed`; the same seed gives
    /// the same walk on every run.
    public func run(seed: UInt64, steps: Int, write: (String) -> Void) -> SimulationSummary {
        var rng = SplitMix64(seed: seed)
        var state = model.initialState(ConcreteAlgebra())
        var fired: [String: Int] = [:]
        var taken = 0
        write("design \(model.design.rawValue)\(model.mutant.map { ", mutant \($0.rawValue)" } ?? ""), scope \(model.scope.name), seed \(seed)")
        for i in 1...max(1, steps) where steps > 0 {
            let enabled = model.actions.compactMap { action in model.step(state, action).map { (action, $0) } }
            guard !enabled.isEmpty else {
                write("\(i). no action is enabled: the walk ends")
                break
            }
            let (action, result) = enabled[Int(rng.next() % UInt64(enabled.count))]
            TraceRenderer(model: model).step(i, action, from: state, result).forEach(write)
            fired[action.family(model.design), default: 0] += 1
            state = result.state
            taken += 1
        }
        return SimulationSummary(steps: taken, fired: fired, final: state)
    }
}

public struct SimulationSummary {
    public var steps: Int
    /// How often each action family fired.
    public var fired: [String: Int]
    public var final: ModelState<ConcreteAlgebra>
}
