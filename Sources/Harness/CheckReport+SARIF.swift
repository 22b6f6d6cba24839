import Foundation
import MemoryModel

extension CheckReport {
    /// SARIF 2.1.0, for code-scanning dashboards: one rule per property
    /// (pointing at its file), one result per failure. A known violation is
    /// a result with an external suppression carrying the database's reason,
    /// so dashboards show it as accepted; its trace is a thread flow of
    /// kernel calls.
    public func sarif() -> String {
        struct Text: Encodable { var text: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int }
        struct Artifact: Encodable { var uri: String }
        struct Physical: Encodable { var artifactLocation: Artifact; var region: Region? }
        struct Location: Encodable { var physicalLocation: Physical?; var message: Text? }
        struct FlowLocation: Encodable { var location: Location }
        struct ThreadFlow: Encodable { var locations: [FlowLocation] }
        struct CodeFlow: Encodable { var threadFlows: [ThreadFlow] }
        struct Suppression: Encodable { var kind: String; var justification: String }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Text
            var locations: [Location]
            var codeFlows: [CodeFlow]?
            var suppressions: [Suppression]?
        }
        struct Rule: Encodable {
            var id: String
            var name: String
            var shortDescription: Text
            var fullDescription: Text
        }
        struct Driver: Encodable { var name: String; var rules: [Rule] }
        struct Tool: Encodable { var driver: Driver }
        struct Invocation: Encodable { var executionSuccessful: Bool; var exitCode: Int32 }
        struct Run: Encodable {
            var tool: Tool
            var invocations: [Invocation]
            var results: [Result]
            var properties: [String: String]
        }
        struct Log: Encodable {
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var version = "2.1.0"
            var runs: [Run]
            enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
        }

        var rules = properties.map { p in
            Rule(id: p.property.name, name: p.property.name, shortDescription: Text(text: p.property.summaryLine),
                 fullDescription: Text(text: p.property.file.summary.replacingOccurrences(of: "\n", with: " ")))
        }
        let where_ = "design \(model.design.rawValue)\(model.mutant.map { " with mutant \($0.rawValue)" } ?? ""), scope \(model.scope.name)"
        var results: [Result] = []
        for (index, p) in properties.enumerated() where p.verdict == .violated || p.isStale {
            let declaration = Location(physicalLocation: Physical(
                artifactLocation: Artifact(uri: propertyFiles[p.property.name] ?? p.property.name + ".prop"),
                region: Region(startLine: p.property.file.location.line, startColumn: p.property.file.location.column)),
                message: nil)
            let message: String
            if p.isStale {
                message = "\(p.property.name) holds in the whole scope (\(where_)), but \(p.expected?.file ?? "") expects it to fail"
            } else if p.property.kind == .reachable {
                message = "no run of the scope (\(where_)) reaches \(p.property.name)"
            } else {
                let steps = p.trace?.count ?? 0
                message = "\(p.property.name) is violated (\(where_)) after \(steps) step\(steps == 1 ? "" : "s")"
                    + (p.counterexampleFile.map { "; counterexample \($0)" } ?? "")
            }
            // The trace, one kernel call per thread-flow location (none for a known one: its file has it).
            let trace = p.isKnown ? [] : p.trace ?? []
            let flow = trace.enumerated().map { i, action in
                FlowLocation(location: Location(physicalLocation: nil, message: Text(text: "\(i + 1). \(model(of: p).describe(action))")))
            }
            results.append(Result(
                ruleId: p.property.name, ruleIndex: index, level: p.isKnown ? "note" : "error", message: Text(text: message),
                locations: [declaration], codeFlows: flow.isEmpty ? nil : [CodeFlow(threadFlows: [ThreadFlow(locations: flow)])],
                suppressions: p.isKnown ? [Suppression(kind: "external", justification: p.expected?.reason ?? "")] : nil))
        }
        let failingFiles = (regression?.entries ?? []).filter(\.outcome.fails)
        if !failingFiles.isEmpty {
            rules.append(Rule(id: "regression-database", name: "regression-database",
                              shortDescription: Text(text: "Every counterexample file replays as it says."),
                              fullDescription: Text(text: "A known violation still fails; no file fails without an expectation; every file can be read.")))
        }
        for entry in failingFiles {
            // A database file that needs attention is a result of its own, on the file.
            results.append(Result(
                ruleId: "regression-database", ruleIndex: rules.count - 1, level: "error", message: Text(text: entry.message ?? entry.path),
                locations: [Location(physicalLocation: Physical(artifactLocation: Artifact(uri: entry.path), region: nil), message: nil)],
                codeFlows: nil, suppressions: nil))
        }
        let log = Log(runs: [Run(
            tool: Tool(driver: Driver(name: "privcheck", rules: rules)),
            invocations: [Invocation(executionSuccessful: true, exitCode: exitStatus)],
            results: results,
            properties: ["design": model.design.rawValue, "scope": model.scope.name, "exhaustive": "\(stopReason == .exhausted)"])])
        return JSON.text(log)
    }
}
