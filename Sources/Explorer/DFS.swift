import CheckerCore

/// Depth-first search, single-threaded (the worker count is ignored): a
/// depth-first order is inherently sequential, and splitting it would make
/// its traces depend on scheduling. Use BFS to use every core.
///
/// The order: initial states in order; from each stored state, actions in
/// `system.actions` order, descending into each successor not stored yet.
/// The stack holds states (not rows), so only the store grows with the
/// space. Traces are the stack path at first discovery: real, deterministic,
/// not shortest. With a depth budget a state first reached deep and later
/// reachable shallower is not re-expanded; the run is then marked
/// incomplete anyway, since its successors were cut off.
@usableFromInline
struct DFS<S: ExplorableSystem, Store: StateStore> {
    @usableFromInline let system: S
    @usableFromInline let options: ExplorerOptions
    @usableFromInline let control: RunControl
    @usableFromInline let store: Store
    @usableFromInline var tracker: PropertyTracker<S>
    @usableFromInline var counts: SearchCounts

    @inlinable
    init(system: S, options: ExplorerOptions, properties: [ExplorerProperty<S>], control: RunControl, store: Store) {
        self.system = system
        self.options = options
        self.control = control
        self.store = store
        tracker = PropertyTracker(properties: properties)
        counts = SearchCounts(actionCount: system.actions.count)
    }

    @inlinable
    mutating func run() -> SearchOutcome<S, Store> {
        let reason = search()
        return SearchOutcome(store: store, tracker: tracker, counts: counts, stopReason: reason)
    }

    @inlinable
    mutating func search() -> StopReason {
        let actions = system.actions
        let words = system.packedWordCount
        let stateLimit = min(options.budgets.maxStates ?? .max, storeIdLimit)
        let maxDepth = options.budgets.maxDepth ?? .max
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, words))
        defer { scratch.deallocate() }
        let out = UnsafeMutableBufferPointer(start: scratch, count: words)
        var stack: [S.State] = []
        var ids: [UInt32] = []
        var cursors: [Int] = []
        var sawBeyondLimit = false
        var sincePoll = 0
        if control.poll(states: 0, depth: 0, queue: 0) { return control.stopReason ?? .cancelled }

        /// Stores `state` reached by (parent, action) if new, and checks
        /// state properties on it.
        func visit(_ state: S.State, parent: UInt32, action: Int, depth: Int) -> Visit {
            system.pack(state, into: out)
            let hash = RowHash.hash(scratch, count: words)
            if store.contains(scratch, hash: hash) { return .old }
            if depth > maxDepth {
                sawBeyondLimit = true
                return .old
            }
            if store.count >= stateLimit { return .budget(.states) }
            if let limit = options.budgets.memoryBytes, store.bytesAfterAppend > limit { return .budget(.memory) }
            let id = store.appendNew(scratch, hash: hash, parent: parent, action: UInt32(action))
            counts.maxDepth = max(counts.maxDepth, depth)
            for i in tracker.undecidedStateProperties where tracker.properties[i].isFinding(state) {
                tracker.record(i, .state(id))
            }
            return .new(id)
        }

        for (k, initial) in system.initialStates.enumerated() {
            let stored = options.symmetry ? system.canonical(initial) : initial
            switch visit(stored, parent: rootParent, action: k, depth: 0) {
            case .budget(let budget): return .budget(budget)
            case .old: continue
            case .new(let id):
                stack.append(stored)
                ids.append(id)
                cursors.append(0)
            }
            if let reason = tracker.stopReason(stopAtFirstViolation: options.stopAtFirstViolation) { return reason }

            while let top = stack.indices.last {
                let ai = cursors[top]
                guard ai < actions.count else {
                    stack.removeLast()
                    ids.removeLast()
                    cursors.removeLast()
                    continue
                }
                cursors[top] = ai + 1
                sincePoll += 1
                if sincePoll >= 1024 {
                    sincePoll = 0
                    if control.poll(states: store.count, depth: top, queue: stack.count) {
                        return control.stopReason ?? .cancelled
                    }
                }
                guard let post = system.next(stack[top], actions[ai]) else { continue }
                counts.transitions += 1
                counts.fired[ai] += 1
                for i in tracker.undecidedTransitionProperties
                where tracker.properties[i].isFinding(stack[top], actions[ai], post) {
                    tracker.record(i, .transition(from: ids[top], action: UInt32(ai)))
                }
                let stored = options.symmetry ? system.canonical(post) : post
                switch visit(stored, parent: ids[top], action: ai, depth: top + 1) {
                case .budget(let budget): return .budget(budget)
                case .old: break
                case .new(let id):
                    stack.append(stored)
                    ids.append(id)
                    cursors.append(0)
                }
                if let reason = tracker.stopReason(stopAtFirstViolation: options.stopAtFirstViolation) { return reason }
            }
        }
        return sawBeyondLimit ? .budget(.depth) : .exhausted
    }
}

/// What `DFS.visit` did with a successor.
@usableFromInline
enum Visit {
    /// Stored before (or beyond the depth budget): nothing to do.
    case old
    /// Stored now with this id: descend into it.
    case new(UInt32)
    /// Not stored: this budget is spent.
    case budget(Budget)
}
