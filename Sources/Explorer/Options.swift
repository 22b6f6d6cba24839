/// How a run searches, stores states, and when it gives up.
///
/// Every field has a default, so `ExplorerOptions()` is an exhaustive
/// breadth-first search with symmetry reduction, exact storage and one worker
/// per core.
public struct ExplorerOptions: Sendable {
    /// The order in which states are visited.
    public enum Strategy: Sendable, Equatable {
        /// Level by level: the first violation found is a shortest one. Parallel.
        case bfs
        /// Depth first, single-threaded: less memory for the search queue,
        /// traces are not shortest.
        case dfs
        /// `walks` random walks of at most `depth` steps each, walk `i` seeded
        /// from `(seed, i)`; for scopes too large to exhaust. Never `holds`.
        case random(walks: Int, depth: Int, seed: UInt64)
    }

    /// What the visited set keeps of each state.
    public enum Storage: Sendable, Equatable {
        /// The packed row itself: no state is ever wrongly taken as visited.
        case exact
        /// A 64-bit hash of the row only: 8 bytes a state, but two states
        /// with the same hash are taken as one, so a state may be omitted
        /// (with probability at most n²/2⁶⁵ for n states; reported).
        case fingerprint
    }

    public var strategy: Strategy
    /// Threads expanding a BFS level or running random walks. Results do not
    /// depend on it. DFS always uses one.
    public var workers: Int
    /// Store each state's symmetry representative (`canonical`) instead of the
    /// state, so symmetric states are explored once (BFS, DFS; random walks
    /// store nothing and follow the model itself).
    public var symmetry: Bool
    public var storage: Storage
    public var budgets: Budgets
    /// End the run after the BFS level (or the DFS step) in which the first
    /// invariant or transition property is violated, even if other
    /// properties are undecided. Off: explore until every property has a
    /// verdict or the space is exhausted. Random walks always run every walk
    /// (so that their statistics do not depend on scheduling).
    public var stopAtFirstViolation: Bool
    /// Set by the caller (say, on SIGINT) to end the run early; the run then
    /// returns `incomplete` verdicts with the statistics so far.
    public var cancellation: CancellationFlag?
    /// Called at most once a second with how far the run has got; from any
    /// thread. Never decides anything.
    public var progress: (@Sendable (ExplorationProgress) -> Void)?

    public init(
        strategy: Strategy = .bfs,
        workers: Int = ExplorerOptions.availableCores,
        symmetry: Bool = true,
        storage: Storage = .exact,
        budgets: Budgets = Budgets(),
        stopAtFirstViolation: Bool = false,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (ExplorationProgress) -> Void)? = nil
    ) {
        self.strategy = strategy
        self.workers = workers
        self.symmetry = symmetry
        self.storage = storage
        self.budgets = budgets
        self.stopAtFirstViolation = stopAtFirstViolation
        self.cancellation = cancellation
        self.progress = progress
    }

    /// Processors online, the default worker count.
    public static var availableCores: Int { onlineProcessorCount() }
}

/// Limits on a run. Reaching one makes every undecided property `incomplete`.
public struct Budgets: Sendable, Equatable {
    /// Distinct states stored (BFS, DFS).
    public var maxStates: Int?
    /// States deeper than this are not stored; the run is incomplete only if
    /// a state at this depth has a successor not already stored (BFS, DFS).
    public var maxDepth: Int?
    /// Wall-clock seconds (all strategies). Only ever ends a run.
    public var timeLimit: Double?
    /// Bytes of the state store: rows or fingerprints, hash table and parent
    /// pointers (BFS, DFS). Deterministic, unlike the process's memory; not
    /// counted: a BFS level's candidates and, with fingerprints, the rows of
    /// the frontier.
    public var memoryBytes: Int?

    public init(maxStates: Int? = nil, maxDepth: Int? = nil, timeLimit: Double? = nil, memoryBytes: Int? = nil) {
        self.maxStates = maxStates
        self.maxDepth = maxDepth
        self.timeLimit = timeLimit
        self.memoryBytes = memoryBytes
    }
}

/// Which limit ended a run early.
public enum Budget: String, Sendable, Equatable, CaseIterable {
    case states
    case depth
    case time
    case memory
}
