/// A snapshot of a run for a progress line (the caller decides whether to
/// print it, e.g. only on a terminal).
public struct ExplorationProgress: Sendable, Equatable {
    /// Distinct states found so far (during a BFS level, an estimate that
    /// may count a state found by several workers more than once; random
    /// walks: states visited by the reporting worker).
    public var states: Int
    public var statesPerSecond: Double
    /// The BFS level being expanded, the DFS stack depth, or the walk depth.
    public var depth: Int
    /// States waiting to be expanded (BFS: the rest of the level; DFS: the
    /// stack; random: walks not yet started).
    public var queue: Int
    public var elapsedSeconds: Double

    public init(states: Int, statesPerSecond: Double, depth: Int, queue: Int, elapsedSeconds: Double) {
        self.states = states
        self.statesPerSecond = statesPerSecond
        self.depth = depth
        self.queue = queue
        self.elapsedSeconds = elapsedSeconds
    }
}
