import CheckerCore
import Foundation
import MemoryModel
import Prover

extension Prove {
    /// One machine-readable report of a run.
    public static func json(_ run: ProveRun, options: ProveOptions) -> String {
        struct ObligationJSON: Encodable { var name: String; var result: String; var reason: String?; var seconds: Double }
        struct Report: Encodable {
            var property: String
            var kind: String
            var method: String
            var verdict: String
            var summary: String
            var details: [String]
            var seconds: Double
            var obligations: [ObligationJSON]
            var trace: [String]?
            var counterexample: String?
        }
        struct ScopeInvariant: Encodable { var kept: Int; var dropped: [String]; var failure: String?; var seconds: Double }
        struct Run: Encodable {
            var design: String
            var mutant: String?
            var scope: String
            var data: String
            var exit_status: Int32
            var scope_invariant: ScopeInvariant?
            var reports: [Report]
        }
        func obligations(_ list: [Obligation]) -> [ObligationJSON] {
            list.map { o in
                let reason: String? = if case .unknown(let why) = o.result { why } else { nil }
                return ObligationJSON(name: o.name, result: o.result.word, reason: reason, seconds: o.seconds)
            }
        }
        let model = try? Model(scope: Scope.named(options.scope), design: options.design, mutant: options.mutant)
        let out = Run(
            design: options.design.rawValue, mutant: options.mutant?.rawValue, scope: options.scope, data: options.domain.rawValue,
            exit_status: exitStatus(run),
            scope_invariant: run.scopeInvariant.map {
                ScopeInvariant(kept: $0.kept, dropped: $0.dropped, failure: $0.failure,
                               seconds: $0.obligations.map(\.seconds).reduce(0, +))
            },
            reports: run.reports.map { r in
                Report(property: r.property.name, kind: r.property.kind.rawValue, method: r.method.rawValue,
                       verdict: r.verdict.rawValue, summary: r.summary, details: r.details.map { $0.trimmingCharacters(in: .whitespaces) },
                       seconds: r.seconds, obligations: obligations(r.obligations),
                       trace: r.trace.map { trace in trace.map { model?.describe($0) ?? "\($0)" } }, counterexample: r.counterexampleFile)
            })
        return JSON.text(out)
    }

    /// JUnit XML: one test case per property and method; a violation is a
    /// failure, anything not proved (unknown, bounded, not inductive) skipped.
    public static func junit(_ run: ProveRun, options: ProveOptions) -> String {
        let reports = run.reports
        let failures = reports.filter { $0.verdict == .violated }.count
        let skipped = reports.filter { $0.verdict == .unknown || $0.verdict == .incomplete }.count
        let seconds = reports.map(\.seconds).reduce(0, +)
        let name = "\(options.design.rawValue)\(options.mutant.map { "+" + $0.rawValue } ?? "") \(options.scope)"
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="privcheck prove" tests="\#(reports.count)" failures="\#(failures)">"#,
            #"  <testsuite name="\#(XML.escape(name))" tests="\#(reports.count)" failures="\#(failures)" skipped="\#(skipped)" time="\#(String(format: "%.3f", seconds))">"#,
        ]
        for r in reports {
            out.append(#"    <testcase classname="\#(r.method.rawValue)" name="\#(XML.escape(r.property.name))" time="\#(String(format: "%.3f", r.seconds))">"#)
            switch r.verdict {
            case .violated:
                out.append(#"      <failure message="\#(XML.escape(r.summary))">\#(XML.escape(r.details.joined(separator: "\n")))</failure>"#)
            case .unknown, .incomplete:
                out.append(#"      <skipped message="\#(XML.escape(r.summary))"/>"#)
            case .holds:
                break
            }
            out.append("    </testcase>")
        }
        out += ["  </testsuite>", "</testsuites>"]
        return out.joined(separator: "\n")
    }
}
