import MemoryModel

/// `privcheck show --format text`: what a kernel developer reads.
extension ShowTrace {
    /// A header (property, design, mutant, scope), each step as the call
    /// with its result and only the fields it changed, then why it fails.
    public func text() -> String {
        var lines = [
            "\(property.name) (\(property.kind.rawValue)) on design \(model.design.rawValue)"
                + "\(model.mutant.map { ", mutant \($0.rawValue)" } ?? ""), scope \(scopeName)",
            "  " + property.summaryLine,
            "",
        ]
        let renderer = TraceRenderer(model: model)
        for step in steps {
            lines += renderer.step(step.number, step.action, from: step.pre, step.executed)
        }
        lines.append("")
        if let explanation {
            lines += ["why it fails: " + headline, "  " + explanation.line]
        } else {
            lines.append(headline)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the replay found, then (when it fails) the failing subexpression:
    /// the `explanation` of the JSON form.
    public var explanationLines: [String] {
        [headline] + (explanation.map { [$0.line] } ?? [])
    }
}
