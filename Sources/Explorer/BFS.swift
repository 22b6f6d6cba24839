import CheckerCore

/// Level-synchronous breadth-first search, parallel, with results that do
/// not depend on the worker count.
///
/// The order. Initial states get ids 0, 1, ... in `initialStates` order
/// (duplicates, after symmetry reduction, dropped). A state first reached at
/// level d + 1 gets as parent key the smallest (parent id, action index)
/// over its incoming transitions from level d, and level d + 1 is numbered in
/// increasing key order. Since ids grow with the frontier position, this is
/// exactly the order of a sequential BFS that expands the frontier in order
/// and each state's actions in `system.actions` order; a trace (the parent
/// chain) is therefore the shortest, and among shortest the smallest in
/// lexicographic order of (initial index, action indices).
///
/// A level runs in two phases. Expand: workers claim chunks of the frontier
/// and collect candidates (successors not yet stored) with their keys, in
/// parallel, reading the store. Merge: one thread visits the chunks in
/// order and stores each candidate not stored yet; so the first copy of a
/// state in key order wins and ids follow key order. Findings at a level are
/// the smallest-key ones (see `BFSWorker`), and the search ends after the
/// level that decides the last property, so a reported trace is minimal.
@usableFromInline
struct BFS<S: ExplorableSystem, Store: StateStore> {
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
        let workerCount = max(1, options.workers)
        let workers = (0..<workerCount).map { _ in BFSWorker<S>(words: words, actionCount: actions.count) }
        let stateLimit = min(options.budgets.maxStates ?? .max, storeIdLimit)
        // Without stored rows the frontier keeps its own copies.
        var frontier = Column<UInt64>(capacity: Store.keepsRows ? 1 : 1024)
        var nextFrontier = Column<UInt64>(capacity: Store.keepsRows ? 1 : 1024)
        defer {
            frontier.deallocate()
            nextFrontier.deallocate()
        }

