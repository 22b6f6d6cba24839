import CheckerCore
import Explorer
import Foundation
import MemoryModel
import PropertyLanguage

extension CheckReport {
    /// Deterministic part of the header: what was checked, how, how far.
    var scopeLine: String {
        "design \(model.design.rawValue)\(model.mutant.map { ", mutant \($0.rawValue)" } ?? ""), scope \(model.scope.name), "
            + "\(properties.count) properties, symmetry \(symmetry ? "on" : "off")"
    }

    var endLine: String {
        switch stopReason {
        case .exhausted: "explored the whole scope"
        case .allDecided: "stopped once every property had a verdict"
        case .firstViolation: "stopped at the first violation"
        case .walksCompleted: "random walks completed (not exhaustive)"
        case .budget(let budget): "stopped: the \(budget.rawValue) budget was reached (not exhaustive)"
        case .cancelled: "interrupted (not exhaustive)"
        }
    }

    /// The text report: a verdict per property, each violation's trace as
    /// kernel calls with what changed, statistics, notes and warnings.
    public func text() -> String {
        var out = ["privcheck check: " + scopeLine]
        out += regression?.text() ?? []
        out.append(endLine)
        let width = properties.map(\.property.name.count).max() ?? 0
        for report in properties {
            let name = report.property.name.padding(toLength: width, withPad: " ", startingAt: 0)
            out.append("\(label(report).padding(toLength: 11, withPad: " ", startingAt: 0)) \(name)  \(report.property.kind.rawValue)"
                       + (report.isKnown ? "  (expected)" : ""))
            if let expected = report.expected, report.isKnown || report.isStale {
                // A known hole: its reason and its record (privcheck show renders it).
                out.append(report.isKnown ? "  known: \(expected.reason) (\(expected.file))"
                           : "  stale: \(expected.file) expects it to fail, but it holds in the whole scope; delete the file")
                continue
            }
            if report.verdict == .violated, report.property.kind == .reachable, let file = report.counterexampleFile {
                out.append("  no run of the scope reaches it; written to \(file)")
            }
            guard report.verdict == .violated, report.property.kind != .reachable, let trace = report.trace else { continue }
            out.append("  " + report.property.summaryLine)
            let where_ = report.property.kind == .transition ? "step \(report.failingStep ?? trace.count) breaks it"
                : (report.failingStep == 0 ? "the initial state breaks it" : "the state after step \(report.failingStep ?? trace.count) breaks it")
            out.append("  counterexample, \(trace.count) steps (\(where_))"
                       + (report.scopeReduction.map { ", in the scope \($0.description)" } ?? "") + ":")
            out += TraceRenderer(model: model(of: report)).lines(trace, indent: "    ")
            if let file = report.counterexampleFile { out.append("  written to \(file)") }
        }
        out.append(statistics.description.split(separator: "\n").filter { !$0.hasPrefix("actions that never fired") && !$0.hasPrefix("reachable '") }
            .joined(separator: "\n"))
        out += notes.map { "note: " + $0 }
        out += warnings.map { "warning: " + $0 }
        out.append("verdict: \(verdict.rawValue)" + verdictNote)
        return out.joined(separator: "\n")
    }

    /// What the verdict means for the exit status, when expectations are involved.
    var verdictNote: String {
        let known = properties.filter(\.isKnown).count
        let unexpectedCount = unexpected.count
        let databaseFails = regression.map { $0.entries.contains(where: \.outcome.fails) } ?? false
        guard known > 0 || unexpectedCount > 0 || databaseFails else { return "" }
        var parts: [String] = []
        if known > 0 { parts.append("\(known) expected by the regression database") }
        if unexpectedCount > 0 { parts.append("\(unexpectedCount) unexpected") }
        if databaseFails { parts.append("database files need attention") }
        return " (" + parts.joined(separator: ", ") + "; exit status \(exitStatus))"
    }

    func label(_ report: PropertyReport) -> String {
        switch (report.property.kind, report.verdict) {
        case (.reachable, .holds): "witnessed"
        case (.reachable, .violated): "unreachable"
        case (_, let verdict): verdict.rawValue
        }
    }

