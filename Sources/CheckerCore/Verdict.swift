/// What a check or proof concluded about a property.
///
/// `holds` only after an exhaustive search of the scope or a proof; a budget
/// reached is `incomplete`; a solver that cannot decide is `unknown`.
public enum Verdict: String, Sendable, Codable, Equatable {
    case holds
    case violated
    case incomplete
    case unknown

    /// The verdict of a run made of these: violated, then unknown, then
    /// incomplete, then holds (also for none).
    public static func worst(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.violated) { return .violated }
        if verdicts.contains(.unknown) { return .unknown }
        if verdicts.contains(.incomplete) { return .incomplete }
        return .holds
    }

    /// The process exit status of a run whose worst verdict is this one
    /// (architecture.md, CLI contract).
    public var exitStatus: Int32 {
        switch self {
        case .holds: 0
        case .violated: 1
        case .incomplete, .unknown: 2
        }
    }
}

/// Exit statuses of the command line (architecture.md).
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let violated: Int32 = 1
    public static let incomplete: Int32 = 2
    public static let usage: Int32 = 64
    public static let badInput: Int32 = 65
    public static let internalError: Int32 = 70
}
