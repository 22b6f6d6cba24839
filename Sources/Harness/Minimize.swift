import MemoryModel
import Minimizer
import PropertyLanguage

/// `privcheck minimize`, and the minimization `check` applies to every new
/// counterexample: the model's side of the Minimizer (what "still fails"
/// means, which actions are simpler, the order of actions).
public enum Minimize {
    public typealias Statistics = Minimizer<Action>.Statistics

    /// The shortest, simplest failing trace the minimizer reaches from
    /// `actions`, and the step at which it fails (0: the initial state).
    public static func minimize(_ actions: [Action], model: Model, property: CheckedProperty)
        -> (actions: [Action], failingStep: Int, statistics: Statistics) {
        let replayer = Replayer(model: model, property: property)
        var rank: [Action: Int] = [:]
        for (i, action) in model.actions.enumerated() { rank[action] = i }
        // Simpler: an action of the same family earlier in the model's order
        // (lower folio slot, node, caller, size, pressure), earliest first.
        var earlier: [Action: [Action]] = [:]
        var byFamily: [String: [Action]] = [:]
        for action in model.actions {
            let family = action.family(model.design)
            earlier[action] = byFamily[family, default: []]
            byFamily[family, default: []].append(action)
        }
        let minimizer = Minimizer<Action>(
            stillFails: { candidate in
                guard case .fails(let step) = replayer.replay(candidate) else { return nil }
                return Array(candidate.prefix(step))
            },
            simpler: { earlier[$0] ?? [] },
            rank: { rank[$0] ?? Int.max })
        let (trace, statistics) = minimizer.minimize(actions)
        return (trace, trace.count, statistics)
    }

    /// Minimizes a counterexample file; the result keeps everything but the steps.
    public static func run(file path: String, propertiesDirectory: String) throws
        -> (file: CounterexampleFile, before: Int, statistics: Statistics) {
        let file = try CounterexampleFile.read(path)
        let (model, property) = try Replay.load(file, path: path, propertiesDirectory: propertiesDirectory)
        let actions = file.steps.map(\.action)
        guard Replayer(model: model, property: property).replay(actions).stillFails else {
            throw CounterexampleError.doesNotFail(path)
        }
        let result = minimize(actions, model: model, property: property)
        var minimized = file
        minimized.steps = result.actions.map { .init(call: model.describe($0), action: $0) }
        minimized.failingStep = result.failingStep
        return (minimized, actions.count, result.statistics)
    }

    /// What `minimize --verbose` prints about a run.
    public static func report(before: Int, after: Int, _ statistics: Statistics, verbose: Bool) -> String {
        var lines = ["steps: \(before) -> \(after)"]
        if verbose {
            lines.append("rounds: \(statistics.rounds)")
            for pass in statistics.passes {
                lines.append("  \(pass.name): \(pass.candidates) candidates tried, \(pass.kept) kept")
            }
        }
        return lines.joined(separator: "\n")
    }
}
