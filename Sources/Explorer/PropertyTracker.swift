import CheckerCore

/// Where a search found a property's violation or witness, before the trace
/// is rebuilt.
@usableFromInline
enum Finding {
    /// At the stored state `id` (invariant violated, reachable witnessed).
    case state(UInt32)
    /// On the transition from stored state `from` by action index `action`.
    case transition(from: UInt32, action: UInt32)
    /// In random walk `walk`, after the first `actions.count` steps from
    /// initial state `root`.
    case walk(walk: Int, root: Int, actions: [UInt32])
}

/// Which properties are decided, and the first finding of each.
@usableFromInline
struct PropertyTracker<S: ExplorableSystem> {
    @usableFromInline let properties: [ExplorerProperty<S>]
    @usableFromInline var findings: [Finding?]
    /// Indices of undecided state properties (invariants, reachables); kept
    /// up to date by `record`, since searches read it for every state.
    @usableFromInline var undecidedStateProperties: [Int]
    /// Indices of undecided transition properties.
    @usableFromInline var undecidedTransitionProperties: [Int]

    @usableFromInline
    init(properties: [ExplorerProperty<S>]) {
        self.properties = properties
        findings = Array(repeating: nil, count: properties.count)
        undecidedStateProperties = properties.indices.filter { properties[$0].kind != .transition }
        undecidedTransitionProperties = properties.indices.filter { properties[$0].kind == .transition }
    }

    /// Keeps the first finding of property `i`; later ones are not reported.
    @inlinable
    mutating func record(_ i: Int, _ finding: Finding) {
        guard findings[i] == nil else { return }
        findings[i] = finding
        undecidedStateProperties.removeAll { $0 == i }
        undecidedTransitionProperties.removeAll { $0 == i }
    }

    /// Whether an invariant or transition property is violated.
    @inlinable
    var anyViolation: Bool {
        properties.indices.contains { findings[$0] != nil && properties[$0].kind != .reachable }
    }

    /// Whether there are properties and each has a verdict already.
    @inlinable
    var allDecided: Bool {
        !properties.isEmpty && findings.allSatisfy { $0 != nil }
    }

    /// Whether the run may stop now: everything decided, or a violation
    /// found and the options say to stop at the first.
    @inlinable
    func stopReason(stopAtFirstViolation: Bool) -> StopReason? {
        if allDecided { return .allDecided }
        if stopAtFirstViolation && anyViolation { return .firstViolation }
        return nil
    }

    /// The verdict of property `i` after a run that was (or was not)
    /// exhaustive.
    @inlinable
    func verdict(_ i: Int, exhaustive: Bool) -> Verdict {
        let found = findings[i] != nil
        switch properties[i].kind {
        case .invariant, .transition:
            return found ? .violated : exhaustive ? .holds : .incomplete
        case .reachable:
            return found ? .holds : exhaustive ? .violated : .incomplete
        }
    }
}
