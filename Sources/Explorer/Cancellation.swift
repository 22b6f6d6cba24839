internal import Synchronization

/// A flag the caller sets to end a run early (from a signal handler's
/// dispatch source, another task, a test). Workers poll it, so a run ends
/// within a few hundred state expansions of `cancel()`.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    public var isCancelled: Bool {
        flag.load(ordering: .relaxed)
    }
}
