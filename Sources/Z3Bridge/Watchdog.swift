internal import CZ3
internal import Dispatch
internal import Synchronization

/// Time limits for checks and queries, enforced with `Z3_interrupt`.
///
/// Z3 4.8.12's own `timeout` parameter is unsafe: its process-wide timer pool
/// (`scoped_timer`) corrupts its state when a timer expires, after which later
/// timeouts misfire or deadlock (Z3Prover/z3#5371; reproduced here with a
/// 1 ms timeout). The bridge never sets `timeout`; instead a watchdog on a
/// Dispatch queue calls `Z3_interrupt` — documented as safe from another
/// thread — if the call is still running at the deadline, and again every
/// 50 ms until it returns (Z3 can lose an interrupt that lands while a tactic
/// is switching strategies; an interrupt after the call is harmless). The
/// check then returns unknown with reason `interrupted` (or `canceled`).
final class Watchdog: Sendable {
    /// The `Z3_context` to interrupt; only touched while `armed`, and the
    /// owner disarms before the call returns, so the context is alive then.
    private struct Handle: @unchecked Sendable {
        let context: OpaquePointer
    }

    /// The guarded call: running, interrupted by the watchdog, or finished.
    private enum Phase { case running, interrupted, finished }

    private let handle: Handle
    private let phase = Mutex(Phase.running)

    private init(context: OpaquePointer) {
        handle = Handle(context: context)
    }

    /// Interrupts the call if it is still running; whether it was.
    private func fire() -> Bool {
        phase.withLock { phase in
            guard phase != .finished else { return false }
            Z3_interrupt(handle.context)
            phase = .interrupted
            return true
        }
    }

    /// Fires after `delay` on `queue`, then every 50 ms while the call runs.
    private func schedule(on queue: DispatchQueue, after delay: DispatchTimeInterval) {
        queue.asyncAfter(deadline: .now() + delay) { [self] in
            if fire() { schedule(on: queue, after: .milliseconds(50)) }
        }
    }

    /// Marks the call finished (no interrupt is sent after this returns);
    /// whether it was interrupted.
    private func disarm() -> Bool {
        phase.withLock { phase in
            defer { phase = .finished }
            return phase == .interrupted
        }
    }

    /// Runs `body` (one Z3 call on `context`), interrupting it after `timeout`;
    /// also tells whether the interrupt was sent.
    static func run<R>(
        _ context: Z3Context, timeout: Duration?, _ body: () -> R
    ) -> (value: R, interrupted: Bool) {
        guard let timeout else { return (body(), false) }
        let watchdog = Watchdog(context: context.raw)
        // A private serial queue runs on an overcommitting Dispatch thread:
        // unlike the global queues, which Swift concurrency shares on Linux,
        // it is not starved when every worker thread is blocked in Z3.
        watchdog.schedule(on: DispatchQueue(label: "Z3Bridge.Watchdog"), after: dispatchInterval(timeout))
        let value = body()
        return (value, watchdog.disarm())
    }

    /// `duration` as a Dispatch interval: at least 1 ms, at most about 68 years.
    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return .milliseconds(1) }
        let capped = min(seconds, Int64(Int32.max))
        let nanoseconds = capped * 1_000_000_000 + attoseconds / 1_000_000_000
        return .nanoseconds(Int(max(nanoseconds, 1_000_000)))
    }
}

extension Z3Parameter {
    /// Rejects parameters that arm Z3 4.8.12's broken timer (see `Watchdog`).
    static func requireSafe(_ name: String) throws {
        if name.lowercased().contains("timeout") {
            throw Z3Error.invalidArgument(
                "parameter \(name) uses Z3 4.8.12's timer, which can deadlock once a timer expires; "
                    + "pass timeout: to check or query instead")
        }
    }
}
