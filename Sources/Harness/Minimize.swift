import MemoryModel
import Minimizer
import PropertyLanguage

/// `privcheck minimize`, and the minimization `check` applies to every new
/// counterexample: the model's side of the Minimizer (what "still fails"
/// means, which actions are simpler, the order of actions).
public enum Minimize {
    public typealias Statistics = Minimizer<Action>.Statistics

    /// What minimizing a counterexample gave.
    public struct Result {
        /// The trace, in `model`'s numbering.
        public var actions: [Action]
        /// Steps to the failure (0: the initial state); the trace's length.
        public var failingStep: Int
        /// What was taken out of the scope; `model` runs on what is left.
        public var reduction: ScopeReduction
        public var model: Model
        public var statistics: Statistics
        /// Nodes, tasks and folio slots the scope-reduction pass tried to take out, and took out.
        public var dropsTried = 0
        public var dropsKept = 0
    }

    /// The shortest, simplest failing trace the minimizer reaches from
    /// `actions`, in the smallest scope it still fails in: the trace passes
    /// run to a fixpoint, then each node, task and folio slot is taken out
    /// of the scope in turn (highest index first), its steps with it, and
    /// kept out when the trace still fails; the passes run again after each.
    ///
    /// A property that names nodes, folios or tasks by number (not
    /// `symmetric`) keeps the whole scope: renumbering would change what it says.
    public static func minimize(_ actions: [Action], model: Model, property: CheckedProperty) -> Result {
        let base = model.scope
        var (trace, statistics) = minimizeTrace(actions, model: model, property: property)
        var result = Result(actions: trace, failingStep: trace.count, reduction: ScopeReduction(), model: model,
                            statistics: statistics)
        guard property.symmetric else { return result }
        var dropped = true
        while dropped {
            dropped = false
            let scope = result.model.scope
            let candidates = (0..<scope.nodes.count).reversed().map { ScopeReduction(nodes: [$0]) }
                + (0..<scope.tasks.count).reversed().map { ScopeReduction(tasks: [$0]) }
                + (0..<scope.folios).reversed().map { ScopeReduction(folios: [$0]) }
            for single in candidates {
                guard let smaller = scope.reduced(by: single),
                      let reducedModel = try? Model(scope: smaller, design: model.design, mutant: model.mutant) else { continue }
                result.dropsTried += 1
                let mapped = result.actions.compactMap { scope.map($0, by: single) }
                guard Replayer(model: reducedModel, property: property).replay(mapped).stillFails else { continue }
                (trace, statistics) = minimizeTrace(mapped, model: reducedModel, property: property)
                result.actions = trace
                result.failingStep = trace.count
                result.model = reducedModel
                result.reduction = result.reduction.adding(single, base: base)
                result.statistics.add(statistics)
                result.dropsKept += 1
                dropped = true
                break
            }
        }
        return result
    }

    /// The trace passes alone, in one model.
    static func minimizeTrace(_ actions: [Action], model: Model, property: CheckedProperty)
        -> (trace: [Action], statistics: Statistics) {
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
            rank: { rank[$0] ?? Int.max },
            lane: { lane(of: $0, model: model) })
        return minimizer.minimize(actions)
    }

    /// The lane a step runs in: its execution context, or one lane for
    /// every call that runs in none (as `show` draws them).
    static func lane(of action: Action, model: Model) -> Int { model.context(of: action) ?? Context.count }

    /// How big a trace is, in what makes it hard to read.
    public struct Size: Equatable, Sendable, CustomStringConvertible {
        public init(steps: Int, taskSwitches: Int, nodes: Int) {
            self.steps = steps
            self.taskSwitches = taskSwitches
            self.nodes = nodes
        }

        public var steps: Int
        /// Consecutive steps in different lanes (tasks, kswapd, hotplug, irq, the rest).
        public var taskSwitches: Int
        /// Nodes the trace touches: whose fields change, or that hold a folio in use.
        public var nodes: Int

        public var description: String { "\(steps) steps, \(taskSwitches) task switches, \(nodes) nodes" }
    }

    public static func size(_ actions: [Action], model: Model) -> Size {
        var nodes = Set<Int>()
        var state = model.initialState(ConcreteAlgebra())
        for action in actions {
            guard let next = model.step(state, action) else { break }
            for change in model.changes(from: state, to: next.state) where change.name.hasPrefix("node[") {
                if let n = Int(change.name.dropFirst(5).prefix { $0.isNumber }) { nodes.insert(n) }
            }
            for f in 0..<model.folioCount where next.state.folio[f].in_use { nodes.insert(next.state.folio[f].nid) }
            state = next.state
        }
        let switches = Minimizer<Action>.switches(actions) { lane(of: $0, model: model) }
        return Size(steps: actions.count, taskSwitches: switches, nodes: nodes.count)
    }

    /// Minimizes a counterexample file; the result keeps everything but the steps.
    public static func run(file path: String, propertiesDirectory: String) throws
        -> (file: CounterexampleFile, before: Size, after: Size, result: Result) {
        let file = try CounterexampleFile.read(path)
        let (model, property) = try Replay.load(file, path: path, propertiesDirectory: propertiesDirectory)
        let base = try Scope.named(file.scope)
        let actions = file.steps.map(\.action)
        guard Replayer(model: model, property: property).replay(actions).stillFails else {
            throw CounterexampleError.doesNotFail(path)
        }
        let result = minimize(actions, model: model, property: property)
        var minimized = file
        minimized.steps = result.actions.map { .init(call: result.model.describe($0), action: $0) }
        minimized.failingStep = result.failingStep
        minimized.scopeReduction = (file.scopeReduction ?? ScopeReduction()).adding(result.reduction, base: base).nilIfEmpty
        return (minimized, size(actions, model: model), size(result.actions, model: result.model), result)
    }

    /// What `minimize` prints about a run: the sizes, and with `verbose`
    /// what each pass tried and kept.
    public static func report(before: Size, after: Size, _ result: Result, verbose: Bool) -> String {
        var lines = [
            "steps: \(before.steps) -> \(after.steps)",
            "task switches: \(before.taskSwitches) -> \(after.taskSwitches)",
            "nodes: \(before.nodes) -> \(after.nodes)",
        ]
        if !result.reduction.isEmpty { lines.append("scope: \(result.model.scope.name) \(result.reduction.description)") }
        let statistics = result.statistics
        if verbose {
            lines.append("rounds: \(statistics.rounds)")
            for pass in statistics.passes {
                lines.append("  \(pass.name): \(pass.candidates) candidates tried, \(pass.kept) kept")
            }
            lines.append("  drop nodes, tasks, folio slots: \(result.dropsTried) tried, \(result.dropsKept) kept")
        }
        return lines.joined(separator: "\n")
    }
}
