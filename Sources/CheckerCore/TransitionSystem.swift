/// A model the checker can explore: initial states, and for a state the
/// enabled actions with their successors.
///
/// The explorer, minimizer and simulator see a model only through this
/// protocol, so they know nothing of memory management or of Z3.
public protocol TransitionSystem: Sendable {
    associatedtype State
    associatedtype Action: Hashable & Sendable

    var initialStates: [State] { get }
    /// Every action the model may take, in a fixed order.
    var actions: [Action] { get }
    /// The successor of `state` under `action`, or nil where it is disabled.
    func next(_ state: State, _ action: Action) -> State?
}

extension TransitionSystem {
    /// Enabled actions and their successors, in the model's action order.
    public func successors(of state: State) -> [(action: Action, state: State)] {
        actions.compactMap { a in next(state, a).map { (a, $0) } }
    }
}
