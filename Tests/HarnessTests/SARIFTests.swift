import CheckerCore
import Foundation
import Harness
import MemoryModel
import Testing

/// `check --format sarif`: a SARIF 2.1.0 log whose results point at the
/// property files, carry the trace as a thread flow, and mark known
/// violations as suppressed with the database's reason.
@Test func sarifReportsNewAndKnownViolations() throws {
    func log(_ report: CheckReport) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(report.sarif().utf8)) as? [String: Any])
    }
    var options = CheckFixture.options(mutant: .gateIgnoresGFPPrivate, properties: ["isolation"])
    options.explorer.stopAtFirstViolation = true
    let new = try log(Check.run(options))
    #expect(new["version"] as? String == "2.1.0")
    let run = try #require((new["runs"] as? [[String: Any]])?.first)
    let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == ["isolation"])
    let result = try #require((run["results"] as? [[String: Any]])?.first)
    #expect(result["ruleId"] as? String == "isolation" && result["ruleIndex"] as? Int == 0)
    #expect(result["level"] as? String == "error")
    #expect(result["suppressions"] == nil)
    let location = try #require(((result["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == Paths.properties + "/isolation.prop")
    #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 7)
    let flow = try #require(((result["codeFlows"] as? [[String: Any]])?.first?["threadFlows"] as? [[String: Any]])?.first?["locations"]
        as? [[String: Any]])
    #expect(flow.compactMap { (($0["location"] as? [String: Any])?["message"] as? [String: Any])?["text"] as? String } == [
        "1. add_private_memory_driver_managed(nid=1, block=0)",
        "2. task0: kmalloc_node(GFP_KERNEL, nid=1, size=1)",
    ])
    #expect(((run["invocations"] as? [[String: Any]])?.first?["exitCode"]) as? Int == 1)

    // The same violation, expected by the database: a suppressed note, exit 0.
    let directory = try RegressionFixture.database("sarif", [
        "v4-gate-ignores-gfp-private-default-isolation.json": try RegressionFixture.gateFile(expected: .violation).encoded(),
    ])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    options.counterexamplesDirectory = directory
    let known = try #require((try log(Check.run(options))["runs"] as? [[String: Any]])?.first)
    let knownResult = try #require((known["results"] as? [[String: Any]])?.first)
    #expect(knownResult["level"] as? String == "note")
    #expect(knownResult["codeFlows"] == nil)
    #expect((knownResult["suppressions"] as? [[String: Any]])?.first?["justification"] as? String
        == "the mutant's gate ignores __GFP_PRIVATE")
    #expect(((known["invocations"] as? [[String: Any]])?.first?["exitCode"]) as? Int == 0)
}
