import CheckerCore

extension Model: ExplorableSystem {
    public typealias State = ModelState<ConcreteAlgebra>

    public var initialStates: [State] { [initialState(ConcreteAlgebra())] }

    /// Most actions are disabled in most states; `mayFire` (a necessary
    /// condition of enabledness, `Model+Enabledness.swift`) turns those away
    /// before the state is copied.
    public func next(_ state: State, _ action: Action) -> State? {
        var post = state
        return successor(of: state, action, into: &post) ? post : nil
    }

    public func successor(of state: State, _ action: Action, into post: inout State) -> Bool {
        guard mayFire(state, action) else { return false }
        post = state
        return apply(&post, action, concreteData(action), ConcreteAlgebra()).enabled
    }

    // Packing (State+Packing.swift) and symmetry (Model+Symmetry.swift).

    public var packedWordCount: Int { layout.wordCount }

    @inlinable
    public func pack(_ state: State, into words: UnsafeMutableBufferPointer<UInt64>) {
        layout.pack(state, into: words)
    }

    @inlinable
    public func unpack(_ words: UnsafeBufferPointer<UInt64>) -> State {
        layout.unpack(words)
    }
}
