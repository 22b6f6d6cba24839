/// A transition system the explorer can store compactly and reduce by symmetry.
///
/// The explorer keeps states as fixed-width rows of 64-bit words: the model
/// packs its own state (it knows each field's range in the scope), and the
/// explorer hashes and compares the words without decoding them.
public protocol ExplorableSystem: TransitionSystem {
    /// Words of one packed state; the same for every state of the system.
    var packedWordCount: Int { get }
    /// Writes `state` into `words` (exactly `packedWordCount` of them).
    /// Equal states give equal words, and unequal states unequal words.
    func pack(_ state: State, into words: UnsafeMutableBufferPointer<UInt64>)
    /// The state `pack` wrote into `words`.
    func unpack(_ words: UnsafeBufferPointer<UInt64>) -> State
    /// The representative of `state`'s symmetry class: states that differ only
    /// by a permutation of interchangeable folio slots, tasks or identically
    /// configured nodes have the same representative. A model without
    /// symmetry returns `state`. The explorer stores representatives when
    /// symmetry reduction is on.
    func canonical(_ state: State) -> State

    /// `next` without copies: `post` becomes the successor of `state` under
    /// `action` and the result is true, or the result is false (the action
    /// is disabled) and `post` holds anything. The explorer's hot loop.
    func successor(of state: State, _ action: Action, into post: inout State) -> Bool
    /// `canonical` in place.
    func canonicalize(_ state: inout State)
}

extension ExplorableSystem {
    @inlinable
    public func successor(of state: State, _ action: Action, into post: inout State) -> Bool {
        guard let next = next(state, action) else { return false }
        post = next
        return true
    }

    @inlinable
    public func canonicalize(_ state: inout State) {
        state = canonical(state)
    }
}
