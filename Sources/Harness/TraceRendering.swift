import MemoryModel

/// A trace as kernel calls, each with its result and the fields it changed:
/// the form `simulate`, `check` and `replay` print.
public struct TraceRenderer {
    public let model: Model

    public init(model: Model) {
        self.model = model
    }

    /// Lines for `actions` run from the initial state, numbered from 1; a
    /// step that is not enabled ends the listing with a line saying so.
    public func lines(_ actions: [Action], indent: String = "  ") -> [String] {
        var out: [String] = []
        var state = model.initialState(ConcreteAlgebra())
        for (i, action) in actions.enumerated() {
            guard let result = model.step(state, action) else {
                out.append("\(indent)\(i + 1). \(model.describe(action)): not enabled here")
                break
            }
            out += step(i + 1, action, from: state, result, indent: indent)
            state = result.state
        }
        return out
    }

    /// One step: the call with its result, then each field it changed.
    public func step(_ number: Int, _ action: Action, from pre: ModelState<ConcreteAlgebra>,
                     _ result: Step<ConcreteAlgebra>, indent: String = "") -> [String] {
        ["\(indent)\(number). \(model.describe(action)) = \(model.describeResult(action, result.ret, after: result.state))"]
            + model.changes(from: pre, to: result.state).map {
                "\(indent)     \($0.name): \($0.before) -> \($0.after)"
            }
    }
}
