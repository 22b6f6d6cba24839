import CheckerCore

/// An execution of the model from an initial state: a violation's
/// counterexample or a reachable property's witness.
///
/// Every step is a real transition of the model (`next(previous, action)`),
/// also under symmetry reduction: traces are rebuilt by replay
/// (`TraceReplay`), not read back from symmetry representatives.
public struct Trace<S: ExplorableSystem> {
    public struct Step {
        /// The action's position in `system.actions`.
        public let actionIndex: Int
        public let action: S.Action
        /// The state after the action.
        public let state: S.State

        public init(actionIndex: Int, action: S.Action, state: S.State) {
            self.actionIndex = actionIndex
            self.action = action
            self.state = state
        }
    }

    /// The initial state's position in `system.initialStates`.
    public let initialIndex: Int
    public let initial: S.State
    public let steps: [Step]
    /// Where the property failed or was witnessed: 0 is the initial state,
    /// k the state after `steps[k - 1]`; for a transition property, the
    /// transition `steps[k - 1]`. Traces end there, so this is `steps.count`.
    public let failingStep: Int

    public init(initialIndex: Int, initial: S.State, steps: [Step], failingStep: Int) {
        self.initialIndex = initialIndex
        self.initial = initial
        self.steps = steps
        self.failingStep = failingStep
    }

    /// Steps taken.
    public var length: Int { steps.count }

    /// The action indices in order: with `initialIndex`, all it takes to
    /// replay the trace.
    public var actionIndices: [Int] { steps.map(\.actionIndex) }

    /// The last state of the trace.
    public var finalState: S.State { steps.last?.state ?? initial }

    /// The state at position `k` (0 is the initial state).
    public func state(at k: Int) -> S.State {
        k == 0 ? initial : steps[k - 1].state
    }
}

extension Trace.Step: Sendable where S.State: Sendable {}
extension Trace: Sendable where S.State: Sendable {}
