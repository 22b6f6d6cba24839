import CheckerCore

/// Rebuilds traces from what a search keeps: parent pointers (action indices
/// between symmetry representatives) or a random walk's action indices.
///
/// Why replay: with symmetry on the store holds representatives, and the
/// path between them is not an execution (the representative of a successor
/// is in general not a successor of the representative of the actual state).
/// So the trace is replayed from the actual initial state. At each step,
/// with X the current actual state and C = canonical(X) (the stored state
/// the search expanded), the search's step is C --a--> N; the replay takes
/// the FIRST action b in `system.actions` order whose successor of X has
/// the same representative as N, i.e. canonical(next(X, b)) == canonical(N)
/// compared as packed rows. Then canonical(next(X, b)) is again the stored
/// state, and the next step proceeds the same way. The last step of a
/// transition property's trace also requires the property to fail on
/// (X, b, next(X, b)). Without symmetry this picks b = a exactly (the search
/// keeps the first action from the parent), so the trace is the stored path.
@usableFromInline
struct TraceReplay<S: ExplorableSystem> {
    @usableFromInline let system: S
    @usableFromInline let actions: [S.Action]
    @usableFromInline let symmetry: Bool

    @inlinable
    init(system: S, actions: [S.Action], symmetry: Bool) {
        self.system = system
        self.actions = actions
        self.symmetry = symmetry
    }

    /// The initial index and the action indices from an initial state to
    /// stored state `id`, by following parent pointers.
    @inlinable
    static func path<Store: StateStore>(to id: UInt32, in store: Store) -> (root: Int, actions: [Int]) {
        var actions: [Int] = []
        var node = Int(id)
        while store.parent(of: node) != rootParent {
            actions.append(Int(store.action(of: node)))
            node = Int(store.parent(of: node))
        }
        return (Int(store.action(of: node)), actions.reversed())
    }

    /// The trace of a search finding of `property`.
    @inlinable
    func trace<Store: StateStore>(
        of finding: Finding, property: ExplorerProperty<S>, store: Store?
    ) throws(ExplorerError) -> Trace<S> {
        switch finding {
        case .state(let id):
            guard let store else { preconditionFailure("a finding at a stored state, but the search had no store") }
            let (root, path) = Self.path(to: id, in: store)
            return try replay(root: root, path: path, lastTransition: nil, property: property)
        case .transition(let from, let action):
            guard let store else { preconditionFailure("a finding at a stored state, but the search had no store") }
            let (root, path) = Self.path(to: from, in: store)
            return try replay(root: root, path: path, lastTransition: Int(action), property: property)
        case .walk(_, let root, let actions):
            return try replayWalk(root: root, actions: actions.map { Int($0) }, property: property)
        }
    }

    @inlinable
    func packedRepresentative(_ state: S.State) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: system.packedWordCount)
        let representative = symmetry ? system.canonical(state) : state
        words.withUnsafeMutableBufferPointer { system.pack(representative, into: $0) }
        return words
    }

    /// Replays the search's path `path` (action indices between stored
    /// states) from initial state `root`, then, for a transition property,
    /// the search's violating action `lastTransition`.
    @inlinable
    func replay(
        root: Int, path: [Int], lastTransition: Int?, property: ExplorerProperty<S>
    ) throws(ExplorerError) -> Trace<S> {
        let initial = system.initialStates[root]
        var current = initial
        var steps: [Trace<S>.Step] = []
        for a in path {
            guard let step = matchingStep(from: current, searchAction: a, property: nil) else {
                throw .replayDiverged(property: property.name, step: steps.count + 1)
            }
            steps.append(step)
            current = step.state
        }
        if let a = lastTransition {
            guard matchingStep(from: current, searchAction: a, property: nil) != nil else {
                throw .replayDiverged(property: property.name, step: steps.count + 1)
            }
            guard let step = matchingStep(from: current, searchAction: a, property: property) else {
                throw .propertyNotSymmetric(property: property.name)
            }
            steps.append(step)
        } else if !property.isFinding(current) {
            throw .propertyNotSymmetric(property: property.name)
        }
        return Trace(initialIndex: root, initial: initial, steps: steps, failingStep: steps.count)
    }

    /// From actual state `x`, the first action whose successor has the same
    /// representative as the search's successor by `searchAction` (and, given
    /// a transition property, violates it).
    @inlinable
    func matchingStep(from x: S.State, searchAction a: Int, property: ExplorerProperty<S>?) -> Trace<S>.Step? {
        let expanded = symmetry ? system.canonical(x) : x
        guard let searched = system.next(expanded, actions[a]) else { return nil }
        let target = packedRepresentative(searched)
        for b in actions.indices {
            guard let post = system.next(x, actions[b]), packedRepresentative(post) == target else { continue }
            if let property, !property.isFinding(x, actions[b], post) { continue }
            return Trace.Step(actionIndex: b, action: actions[b], state: post)
        }
        return nil
    }

    /// A random walk's prefix, replayed action by action (walks follow the
    /// model itself, never representatives).
    @inlinable
    func replayWalk(root: Int, actions path: [Int], property: ExplorerProperty<S>) throws(ExplorerError) -> Trace<S> {
        let initial = system.initialStates[root]
        var current = initial
        var steps: [Trace<S>.Step] = []
        for a in path {
            guard let post = system.next(current, actions[a]) else {
                throw .replayDiverged(property: property.name, step: steps.count + 1)
            }
            steps.append(Trace.Step(actionIndex: a, action: actions[a], state: post))
            current = post
        }
        return Trace(initialIndex: root, initial: initial, steps: steps, failingStep: steps.count)
    }
}