        // Level 0: the initial states, in order.
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, words))
        defer { scratch.deallocate() }
        let stateProperties = tracker.undecidedStateProperties
        for (k, initial) in system.initialStates.enumerated() {
            let stored = options.symmetry ? system.canonical(initial) : initial
            system.pack(stored, into: UnsafeMutableBufferPointer(start: scratch, count: words))
            let hash = RowHash.hash(scratch, count: words)
            if store.contains(scratch, hash: hash) { continue }
            if let budget = budgetBeforeAppend(stateLimit: stateLimit) { return .budget(budget) }
            let id = store.appendNew(scratch, hash: hash, parent: rootParent, action: UInt32(k))
            if !Store.keepsRows { nextFrontier.append(contentsOf: scratch, count: words) }
            for i in stateProperties where tracker.properties[i].isFinding(stored) {
                tracker.record(i, .state(id))
            }
        }

        var depth = 0
        var levelStart = 0
        while true {
            let levelEnd = store.count
            if let reason = tracker.stopReason(stopAtFirstViolation: options.stopAtFirstViolation) { return reason }
            if levelEnd == levelStart { return .exhausted }
            if control.poll(states: store.count, depth: depth, queue: levelEnd - levelStart) {
                return control.stopReason ?? .cancelled
            }
            if !Store.keepsRows { swap(&frontier, &nextFrontier) }
            nextFrontier.removeAll()

            let atDepthLimit = options.budgets.maxDepth.map { depth >= $0 } ?? false
            let stateIndices = tracker.undecidedStateProperties
            let transitionIndices = tracker.undecidedTransitionProperties
            for worker in workers {
                worker.reset(stateProperties: stateIndices.count, transitionProperties: transitionIndices.count)
            }
            let count = levelEnd - levelStart
            control.resetPending()
            let level = BFSLevel(
                system: system, actions: actions, symmetry: options.symmetry, store: store,
                rows: Store.keepsRows ? store.row(levelStart) : UnsafePointer(frontier.base),
                firstId: levelStart, count: count, depth: depth, atDepthLimit: atDepthLimit,
                chunkSize: max(1, min(256, count / (workerCount * 8))), dispenser: ChunkDispenser(),
                control: control, storedStates: store.count,
                stateProperties: stateIndices.map { tracker.properties[$0] },
                transitionProperties: transitionIndices.map { tracker.properties[$0] })
            runWorkers(workerCount) { w in workers[w].expand(level) }
            if workers.contains(where: \.stopped) {
                // The level is unfinished: drop it, report what was complete.
                return control.stopReason ?? .cancelled
            }

            for worker in workers {
                counts.transitions += worker.transitions
                for (a, n) in worker.fired.enumerated() { counts.fired[a] += n }
            }
            recordTransitionFindings(workers: workers, indices: transitionIndices)
            if atDepthLimit {
                return workers.contains(where: \.sawBeyondLimit) ? .budget(.depth) : .exhausted
            }
            let budget = merge(workers: workers, stateLimit: stateLimit, nextFrontier: &nextFrontier)
            recordStateFindings(workers: workers, indices: stateIndices)
            if store.count > levelEnd { counts.maxDepth = depth + 1 }
            if let budget { return .budget(budget) }
            depth += 1
            levelStart = levelEnd
        }
    }

    /// The budget an `appendNew` would exceed, if any.
    @inlinable
    func budgetBeforeAppend(stateLimit: Int) -> Budget? {
        if store.count >= stateLimit { return .states }
        if let limit = options.budgets.memoryBytes, store.bytesAfterAppend > limit { return .memory }
        return nil
    }

    /// Stores the level's candidates in key order (chunk by chunk); the
    /// budget that stopped it, if one did.
    @inlinable
    func merge(workers: [BFSWorker<S>], stateLimit: Int, nextFrontier: inout Column<UInt64>) -> Budget? {
        var spans: [(worker: BFSWorker<S>, span: BFSWorker<S>.Span)] = []
        for worker in workers { spans += worker.spans.map { (worker, $0) } }
        spans.sort { $0.span.chunk < $1.span.chunk }
        let words = system.packedWordCount
        for (worker, span) in spans {
            // Value copies of the worker's columns: no class access per row.
            let candidates = worker.candidates
            let hashes = worker.candidateHash
            let keys = worker.candidateKey
            let ids = worker.candidateId
            for i in span.start..<span.end {
                let row = candidates.row(i)
                let hash = hashes[i]
                if store.contains(row, hash: hash) { continue }
                if let budget = budgetBeforeAppend(stateLimit: stateLimit) { return budget }
                let key = keys[i]
                ids[i] = store.appendNew(
                    row, hash: hash, parent: UInt32(truncatingIfNeeded: key >> 32),
                    action: UInt32(truncatingIfNeeded: key))
                if !Store.keepsRows { nextFrontier.append(contentsOf: row, count: words) }
            }
        }
        return nil
    }

    /// Per transition property, the smallest violating key over workers.
    @inlinable
    mutating func recordTransitionFindings(workers: [BFSWorker<S>], indices: [Int]) {
        for (j, property) in indices.enumerated() {
            let key = workers.map { $0.transitionFinding[j] }.min() ?? BFSWorker<S>.none
            guard key != BFSWorker<S>.none else { continue }
            tracker.record(property, .transition(
                from: UInt32(truncatingIfNeeded: key >> 32), action: UInt32(truncatingIfNeeded: key)))
        }
    }

    /// Per state property, the smallest-key finding over workers, if the
    /// merge stored it. (It is a state's first copy: a smaller copy of the
    /// same state would be a finding too. If the budget kept it out, it kept
    /// out every larger finding as well.)
    @inlinable
    mutating func recordStateFindings(workers: [BFSWorker<S>], indices: [Int]) {
        for (j, property) in indices.enumerated() {
            var bestKey = BFSWorker<S>.none
            var bestId = rootParent
            for worker in workers where worker.stateFinding[j] >= 0 {
                let index = worker.stateFinding[j]
                if worker.candidateKey[index] < bestKey {
                    bestKey = worker.candidateKey[index]
                    bestId = worker.candidateId[index]
                }
            }
            if bestId != rootParent { tracker.record(property, .state(bestId)) }
        }
    }
}

/// Counters of a search that do not depend on the worker count.
@usableFromInline
struct SearchCounts {
    @usableFromInline var transitions = 0
    @usableFromInline var maxDepth = 0
    @usableFromInline var fired: [Int]
    /// Random walks: states visited (exhaustive searches use the store's count).
    @usableFromInline var visited = 0

    @inlinable
    init(actionCount: Int) {
        fired = Array(repeating: 0, count: actionCount)
    }
}

/// What a strategy hands back for the result to be assembled.
@usableFromInline
struct SearchOutcome<S: ExplorableSystem, Store: StateStore> {
    @usableFromInline let store: Store?
    @usableFromInline let tracker: PropertyTracker<S>
    @usableFromInline let counts: SearchCounts
    @usableFromInline let stopReason: StopReason

    @inlinable
    init(store: Store?, tracker: PropertyTracker<S>, counts: SearchCounts, stopReason: StopReason) {
        self.store = store
        self.tracker = tracker
        self.counts = counts
        self.stopReason = stopReason
    }
}
