import CheckerCore
import Foundation
import MemoryModel
import PropertyLanguage
import Testing

/// The shipped library and small helpers to run the engine in tests.
enum Library {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Properties").path
    }

    /// The shipped property `name`, checked for `design`.
    static func property(_ name: String, _ design: Design = .v4) throws -> CheckedProperty {
        let loaded = try PropertyLibrary.load(path: directory + "/" + name + ".prop")
        return try #require(loaded.checked(for: design), "\(name) does not apply to \(design.rawValue)")
    }

    /// A property written in the test.
    static func body(_ body: String, kind: PropertyKind = .invariant, _ design: Design = .v4) throws -> CheckedProperty {
        let text = "// Test.\n// Source: the test.\n\(kind.rawValue) t\n  design \(design.rawValue)\n{\n\(body)\n}\n"
        let loaded = try PropertyLibrary.load(data: Data(text.utf8), path: "t.prop")
        return try #require(loaded.checked(for: design))
    }
}

/// One step the engine took.
struct TakenStep {
    var pre: ModelState<ConcreteAlgebra>
    var action: Action
    var step: Step<ConcreteAlgebra>

    var view: StepView<ConcreteAlgebra> {
        StepView(pre: pre, action: action, data: ActionData(mask: 0, value: 0), ret: step.ret, post: step.state)
    }

    func view(_ model: Model) -> StepView<ConcreteAlgebra> {
        StepView(pre: pre, action: action, data: model.concreteData(action), ret: step.ret, post: step.state)
    }
}

extension Model {
    /// Runs `actions` from the initial state; each must be enabled.
    func run(_ actions: [Action], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [TakenStep] {
        var state = initialState(ConcreteAlgebra())
        var taken: [TakenStep] = []
        for action in actions {
            let step = try #require(self.step(state, action), "\(describe(action)) is not enabled", sourceLocation: sourceLocation)
            taken.append(TakenStep(pre: state, action: action, step: step))
            state = step.state
        }
        return taken
    }
}
