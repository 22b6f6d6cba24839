import CheckerCore

/// One thread's share of expanding a BFS level.
///
/// A worker claims chunks of the frontier (contiguous runs of positions) in
/// increasing order, and for each state and each action in order computes
/// the successor, checks transition properties, and packs the successor's
/// representative. A successor already in the store is old; otherwise it is
/// a candidate, kept once per worker (`candidates` dedups locally: the copy
/// kept is the one with the smallest key, since keys only grow within a
/// worker). Each candidate carries its key (parent id, action index). The
/// merge (`BFS.merge`) visits chunks in order, so candidates in key order.
///
/// Findings are recorded per worker as the first in its own order, which is
/// its smallest key; the smallest over workers is the level's first.
///
/// `@unchecked Sendable`: one thread at a time touches a worker, its own
/// during the expansion, then the coordinating thread for the merge.
@usableFromInline
final class BFSWorker<S: ExplorableSystem>: @unchecked Sendable {
    /// A chunk this worker expanded, and its candidates' index range.
    @usableFromInline
    struct Span {
        @usableFromInline var chunk: Int
        @usableFromInline var start: Int
        @usableFromInline var end: Int

        @inlinable
        init(chunk: Int, start: Int, end: Int) {
            self.chunk = chunk
            self.start = start
            self.end = end
        }
    }

    /// "No finding yet" for a key.
    @usableFromInline static var none: UInt64 { .max }

    @usableFromInline var candidates: RowTable
    @usableFromInline var candidateHash: Column<UInt64>
    /// The candidate's key, parent id << 32 | action index: comparing keys
    /// as integers compares (parent position, action) lexicographically.
    @usableFromInline var candidateKey: Column<UInt64>
    /// The id the merge gave the candidate, or `rootParent` if none.
    @usableFromInline var candidateId: Column<UInt32>
    @usableFromInline var spans: [Span] = []
    @usableFromInline var fired: [Int]
    @usableFromInline var transitions = 0
    /// Per undecided state property of this level: the first finding's
    /// candidate index, or -1.
    @usableFromInline var stateFinding: [Int] = []
    /// Per undecided transition property: the first violating key, or `none`.
    @usableFromInline var transitionFinding: [UInt64] = []
    /// A state at the depth limit has a successor not in the store.
    @usableFromInline var sawBeyondLimit = false
    /// The run was cancelled or ran out of time while this worker expanded.
    @usableFromInline var stopped = false
    @usableFromInline let scratch: UnsafeMutablePointer<UInt64>
    @usableFromInline let words: Int

    @usableFromInline
    init(words: Int, actionCount: Int) {
        self.words = words
        candidates = RowTable(words: words)
        candidateHash = Column(capacity: 1024)
        candidateKey = Column(capacity: 1024)
        candidateId = Column(capacity: 1024)
        fired = Array(repeating: 0, count: actionCount)
        scratch = .allocate(capacity: max(1, words))
        scratch.initialize(repeating: 0, count: max(1, words))
    }

    deinit {
        candidates.deallocate()
        candidateHash.deallocate()
        candidateKey.deallocate()
        candidateId.deallocate()
        scratch.deallocate()
    }

    /// Clears the last level's candidates and counters.
    @inlinable
    func reset(stateProperties: Int, transitionProperties: Int) {
        candidates.removeAll()
        candidateHash.removeAll()
        candidateKey.removeAll()
        candidateId.removeAll()
        spans.removeAll(keepingCapacity: true)
        for i in fired.indices { fired[i] = 0 }
        transitions = 0
        stateFinding = Array(repeating: -1, count: stateProperties)
        transitionFinding = Array(repeating: Self.none, count: transitionProperties)
        sawBeyondLimit = false
        stopped = false
    }

