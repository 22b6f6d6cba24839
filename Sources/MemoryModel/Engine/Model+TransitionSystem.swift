import CheckerCore

extension Model: TransitionSystem {
    public typealias State = ModelState<ConcreteAlgebra>

    public var initialStates: [State] { [initialState(ConcreteAlgebra())] }

    public func next(_ state: State, _ action: Action) -> State? {
        step(state, action)?.state
    }
}
