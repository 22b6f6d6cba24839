import CheckerCore
import Explorer

/// A plain sequential BFS with Swift sets, written independently of the
/// explorer: the reference its counts and traces are compared against.
struct NaiveBFS<S: TransitionSystem> where S.State: Hashable {
    var states = 0
    var transitions = 0
    var maxDepth = 0
    /// States in visiting order (representatives if `canonical` is given).
    var order: [S.State] = []
    /// How each state was first reached: (initial index, action indices).
    var paths: [S.State: [Int]] = [:]
    var roots: [S.State: Int] = [:]

    init(_ system: S, canonical: (S.State) -> S.State = { $0 }) {
        var depth: [S.State: Int] = [:]
        var queue: [S.State] = []
        for (k, s) in system.initialStates.enumerated() {
            let c = canonical(s)
            guard depth[c] == nil else { continue }
            depth[c] = 0
            paths[c] = []
            roots[c] = k
            queue.append(c)
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            for (i, a) in system.actions.enumerated() {
                guard let t = system.next(s, a) else { continue }
                transitions += 1
                let c = canonical(t)
                guard depth[c] == nil else { continue }
                depth[c] = (depth[s] ?? 0) + 1
                paths[c] = (paths[s] ?? []) + [i]
                roots[c] = roots[s]
                queue.append(c)
            }
        }
        states = queue.count
        order = queue
        maxDepth = depth.values.max() ?? 0
    }

    /// The first state in BFS order satisfying `p`: its (root, path).
    func firstPath(where p: (S.State) -> Bool) -> (root: Int, actions: [Int])? {
        guard let s = order.first(where: p), let path = paths[s], let root = roots[s] else { return nil }
        return (root, path)
    }
}

/// Replays a trace in the system and checks it is a real execution.
func isExecution<S: ExplorableSystem>(_ trace: Trace<S>, of system: S) -> Bool where S.State: Equatable {
    guard system.initialStates[trace.initialIndex] == trace.initial else { return false }
    var state = trace.initial
    for step in trace.steps {
        guard system.actions[step.actionIndex] == step.action,
              let post = system.next(state, step.action), post == step.state else { return false }
        state = post
    }
    return true
}

/// Everything in a result that must not depend on worker count or timing,
/// as text: counts, fired actions, stop reason, verdicts and full traces.
func render<S: ExplorableSystem>(_ r: ExplorationResult<S>) -> String {
    let st = r.statistics
    var lines = [
        "states \(st.states) transitions \(st.transitions) depth \(st.maxDepth) stop \(r.stopReason)",
        "fired \(st.actionFired) never \(st.neverFired.map { "\($0)" } ?? "-")",
        "witnesses \(st.witnesses.map { "\($0.property)=\($0.witnessed)" })",
    ]
    for o in r.outcomes {
        lines.append("\(o.name) \(o.kind) \(o.verdict)")
        if let t = o.trace {
            lines.append("  init[\(t.initialIndex)] \(t.initial) fail@\(t.failingStep)")
            for s in t.steps { lines.append("  \(s.actionIndex) \(s.action) -> \(s.state)") }
        }
    }
    return lines.joined(separator: "\n")
}

/// Runs `system` with `options` and `properties`, failing the test on error.
func explore<S: ExplorableSystem>(
    _ system: S, _ options: ExplorerOptions = ExplorerOptions(), _ properties: [ExplorerProperty<S>] = []
) throws -> ExplorationResult<S> {
    try Explorer(system: system, options: options).run(properties: properties)
}

extension ExplorerOptions {
    /// Options for tests: `workers` threads, symmetry as given.
    static func with(
        _ strategy: Strategy = .bfs, workers: Int = 1, symmetry: Bool = true, storage: Storage = .exact,
        budgets: Budgets = Budgets(), stopAtFirstViolation: Bool = false, cancellation: CancellationFlag? = nil
    ) -> ExplorerOptions {
        ExplorerOptions(strategy: strategy, workers: workers, symmetry: symmetry, storage: storage,
                        budgets: budgets, stopAtFirstViolation: stopAtFirstViolation, cancellation: cancellation)
    }
}
