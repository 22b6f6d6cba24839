internal import Dispatch
internal import Synchronization

/// Runs `body(0) ... body(workers - 1)` concurrently and returns when all
/// have finished. With one worker, inline on the caller's thread.
@usableFromInline
func runWorkers(_ workers: Int, _ body: @Sendable (Int) -> Void) {
    if workers <= 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
    }
}

/// Hands out chunk numbers 0, 1, 2, ... to workers, each number once.
///
/// Each worker sees its chunks in increasing order, which the BFS merge
/// relies on (see `BFSWorker`). Which worker gets which chunk is up to the
/// scheduler and never shows in a result.
@usableFromInline
final class ChunkDispenser: Sendable {
    private let next = Atomic<Int>(0)

    @usableFromInline
    init() {}

    @usableFromInline
    func claim() -> Int {
        next.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}
