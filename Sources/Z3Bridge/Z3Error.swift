/// An error reported by Z3 or detected by the bridge before calling Z3.
///
/// Z3's own error handler is disabled, so no Z3 failure exits the process:
/// every fallible call is followed by a look at the context's error code,
/// and a failure surfaces here with Z3's message.
public enum Z3Error: Error, CustomStringConvertible {
    /// Z3 refused an API call; `code` is the `Z3_error_code`, `message` Z3's text.
    case api(code: Int, message: String)
    /// Terms or sorts that should match do not (arity, sort, bit-vector width).
    case sortMismatch(String)
    /// A model could not give a value for a term.
    case modelEvaluation(String)
    /// An argument the bridge cannot pass on to Z3 (for example a bound
    /// variable that is not a constant).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .api(code, message): "Z3 error \(code): \(message)"
        case let .sortMismatch(message): "sort mismatch: \(message)"
        case let .modelEvaluation(message): "model evaluation failed: \(message)"
        case let .invalidArgument(message): "invalid argument: \(message)"
        }
    }
}
