/// Why a run could not produce a result: bad options, or a model or
/// property that breaks the explorer's assumptions. Violations are not
/// errors; they are outcomes.
public enum ExplorerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option out of range; the payload names it and says why.
    case invalidOption(String)
    /// Two properties share a name, so outcomes could not be told apart.
    case duplicatePropertyName(String)
    /// Replaying a trace found no action leading where the search went: the
    /// model's `canonical` is not a symmetry of `next`, or the model is not
    /// deterministic (it reads a clock, hash order, ...).
    case replayDiverged(property: String, step: Int)
    /// The replayed trace does not show the finding the search saw on the
    /// symmetry representative: the property distinguishes symmetric states.
    case propertyNotSymmetric(property: String)

    public var description: String {
        switch self {
        case .invalidOption(let why):
            "invalid explorer option: \(why)"
        case .duplicatePropertyName(let name):
            "two properties are named '\(name)'"
        case .replayDiverged(let property, let step):
            "replaying the trace of '\(property)' diverged at step \(step): no action of the actual state reaches "
                + "the stored state's symmetry class. Is canonical(_:) a symmetry of next(_:_:), and is the model deterministic?"
        case .propertyNotSymmetric(let property):
            "'\(property)' gives a different answer on the replayed trace than on its symmetry representative: "
                + "a property must not distinguish symmetric states (or run with symmetry off)"
        }
    }
}
