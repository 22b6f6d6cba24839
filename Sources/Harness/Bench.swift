import CheckerCore
import Explorer
import MemoryModel

/// `privcheck bench`: the explorer's throughput on a scope, with one worker
/// and then with every core. Properties are left out, so it measures the
/// search itself: the engine's step, packing, symmetry and the store.
public enum Bench {
    public struct Run: Sendable {
        public var workers: Int
        public var statistics: ExplorationStatistics
        public var stopReason: StopReason
    }

    public static func run(model: Model, workers: [Int], symmetry: Bool, budgets: Budgets) throws -> [Run] {
        try workers.map { n in
            var options = ExplorerOptions(workers: n, symmetry: symmetry, budgets: budgets)
            options.strategy = .bfs
            let result = try Explorer(system: model, options: options).run(properties: [])
            return Run(workers: n, statistics: result.statistics, stopReason: result.stopReason)
        }
    }

    public static func text(model: Model, runs: [Run]) -> String {
        var lines = ["privcheck bench: design \(model.design.rawValue), scope \(model.scope.name), "
                     + "\(model.packedWordCount * 8) bytes per packed state, "
                     + "\(MemoryLayout<Model.State>.size) bytes per state in the step"]
        for run in runs {
            let s = run.statistics
            let peak = s.peakMemoryBytes.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "?"
            lines.append(String(format: "%2d worker%@: %d states, %d transitions, depth %d, %.2f s, %.0f states/s, %.1f bytes/state, peak memory %@%@",
                                run.workers, run.workers == 1 ? " " : "s", s.states, s.transitions, s.maxDepth, s.elapsedSeconds,
                                s.statesPerSecond, s.bytesPerState, peak, run.stopReason == .exhausted ? "" : " (not exhaustive)"))
        }
        if runs.count == 2, runs[1].statistics.elapsedSeconds > 0 {
            lines.append(String(format: "speed-up with %d workers: %.2fx", runs[1].workers,
                                runs[0].statistics.elapsedSeconds / runs[1].statistics.elapsedSeconds))
        }
        return lines.joined(separator: "\n")
    }
}