    /// Expands the chunks this worker claims from `level.dispenser`.
    ///
    /// The worker's columns and counters are moved into locals for the loop
    /// and back after it: the hot path then touches no class property.
    @inlinable
    func expand<Store: StateStore>(_ level: BFSLevel<S, Store>) {
        let system = level.system
        let actions = level.actions
        let words = self.words
        let scratch = self.scratch
        let out = UnsafeMutableBufferPointer(start: scratch, count: words)
        let visited = level.snapshot
        var candidates = self.candidates
        var candidateHash = self.candidateHash
        var candidateKey = self.candidateKey
        var candidateId = self.candidateId
        var fired: [Int] = []
        var stateFinding: [Int] = []
        var transitionFinding: [UInt64] = []
        swap(&fired, &self.fired)
        swap(&stateFinding, &self.stateFinding)
        swap(&transitionFinding, &self.transitionFinding)
        var transitions = 0
        var sawBeyondLimit = false
        var pending = 0
        defer {
            self.candidates = candidates
            self.candidateHash = candidateHash
            self.candidateKey = candidateKey
            self.candidateId = candidateId
            swap(&fired, &self.fired)
            swap(&stateFinding, &self.stateFinding)
            swap(&transitionFinding, &self.transitionFinding)
            self.transitions += transitions
            self.sawBeyondLimit = self.sawBeyondLimit || sawBeyondLimit
        }
        while true {
            let chunk = level.dispenser.claim()
            let lo = chunk * level.chunkSize
            guard lo < level.count else { break }
            let hi = min(lo + level.chunkSize, level.count)
            if level.control.poll(states: level.storedStates + pending, depth: level.depth, queue: level.count - lo) {
                stopped = true
                break
            }
            let start = candidates.count
            for position in lo..<hi {
                let parentId = UInt64(level.firstId + position)
                let state = system.unpack(UnsafeBufferPointer(start: level.rows + position * words, count: words))
                // One successor buffer per state, overwritten in place by each action.
                var post = state
                for ai in 0..<actions.count {
                    guard system.successor(of: state, actions[ai], into: &post) else { continue }
                    transitions += 1
                    fired[ai] += 1
                    let key = parentId << 32 | UInt64(ai)
                    for j in level.transitionProperties.indices where transitionFinding[j] == Self.none {
                        if level.transitionProperties[j].isFinding(state, actions[ai], post) { transitionFinding[j] = key }
                    }
                    // From here on `post` is the state as stored (its representative).
                    if level.symmetry { system.canonicalize(&post) }
                    system.pack(post, into: out)
                    let hash = RowHash.hash(scratch, count: words)
                    if visited.contains(scratch, hash: hash) { continue }
                    if level.atDepthLimit {
                        sawBeyondLimit = true
                        continue
                    }
                    let (inserted, index) = candidates.insert(scratch, hash: hash)
                    guard inserted else { continue }
                    candidateHash.append(hash)
                    candidateKey.append(key)
                    candidateId.append(rootParent)
                    for j in level.stateProperties.indices where stateFinding[j] < 0 {
                        if level.stateProperties[j].isFinding(post) { stateFinding[j] = index }
                    }
                }
            }
            spans.append(Span(chunk: chunk, start: start, end: candidates.count))
            pending = level.control.addPending(candidates.count - start)
        }
    }
}

/// What workers share while expanding one level: read-only.
@usableFromInline
struct BFSLevel<S: ExplorableSystem, Store: StateStore>: @unchecked Sendable {
    @usableFromInline let system: S
    @usableFromInline let actions: [S.Action]
    @usableFromInline let symmetry: Bool
    /// The store as it is during the level (nothing is appended until the merge).
    @usableFromInline let snapshot: Store.Snapshot
    /// The frontier's packed rows, one after another.
    @usableFromInline let rows: UnsafePointer<UInt64>
    /// The id of the frontier's first state; the others follow in order.
    @usableFromInline let firstId: Int
    @usableFromInline let count: Int
    @usableFromInline let depth: Int
    @usableFromInline let atDepthLimit: Bool
    @usableFromInline let chunkSize: Int
    @usableFromInline let dispenser: ChunkDispenser
    @usableFromInline let control: RunControl
    @usableFromInline let storedStates: Int
    @usableFromInline let stateProperties: [ExplorerProperty<S>]
    @usableFromInline let transitionProperties: [ExplorerProperty<S>]

    @inlinable
    init(
        system: S, actions: [S.Action], symmetry: Bool, store: Store, rows: UnsafePointer<UInt64>,
        firstId: Int, count: Int, depth: Int, atDepthLimit: Bool, chunkSize: Int, dispenser: ChunkDispenser,
        control: RunControl, storedStates: Int, stateProperties: [ExplorerProperty<S>],
        transitionProperties: [ExplorerProperty<S>]
    ) {
        self.system = system
        self.actions = actions
        self.symmetry = symmetry
        snapshot = store.snapshot
        self.rows = rows
        self.firstId = firstId
        self.count = count
        self.depth = depth
        self.atDepthLimit = atDepthLimit
        self.chunkSize = chunkSize
        self.dispenser = dispenser
        self.control = control
        self.storedStates = storedStates
        self.stateProperties = stateProperties
        self.transitionProperties = transitionProperties
    }
}
