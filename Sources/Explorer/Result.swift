import CheckerCore

/// What a run concluded about one property.
public struct PropertyOutcome<S: ExplorableSystem> {
    public let name: String
    public let kind: ExplorerProperty<S>.Kind
    /// invariant, transition: `violated` with a counterexample, `holds` only
    /// after an exhaustive search, else `incomplete`. reachable: `holds` with
    /// a witness (a witness proves reachability, even from a random walk),
    /// `violated` (unreachable) only after an exhaustive search, else
    /// `incomplete`.
    public let verdict: Verdict
    /// The counterexample or witness.
    public let trace: Trace<S>?

    public init(name: String, kind: ExplorerProperty<S>.Kind, verdict: Verdict, trace: Trace<S>?) {
        self.name = name
        self.kind = kind
        self.verdict = verdict
        self.trace = trace
    }
}

extension PropertyOutcome: Sendable where S.State: Sendable {}

/// Why a run ended.
public enum StopReason: Sendable, Equatable {
    /// Every reachable state and transition was explored.
    case exhausted
    /// Every property had a verdict before the space was exhausted.
    case allDecided
    /// `stopAtFirstViolation` and a property was violated.
    case firstViolation
    /// Every random walk ran to its end.
    case walksCompleted
    /// A budget ran out.
    case budget(Budget)
    /// The caller set the cancellation flag.
    case cancelled
}

/// The outcome of `Explorer.run`: a verdict per property (in the order
/// given), statistics, and why the run ended.
public struct ExplorationResult<S: ExplorableSystem> {
    public let outcomes: [PropertyOutcome<S>]
    public let statistics: ExplorationStatistics
    public let stopReason: StopReason

    public init(outcomes: [PropertyOutcome<S>], statistics: ExplorationStatistics, stopReason: StopReason) {
        self.outcomes = outcomes
        self.statistics = statistics
        self.stopReason = stopReason
    }

    /// The budget that ended the run, if one did.
    public var budgetReached: Budget? {
        if case .budget(let b) = stopReason { return b }
        return nil
    }

    /// Whether the whole reachable space was explored.
    public var isExhaustive: Bool { stopReason == .exhausted }

    /// The outcome of the property named `name`.
    public subscript(name: String) -> PropertyOutcome<S>? {
        outcomes.first { $0.name == name }
    }

    /// The worst verdict (violated, then incomplete or unknown, then holds),
    /// whose `exitStatus` is the run's; `holds` with no properties.
    public var worstVerdict: Verdict { Verdict.worst(outcomes.map(\.verdict)) }
}

extension ExplorationResult: Sendable where S.State: Sendable {}