    /// One machine-readable report.
    public func json() -> String {
        struct Step: Encodable { var call: String; var action: Action }
        struct Property: Encodable {
            var name: String
            var kind: String
            var verdict: String
            var summary: String
            var trace: [Step]?
            var failing_step: Int?
            var counterexample: String?
            var expected: String?
            var reason: String?
            var stale: Bool?
            var scope_reduction: ScopeReduction?
        }
        struct DatabaseFile: Encodable {
            var file: String
            var outcome: String
            var message: String?
        }
        struct Stats: Encodable {
            var states, transitions, max_depth, workers: Int
            var elapsed_seconds, states_per_second, bytes_per_state: Double
            var peak_memory_bytes: Int?
            var omission_probability_bound: Double?
        }
        struct Report: Encodable {
            var design: String
            var mutant: String?
            var scope: String
            var symmetry: Bool
            var exhaustive: Bool
            var end: String
            var verdict: String
            var exit_status: Int32
            var regression: [DatabaseFile]?
            var properties: [Property]
            var statistics: Stats
            var notes: [String]
            var warnings: [String]
        }
        let report = Report(
            design: model.design.rawValue, mutant: model.mutant?.rawValue, scope: model.scope.name, symmetry: symmetry,
            exhaustive: stopReason == .exhausted || stopReason == .allDecided, end: endLine, verdict: verdict.rawValue,
            exit_status: exitStatus,
            regression: regression?.entries.map { DatabaseFile(file: $0.path, outcome: $0.outcome.name, message: $0.message) },
            properties: properties.map { p in
                Property(name: p.property.name, kind: p.property.kind.rawValue, verdict: p.verdict.rawValue,
                         summary: p.property.summaryLine,
                         trace: p.isKnown ? nil : p.trace.map { $0.map { Step(call: model(of: p).describe($0), action: $0) } },
                         failing_step: p.isKnown ? nil : p.failingStep, counterexample: p.counterexampleFile,
                         expected: p.expected?.expectation.rawValue, reason: p.expected?.reason, stale: p.isStale ? true : nil,
                         scope_reduction: p.scopeReduction)
            },
            statistics: Stats(states: statistics.states, transitions: statistics.transitions, max_depth: statistics.maxDepth,
                              workers: statistics.workers, elapsed_seconds: statistics.elapsedSeconds,
                              states_per_second: statistics.statesPerSecond, bytes_per_state: statistics.bytesPerState,
                              peak_memory_bytes: statistics.peakMemoryBytes,
                              omission_probability_bound: statistics.omissionProbabilityBound),
            notes: notes, warnings: warnings)
        return JSON.text(report)
    }

    /// JUnit XML: one test case per property.
    public func junit() -> String {
        let failures = unexpected.count
        let skipped = properties.filter { $0.verdict == .incomplete || $0.verdict == .unknown || $0.isKnown }.count
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="privcheck check" tests="\#(properties.count)" failures="\#(failures)">"#,
            #"  <testsuite name="\#(xml("\(model.design.rawValue)\(model.mutant.map { "+" + $0.rawValue } ?? "") \(model.scope.name)"))" tests="\#(properties.count)" failures="\#(failures)" skipped="\#(skipped)" time="\#(String(format: "%.3f", statistics.elapsedSeconds))">"#,
        ]
        for p in properties {
            out.append(#"    <testcase classname="\#(xml(p.property.kind.rawValue))" name="\#(xml(p.property.name))">"#)
            switch p.verdict {
            case .violated where p.isKnown:
                // JUnit has no expected failure; skipped with the reason, as pytest's xfail.
                out.append(#"      <skipped message="\#(xml("expected failure: " + (p.expected?.reason ?? "")))"/>"#)
            case .holds where p.isStale:
                out.append(#"      <failure message="\#(xml("stale expectation: \(p.expected?.file ?? "") expects a failure"))"/>"#)
            case .violated:
                let body = p.trace.map { TraceRenderer(model: model(of: p)).lines($0, indent: "").joined(separator: "\n") } ?? ""
                out.append(#"      <failure message="\#(xml(p.property.summaryLine))">\#(xml(body))</failure>"#)
            case .incomplete, .unknown:
                out.append(#"      <skipped message="\#(xml(endLine))"/>"#)
            case .holds:
                break
            }
            out.append("    </testcase>")
        }
        out += ["  </testsuite>", "</testsuites>"]
        return out.joined(separator: "\n")
    }

    func xml(_ s: String) -> String { XML.escape(s) }
}
