import MemoryModel
import PropertyLanguage

/// A counterexample re-executed for `privcheck show`: per step, the call,
/// the context it ran in, what it changed, and memory use after it; then why
/// the property fails. The renderers (`Show+Text`, `Show+JSON`, `ShowSVG`)
/// only read this.
public struct ShowTrace {
    public let file: CounterexampleFile
    public let model: Model
    public let property: CheckedProperty
    /// Memory use before step 1.
    public let initial: MemoryUsage
    /// The steps that ran; a trace that no longer runs stops before the
    /// step that is not enabled (`outcome` says which).
    public let steps: [ShowStep]
    public let outcome: ReplayOutcome
    /// Why the property fails at the failing step; nil when it no longer fails.
    public let explanation: Explanation?
    /// For a reachable property (a witness, not a counterexample): the
    /// first state that reaches it, 0 for the initial state.
    public let reachedAt: Int?

    /// Runs the file's actions in `model`, checking `property` as `replay` does.
    public init(file: CounterexampleFile, model: Model, property: CheckedProperty) {
        self.file = file
        self.model = model
        self.property = property
        let actions = file.steps.map(\.action)
        outcome = Replayer(model: model, property: property).replay(actions)

        var state = model.initialState(ConcreteAlgebra())
        var states = [state]
        var steps: [ShowStep] = []
        initial = MemoryUsage(model, state)
        for (i, action) in actions.enumerated() {
            guard let result = model.step(state, action) else { break }
            steps.append(ShowStep(model: model, number: i + 1, action: action, pre: state, result: result))
            state = result.state
            states.append(state)
        }
        self.steps = steps

        let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
        reachedAt = property.kind == .reachable ? states.firstIndex { evaluator.isTrue(property, in: $0) } : nil
        // The replay and the loop above run the same steps, so the failing
        // step is among them; the index checks only keep a disagreement
        // from trapping.
        switch outcome {
        case .fails(let step) where property.kind == .transition:
            explanation = steps.indices.contains(step - 1)
                ? evaluator.explain(property, pre: steps[step - 1].pre, action: steps[step - 1].action,
                                    post: steps[step - 1].executed.state, ret: steps[step - 1].executed.ret)
                : nil
        case .fails(let step):
            explanation = states.indices.contains(step) ? evaluator.explain(property, in: states[step]) : nil
        case .holds, .diverges:
            explanation = nil
        }
    }

    /// The scope as the file names it: `v3-numa`, or `v3-numa without node 1`
    /// when minimizing took part of it out.
    public var scopeName: String {
        file.scope + (file.scopeReduction.map { " " + $0.description } ?? "")
    }

    /// The execution contexts the trace runs in, in `Context` order, then
    /// calls that run in none: the SVG's lanes.
    public var lanes: [String] {
        let contexts = Set(steps.compactMap(\.context))
        return contexts.sorted().map(Context.name) + (steps.contains { $0.context == nil } ? [ShowStep.kernelLane] : [])
    }

    /// What the replay found, as `replay` words it: which step breaks the
    /// property, or that the trace no longer fails or runs.
    public var headline: String {
        if property.kind == .reachable {
            // Replay has no failure to find here: a reachable property is shown
            // by the state that reaches it.
            guard let step = reachedAt else { return "no state of the trace reaches \(property.name)" }
            return "\(step == 0 ? "the initial state" : "the state after step \(step)") reaches \(property.name)"
        }
        switch outcome {
        case .fails(let step):
            let place = step == 0 ? "the initial state"
                : property.kind == .transition ? "step \(step)" : "the state after step \(step)"
            let note = step == file.failingStep ? "" : " (the file says step \(file.failingStep))"
            return "\(place) breaks \(property.name)\(note)"
        case .holds:
            return "no longer fails: \(property.name) holds at every step"
        case .diverges(let step):
            let call = file.steps.indices.contains(step - 1) ? " (\(model.describe(file.steps[step - 1].action)))" : ""
            return "no longer runs: step \(step)\(call) is not enabled"
        }
    }
}

/// `privcheck show FILE`.
public enum Show {
    /// Reads a counterexample file and re-executes it; a bad file is a
    /// `CounterexampleError`.
    public static func load(file path: String, propertiesDirectory: String) throws -> ShowTrace {
        let file = try CounterexampleFile.read(path)
        let (model, property) = try Replay.load(file, path: path, propertiesDirectory: propertiesDirectory)
        return ShowTrace(file: file, model: model, property: property)
    }
}

/// One step of a shown trace.
public struct ShowStep {
    /// The lane of calls that run in no execution context of their own.
    public static let kernelLane = "kernel"

    /// 1-based.
    public let number: Int
    public let action: Action
    /// The execution context (`Context`), nil for a call that runs in none:
    /// registration, hotplug add and online, folio_put, a driver's service.
    public let context: Int?
    /// The action's family: the kernel function and step.
    public let family: String
    /// The kernel call with its arguments.
    public let call: String
    /// The return value as the call's caller reads it.
    public let result: String
    public let changes: [FieldChange]
    /// Memory use after the step.
    public let usage: MemoryUsage
    /// The states around the step, for the text view and the explanation.
    let pre: ModelState<ConcreteAlgebra>
    let executed: Step<ConcreteAlgebra>

    init(model: Model, number: Int, action: Action, pre: ModelState<ConcreteAlgebra>, result: Step<ConcreteAlgebra>) {
        self.number = number
        self.action = action
        self.context = model.context(of: action)
        self.family = action.family(model.design)
        self.call = model.describe(action)
        self.result = model.describeResult(action, result.ret, after: result.state)
        self.changes = model.changes(from: pre, to: result.state).map { FieldChange(field: $0.name, before: $0.before, after: $0.after) }
        self.usage = MemoryUsage(model, result.state)
        self.pre = pre
        self.executed = result
    }

    /// The lane the step is drawn in: its context's name, or `kernel`.
    public var lane: String { context.map(Context.name) ?? Self.kernelLane }
}

/// A state field a step changed.
public struct FieldChange: Equatable, Sendable, Encodable {
    public var field: String
    public var before: String
    public var after: String
}

/// Pages in use per node and real units in use per compressed device.
public struct MemoryUsage: Equatable, Sendable {
    public var nodes: [NodeUsage]
    public var devices: [DeviceUsage]

    init(_ model: Model, _ s: ModelState<ConcreteAlgebra>) {
        let a = ConcreteAlgebra()
        nodes = model.scope.nodes.indices.map { n in
            NodeUsage(nid: n, kind: model.scope.nodes[n].kind.rawValue, usedPages: model.usedPages(s, n, a),
                      totalPages: model.scope.nodes[n].pages)
        }
        devices = model.scope.nodes.indices.compactMap { n in
            guard let device = model.scope.nodes[n].device, let capacity = device.realCapacity else { return nil }
            return DeviceUsage(nid: n, memtype: device.memtype.rawValue, realUsed: model.realUsed(s, n, a), realCapacity: capacity)
        }
    }
}

/// `usedPages` of a node against the pages its blocks hold.
public struct NodeUsage: Equatable, Sendable {
    public var nid: Int
    /// `dram` or `private`.
    public var kind: String
    public var usedPages: Int
    public var totalPages: Int
}

/// A compressed device's real usage against its real capacity, in real
/// units: above it, the device is overcommitted.
public struct DeviceUsage: Equatable, Sendable {
    public var nid: Int
    /// `cram`, `zswap`.
    public var memtype: String
    public var realUsed: Int
    public var realCapacity: Int
}
