import CheckerCore

/// Checks properties of a transition system by explicit-state search.
///
/// ```swift
/// let explorer = Explorer(system: model, options: ExplorerOptions(workers: 8))
/// let result = try explorer.run(properties: [
///     .invariant("isolation") { state in evaluator.holds(isolation, in: state) },
///     .reachable("cram-full") { state in evaluator.holds(cramFull, in: state) },
/// ])
/// for outcome in result.outcomes where outcome.verdict == .violated { ... outcome.trace ... }
/// print(result.statistics)
/// ```
///
/// The model may live in another module: the search is `@inlinable`, so the
/// compiler specializes it for the model's concrete types at the call site
/// (no existential boxing on the hot path).
public struct Explorer<S: ExplorableSystem>: Sendable {
    public let system: S
    public let options: ExplorerOptions

    public init(system: S, options: ExplorerOptions = ExplorerOptions()) {
        self.system = system
        self.options = options
    }

    /// Searches with `options`, and returns a verdict for each property (in
    /// the order given), the statistics, and why the run ended. Throws on
    /// bad options, duplicate property names, or a trace that does not
    /// replay (see `ExplorerError`); a violation is an outcome, not an error.
    @inlinable
    public func run(properties: [ExplorerProperty<S>]) throws(ExplorerError) -> ExplorationResult<S> {
        try validate(properties)
        let control = RunControl(options: options)
        switch options.strategy {
        case .bfs:
            switch options.storage {
            case .exact:
                var search = BFS(system: system, options: options, properties: properties, control: control,
                                 store: ExactStore(words: system.packedWordCount))
                return try assemble(search.run(), control: control)
            case .fingerprint:
                var search = BFS(system: system, options: options, properties: properties, control: control,
                                 store: FingerprintStore())
                return try assemble(search.run(), control: control)
            }
        case .dfs:
            switch options.storage {
            case .exact:
                var search = DFS(system: system, options: options, properties: properties, control: control,
                                 store: ExactStore(words: system.packedWordCount))
                return try assemble(search.run(), control: control)
            case .fingerprint:
                var search = DFS(system: system, options: options, properties: properties, control: control,
                                 store: FingerprintStore())
                return try assemble(search.run(), control: control)
            }
        case .random(let walks, let depth, let seed):
            let search = RandomWalks(system: system, options: options, properties: properties, control: control,
                                     walks: walks, depth: depth, seed: seed)
            return try assemble(search.run(), control: control)
        }
    }

    @usableFromInline
    func validate(_ properties: [ExplorerProperty<S>]) throws(ExplorerError) {
        if options.workers < 1 { throw .invalidOption("workers must be at least 1 (got \(options.workers))") }
        if case .random(let walks, let depth, _) = options.strategy {
            if walks < 0 { throw .invalidOption("random walks must be at least 0 (got \(walks))") }
            if depth < 0 { throw .invalidOption("random walk depth must be at least 0 (got \(depth))") }
        }
        let budgets = options.budgets
        if let n = budgets.maxStates, n < 0 { throw .invalidOption("max states must be at least 0 (got \(n))") }
        if let n = budgets.maxDepth, n < 0 { throw .invalidOption("max depth must be at least 0 (got \(n))") }
        if let t = budgets.timeLimit, !(t >= 0) { throw .invalidOption("time limit must be at least 0 s (got \(t))") }
        if let n = budgets.memoryBytes, n < 0 { throw .invalidOption("memory budget must be at least 0 (got \(n))") }
        var seen = Set<String>()
        for property in properties where !seen.insert(property.name).inserted {
            throw .duplicatePropertyName(property.name)
        }
    }

    /// Verdicts, traces (rebuilt by replay) and statistics of a finished search.
    @inlinable
    func assemble<Store: StateStore>(
        _ outcome: SearchOutcome<S, Store>, control: RunControl
    ) throws(ExplorerError) -> ExplorationResult<S> {
        let elapsed = control.elapsedSeconds
        let tracker = outcome.tracker
        let exhaustive = outcome.stopReason == .exhausted
        let replay = TraceReplay(system: system, actions: system.actions, symmetry: options.symmetry)
        var outcomes: [PropertyOutcome<S>] = []
        for (i, property) in tracker.properties.enumerated() {
            var trace: Trace<S>?
            if let finding = tracker.findings[i] {
                trace = try replay.trace(of: finding, property: property, store: outcome.store)
            }
            outcomes.append(PropertyOutcome(
                name: property.name, kind: property.kind,
                verdict: tracker.verdict(i, exhaustive: exhaustive), trace: trace))
        }
        let counts = outcome.counts
        let statistics = ExplorationStatistics(
            states: outcome.store?.count ?? counts.visited,
            transitions: counts.transitions,
            maxDepth: counts.maxDepth,
            actionFired: counts.fired,
            neverFired: exhaustive ? counts.fired.indices.filter { counts.fired[$0] == 0 } : nil,
            witnesses: tracker.properties.indices.filter { tracker.properties[$0].kind == .reachable }.map {
                .init(property: tracker.properties[$0].name, witnessed: tracker.findings[$0] != nil)
            },
            omissionProbabilityBound: outcome.store?.omissionProbabilityBound,
            storeBytes: outcome.store?.bytes ?? 0,
            workers: options.strategy == .dfs ? 1 : options.workers,
            elapsedSeconds: elapsed,
            peakMemoryBytes: peakResidentBytes())
        return ExplorationResult(outcomes: outcomes, statistics: statistics, stopReason: outcome.stopReason)
    }
}
