internal import Synchronization

/// The clock, the time budget, cancellation and progress of one run, shared
/// by its workers.
///
/// Time only ever stops a run or feeds statistics and progress: whether a
/// state is explored, and in which order, never depends on it.
@usableFromInline
final class RunControl: Sendable {
    /// Why workers were told to stop: 0 not stopped, 1 cancelled, 2 time.
    private let stopCode = Atomic<Int>(0)
    /// Nanoseconds since `start` of the last progress report.
    private let lastReport = Atomic<Int64>(0)
    /// New states found in the BFS level under way, not yet stored (for
    /// progress only: it counts a state once per worker that finds it).
    private let pending = Atomic<Int>(0)
    private let start: ContinuousClock.Instant
    private let deadline: ContinuousClock.Instant?
    private let cancellation: CancellationFlag?
    private let progress: (@Sendable (ExplorationProgress) -> Void)?

    @usableFromInline
    init(options: ExplorerOptions) {
        let start = ContinuousClock.now
        self.start = start
        deadline = options.budgets.timeLimit.map { start + .nanoseconds(Int64(min($0, 1e9) * 1e9)) }
        cancellation = options.cancellation
        progress = options.progress
    }

    /// Seconds since the run started.
    @usableFromInline
    var elapsedSeconds: Double {
        Self.seconds(ContinuousClock.now - start)
    }

    /// Whether the run must end now (cancelled or out of time); once true,
    /// true for every worker. Also reports progress if a second has passed.
    @usableFromInline
    func poll(states: Int, depth: Int, queue: Int) -> Bool {
        if stopCode.load(ordering: .relaxed) != 0 { return true }
        if cancellation?.isCancelled == true {
            stopCode.store(1, ordering: .relaxed)
            return true
        }
        let now = ContinuousClock.now
        if let deadline, now >= deadline {
            stopCode.store(2, ordering: .relaxed)
            return true
        }
        if let progress {
            let elapsed = now - start
            let nanos = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            let last = lastReport.load(ordering: .relaxed)
            // One caller a second wins the exchange and reports.
            if nanos - last >= 1_000_000_000,
               lastReport.compareExchange(expected: last, desired: nanos, ordering: .relaxed).exchanged {
                let seconds = Self.seconds(elapsed)
                progress(ExplorationProgress(
                    states: states, statesPerSecond: seconds > 0 ? Double(states) / seconds : 0,
                    depth: depth, queue: queue, elapsedSeconds: seconds))
            }
        }
        return false
    }

    /// Adds `n` to the level's pending states; the new total.
    @usableFromInline
    func addPending(_ n: Int) -> Int {
        pending.wrappingAdd(n, ordering: .relaxed).newValue
    }

    /// Starts a new BFS level's pending count.
    @usableFromInline
    func resetPending() {
        pending.store(0, ordering: .relaxed)
    }

    /// Why the run was stopped by `poll`, if it was.
    @usableFromInline
    var stopReason: StopReason? {
        switch stopCode.load(ordering: .relaxed) {
        case 1: .cancelled
        case 2: .budget(.time)
        default: nil
        }
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
