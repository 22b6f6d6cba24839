import MemoryModel
import PropertyLanguage

/// What re-executing a counterexample in the engine shows.
public enum ReplayOutcome: Equatable, Sendable {
    /// The property fails, first after `step` steps (0: in the initial state).
    case fails(step: Int)
    /// Every step runs and the property holds throughout.
    case holds
    /// Step `step` (1-based) is not enabled any more: the trace no longer runs.
    case diverges(step: Int)

    public var stillFails: Bool { if case .fails = self { true } else { false } }
}

/// Re-executes a trace in the engine, checking a property at every state or step.
public struct Replayer {
    public let model: Model
    public let property: CheckedProperty

    public init(model: Model, property: CheckedProperty) {
        self.model = model
        self.property = property
    }

    public func replay(_ actions: [Action]) -> ReplayOutcome {
        let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
        var state = model.initialState(ConcreteAlgebra())
        if property.kind == .invariant && !evaluator.isTrue(property, in: state) { return .fails(step: 0) }
        for (i, action) in actions.enumerated() {
            let data = model.concreteData(action)
            let step = model.step(state, action, data, ConcreteAlgebra())
            guard step.enabled else { return .diverges(step: i + 1) }
            switch property.kind {
            case .invariant:
                if !evaluator.isTrue(property, in: step.state) { return .fails(step: i + 1) }
            case .transition:
                if !evaluator.isTrue(property, pre: state, action: action, post: step.state, ret: { step.ret }) {
                    return .fails(step: i + 1)
                }
            case .reachable:
                break
            }
            state = step.state
        }
        return .holds
    }
}

/// `privcheck replay FILE`.
public enum Replay {
    /// The model and the property a counterexample file names.
    public static func load(_ file: CounterexampleFile, path: String, propertiesDirectory: String) throws
        -> (Model, CheckedProperty) {
        try load(file, path: path, library: Lint.library([propertiesDirectory]))
    }

    /// The same, with the property library already loaded.
    static func load(_ file: CounterexampleFile, path: String, library: [LoadedProperty]) throws -> (Model, CheckedProperty) {
        var scope = try Scope.named(file.scope)
        if let reduction = file.scopeReduction {
            guard let reduced = scope.reduced(by: reduction) else {
                throw CounterexampleError.malformed(path, "'scope_reduction' takes out of scope \(file.scope) more than a scope can lose (\(reduction.description))")
            }
            scope = reduced
        }
        let model = try Model(scope: scope, design: file.design, mutant: file.mutant)
        guard let loaded = library.first(where: { $0.name == file.property }) else {
            throw CounterexampleError.unknownProperty(path, "the property '\(file.property)' is not in the library")
        }
        guard let property = loaded.checked(for: file.design) else {
            throw CounterexampleError.unknownProperty(path, "the property '\(file.property)' does not apply to design \(file.design.rawValue)")
        }
        guard property.kind.rawValue == file.kind else {
            throw CounterexampleError.unknownProperty(path, "the file says '\(file.property)' is \(file.kind == "invariant" ? "an" : "a") \(file.kind) property; the library's is \(property.kind == .invariant ? "an" : "a") \(property.kind.rawValue) one")
        }
        return (model, property)
    }

    /// Replays the file; the text says what happened, step by step.
    public static func run(file path: String, propertiesDirectory: String) throws -> (ReplayOutcome, String) {
        let file = try CounterexampleFile.read(path)
        let (model, property) = try load(file, path: path, propertiesDirectory: propertiesDirectory)
        let actions = file.steps.map(\.action)
        let outcome = Replayer(model: model, property: property).replay(actions)
        var lines = ["replay \(path): \(file.property) on design \(file.design.rawValue)"
                     + "\(file.mutant.map { ", mutant \($0.rawValue)" } ?? ""), scope \(file.scope)"]
        lines += TraceRenderer(model: model).lines(actions)
        switch outcome {
        case _ where property.kind == .reachable:
            // A witness fails by being unreachable, which only exploring the scope can show.
            lines.append("a reachable property: whether any run reaches \(file.property) is decided by privcheck check on scope \(file.scope)")
        case .fails(let step):
            lines.append("still fails: " + (step == 0 ? "the initial state" : property.kind == .transition ? "step \(step)" : "the state after step \(step)")
                         + " breaks \(file.property)" + (step == file.failingStep ? "" : " (the file says step \(file.failingStep))"))
        case .holds:
            lines.append("no longer fails: \(file.property) holds at every step")
        case .diverges(let step):
            lines.append("no longer runs: step \(step) is not enabled")
        }
        if let expected = file.expected {
            lines.append("expected \(expected.rawValue) (regression database): \(file.reason ?? "")")
        }
        return (outcome, lines.joined(separator: "\n"))
    }
}
