import CheckerCore

/// A problem in a scope file, positioned like a compiler diagnostic.
///
/// `description` renders it the way clang and swiftc do, so editors and CI
/// logs that understand `file:line:column: error:` link straight to it:
///
/// ```
/// scopes/bad.yaml:9:13: error: unknown NP_OPS flag 'NP_OPS_MIGRATE'
///       ops: [NP_OPS_MIGRATE]
///             ^
/// hint: did you mean 'NP_OPS_MIGRATION'?
/// ```
public struct ScopeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the user named it (or `<command line>`).
    public var file: String
    /// 1-based line of the offending text.
    public var line: Int
    /// 1-based column, counted in Unicode scalars as libyaml counts them.
    public var column: Int
    /// What is wrong, in one line.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?
    /// The text of line `line` (without its line break); empty when there is
    /// no line to show (an empty or unreadable file).
    public var sourceLine: String

    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil,
                sourceLine: String = "") {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    /// The diagnostic as a compiler prints it: header, source line, caret, hint.
    public var description: String {
        var text = "\(file):\(line):\(column): error: \(message)"
        if !sourceLine.isEmpty {
            let (shown, caret) = Self.excerpt(sourceLine, column: column)
            text += "\n" + shown + "\n" + caret
        }
        if let hint {
            text += "\nhint: " + hint
        }
        return text
    }

    /// The widest source excerpt shown, in Unicode scalars.
    static let excerptWidth = 120

    /// The source line as printed, and the caret line under it.
    ///
    /// Control characters print as U+FFFD (binary input must not reach the
    /// terminal raw); a line wider than `excerptWidth` is cut around the
    /// column, with `...` marking the cuts. Tabs are copied into the caret
    /// line so the caret lines up whatever the terminal's tab width.
    static func excerpt(_ line: String, column: Int) -> (line: String, caret: String) {
        var scalars = line.unicodeScalars.map { scalar -> Unicode.Scalar in
            let value = scalar.value
            let control = (value < 0x20 && scalar != "\t") || value == 0x7F || (0x80..<0xA0).contains(value)
            return control ? "\u{FFFD}" : scalar
        }
        var caretIndex = column - 1
        if scalars.count > excerptWidth {
            let start = max(0, min(caretIndex - excerptWidth / 2, scalars.count - excerptWidth))
            let end = start + excerptWidth
            let dots: [Unicode.Scalar] = [".", ".", "."]
            scalars = (start > 0 ? dots : []) + Array(scalars[start..<end]) + (end < scalars.count ? dots : [])
            caretIndex += (start > 0 ? dots.count : 0) - start
        }
        var shown = String.UnicodeScalarView()
        shown.append(contentsOf: scalars)
        var caret = ""
        for scalar in scalars.prefix(max(0, caretIndex)) {
            caret.append(scalar == "\t" ? "\t" : " ")
        }
        // A column past the end of the line (a value missing at the end of a
        // line, say) still gets its caret, just after the text.
        caret += String(repeating: " ", count: max(0, caretIndex - scalars.count)) + "^"
        return (String(shown), caret)
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to
/// be a plausible misspelling.
///
/// "Close enough" is a distance of at most `max(2, name.count / 3)`: two edits
/// always (a dropped and a doubled letter), more for long names such as
/// `NP_OPS_NUMA_BALANCING`, where a whole short word may be wrong. Comparison
/// ignores case, so `mpol_bind` suggests `MPOL_BIND`. Ties go to the earlier
/// candidate, so the result does not depend on anything but the input order.
public func nearestName(_ name: String, in candidates: [String]) -> String? {
    let limit = max(2, name.count / 3)
    let lowered = Array(name.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
        if distance <= limit, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}
