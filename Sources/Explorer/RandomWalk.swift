import CheckerCore

/// Random walks, for scopes too large to exhaust: `walks` walks of at most
/// `depth` steps, in parallel, with results that depend only on the seed.
///
/// Walk i uses its own generator, `SplitMix64(seed: walkSeed(seed, i))`, so
/// it is the same walk whichever worker runs it. A walk draws its initial
/// state (`next() % initialStates.count`, drawn even when there is one),
/// then at each step the action among the enabled ones (`next() % enabled`,
/// in `system.actions` order), and ends early where none is enabled. State
/// properties are checked on every state of a walk, transition properties
/// on every step taken. Walks
/// follow the model itself: no store, no symmetry. Every walk runs to its
/// end (finding a violation does not shorten it), so the statistics too are
/// the same at any worker count.
///
/// Each property reports the finding of the lowest-numbered walk that has
/// one, cut at that walk's first finding (its shortest prefix that shows
/// it). Invariants and transition properties are never `holds` (a walk is
/// not exhaustive); a reachable property's witness is a proof, so `holds`.
@usableFromInline
struct RandomWalks<S: ExplorableSystem> {
    @usableFromInline let system: S
    @usableFromInline let options: ExplorerOptions
    @usableFromInline let control: RunControl
    @usableFromInline let properties: [ExplorerProperty<S>]
    @usableFromInline let walks: Int
    @usableFromInline let depth: Int
    @usableFromInline let seed: UInt64

    @inlinable
    init(system: S, options: ExplorerOptions, properties: [ExplorerProperty<S>], control: RunControl,
         walks: Int, depth: Int, seed: UInt64) {
        self.system = system
        self.options = options
        self.control = control
        self.properties = properties
        self.walks = walks
        self.depth = depth
        self.seed = seed
    }

    /// The seed of walk `i`: the (i+1)-th output of `SplitMix64(seed: seed)`,
    /// computed directly.
    @inlinable
    static func walkSeed(_ seed: UInt64, _ i: Int) -> UInt64 {
        var generator = SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        return generator.next()
    }

    @inlinable
    func run() -> SearchOutcome<S, ExactStore> {
        let workerCount = max(1, options.workers)
        let workers = (0..<workerCount).map { _ in
            WalkWorker<S>(propertyCount: properties.count, actionCount: system.actions.count)
        }
        let dispenser = ChunkDispenser()
        let job = WalkJob(
            system: system, actions: system.actions, properties: properties, walks: walks, depth: depth,
            seed: seed, dispenser: dispenser, control: control)
        if !system.initialStates.isEmpty {
            runWorkers(workerCount) { w in workers[w].run(job) }
        }

        var tracker = PropertyTracker(properties: properties)
        var counts = SearchCounts(actionCount: system.actions.count)
        for worker in workers {
            counts.transitions += worker.transitions
            counts.visited += worker.visited
            counts.maxDepth = max(counts.maxDepth, worker.maxDepth)
            for (a, n) in worker.fired.enumerated() { counts.fired[a] += n }
        }
        for i in properties.indices {
            let lowest = workers.compactMap { $0.findings[i] }.min { $0.walk < $1.walk }
            if let lowest {
                tracker.record(i, .walk(walk: lowest.walk, root: lowest.root, actions: lowest.actions))
            }
        }
        let reason = workers.contains(where: \.stopped) ? (control.stopReason ?? .cancelled) : .walksCompleted
        return SearchOutcome(store: nil, tracker: tracker, counts: counts, stopReason: reason)
    }
}

/// What walk workers share: read-only.
@usableFromInline
struct WalkJob<S: ExplorableSystem>: Sendable {
    @usableFromInline let system: S
    @usableFromInline let actions: [S.Action]
    @usableFromInline let properties: [ExplorerProperty<S>]
    @usableFromInline let walks: Int
    @usableFromInline let depth: Int
    @usableFromInline let seed: UInt64
    @usableFromInline let dispenser: ChunkDispenser
    @usableFromInline let control: RunControl

    @inlinable
    init(system: S, actions: [S.Action], properties: [ExplorerProperty<S>], walks: Int, depth: Int,
         seed: UInt64, dispenser: ChunkDispenser, control: RunControl) {
        self.system = system
        self.actions = actions
        self.properties = properties
        self.walks = walks
        self.depth = depth
        self.seed = seed
        self.dispenser = dispenser
        self.control = control
    }
}

/// One thread's walks: it claims walk numbers in increasing order, so its
/// first finding of a property is from its lowest-numbered walk.
@usableFromInline
final class WalkWorker<S: ExplorableSystem>: @unchecked Sendable {
    @usableFromInline
    struct WalkFinding {
        @usableFromInline var walk: Int
        @usableFromInline var root: Int
        @usableFromInline var actions: [UInt32]

        @inlinable
        init(walk: Int, root: Int, actions: [UInt32]) {
            self.walk = walk
            self.root = root
            self.actions = actions
        }
    }

    @usableFromInline var findings: [WalkFinding?]
    @usableFromInline var fired: [Int]
    @usableFromInline var transitions = 0
    @usableFromInline var visited = 0
    @usableFromInline var maxDepth = 0
    @usableFromInline var stopped = false

    @usableFromInline
    init(propertyCount: Int, actionCount: Int) {
        findings = Array(repeating: nil, count: propertyCount)
        fired = Array(repeating: 0, count: actionCount)
    }

    @inlinable
    func run(_ job: WalkJob<S>) {
        let system = job.system
        let actions = job.actions
        let initialStates = system.initialStates
        var enabled: [(action: Int, state: S.State)] = []
        var taken: [UInt32] = []
        while true {
            let walk = job.dispenser.claim()
            guard walk < job.walks else { break }
            if job.control.poll(states: visited, depth: job.depth, queue: job.walks - walk) {
                stopped = true
                break
            }
            var rng = SplitMix64(seed: RandomWalks<S>.walkSeed(job.seed, walk))
            let root = Int(rng.next() % UInt64(initialStates.count))
            var state = initialStates[root]
            taken.removeAll(keepingCapacity: true)
            visited += 1
            check(state, walk: walk, root: root, taken: taken, job: job)
            for step in 0..<job.depth {
                // Long walks poll too, so cancellation is prompt.
                if step & 4095 == 4095, job.control.poll(states: visited, depth: step, queue: job.walks - walk) {
                    stopped = true
                    return
                }
                enabled.removeAll(keepingCapacity: true)
                for ai in actions.indices {
                    if let post = system.next(state, actions[ai]) { enabled.append((ai, post)) }
                }
                guard !enabled.isEmpty else { break }
                let (ai, post) = enabled[Int(rng.next() % UInt64(enabled.count))]
                transitions += 1
                fired[ai] += 1
                taken.append(UInt32(ai))
                for i in job.properties.indices where findings[i] == nil && job.properties[i].kind == .transition {
                    if job.properties[i].isFinding(state, actions[ai], post) {
                        findings[i] = WalkFinding(walk: walk, root: root, actions: taken)
                    }
                }
                state = post
                visited += 1
                check(state, walk: walk, root: root, taken: taken, job: job)
            }
            maxDepth = max(maxDepth, taken.count)
        }
    }

    /// Checks the state properties this worker has no finding for yet.
    @inlinable
    func check(_ state: S.State, walk: Int, root: Int, taken: [UInt32], job: WalkJob<S>) {
        for i in job.properties.indices where findings[i] == nil && job.properties[i].kind != .transition {
            if job.properties[i].isFinding(state) {
                findings[i] = WalkFinding(walk: walk, root: root, actions: taken)
            }
        }
    }
}
