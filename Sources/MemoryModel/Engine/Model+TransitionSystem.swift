import CheckerCore

extension Model: ExplorableSystem {
    public typealias State = ModelState<ConcreteAlgebra>

    public var initialStates: [State] { [initialState(ConcreteAlgebra())] }

    public func next(_ state: State, _ action: Action) -> State? {
        step(state, action)?.state
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
