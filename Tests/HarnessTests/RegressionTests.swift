import CheckerCore
import Foundation
import Harness
import MemoryModel
import Testing

/// The regression database: files replayed before exploring, judged by what
/// they expect; bad files reported one by one without stopping the others.
enum RegressionFixture {
    /// The gate mutant's counterexample to isolation (pinned in CheckTests).
    static let gateTrace: [Action] = [.addPrivateMemory(nid: 1, block: 0), .alloc(caller: 2, nid: 1, task: 0, size: 1)]

    static func gateFile(mutant: Mutant? = .gateIgnoresGFPPrivate, expected: CounterexampleFile.Expectation? = nil) throws
        -> CounterexampleFile {
        let model = try Model(scope: Scope.named("default"), design: .v4, mutant: mutant)
        let property = try #require(try Check.selectedProperties(CheckFixture.options(properties: ["isolation"])).first)
        var file = Check.counterexample(property, gateTrace, failingStep: 2, model: model, scope: "default")
        file.expected = expected
        file.reason = expected.map { _ in "the mutant's gate ignores __GFP_PRIVATE" }
        return file
    }

    static func database(_ label: String, _ files: [String: Data]) throws -> String {
        let directory = CheckFixture.temporaryDirectory("db-\(label)")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: URL(fileURLWithPath: directory + "/" + name)) }
        return directory
    }

    static func outcomes(_ report: Regression.Report) -> [String: Regression.Outcome] {
        Dictionary(uniqueKeysWithValues: report.entries.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.outcome) })
    }
}

@Test func eachKindOfDatabaseFileIsJudgedAndABadOneStopsNothing() throws {
    // Schema 1, as written before expectations existed: read as a file that expects nothing.
    let schema1 = String(decoding: try RegressionFixture.gateFile().encoded(), as: UTF8.self)
        .replacingOccurrences(of: #""schema" : 2"#, with: #""schema" : 1"#)
    let directory = try RegressionFixture.database("kinds", [
        "a-known.json": try RegressionFixture.gateFile(expected: .violation).encoded(),
        "b-stopped.json": try RegressionFixture.gateFile(mutant: nil, expected: .violation).encoded(),
        "c-new.json": try RegressionFixture.gateFile().encoded(),
        "d-fixed.json": try RegressionFixture.gateFile(mutant: nil).encoded(),
        "e-schema1.json": Data(schema1.utf8),
        "f-corrupted.json": Data(#"{"schema" : 2, "design" : "v4", "steps" : ["#.utf8),
        "g-schema3.json": Data(#"{"schema" : 3}"#.utf8),
        "notes.txt": Data("not a counterexample".utf8),
    ])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let report = try Regression.replay(directory: directory, propertiesDirectory: Paths.properties)
    let outcomes = RegressionFixture.outcomes(report)
    #expect(outcomes.count == 7)
    #expect(outcomes["a-known.json"] == .knownViolation)
    #expect(outcomes["b-stopped.json"] == .stoppedReproducing(.holds))
    #expect(outcomes["c-new.json"] == .violation(step: 2))
    #expect(outcomes["d-fixed.json"] == .fixed(.holds))
    #expect(outcomes["e-schema1.json"] == .violation(step: 2))
    #expect(outcomes["f-corrupted.json"]
        == .invalid(directory + "/f-corrupted.json: error: not a valid counterexample: not a JSON object: The given data was not valid JSON."))
    #expect(outcomes["g-schema3.json"]
        == .invalid(directory + "/g-schema3.json: error: counterexample schema 3 is not supported (this privcheck reads schemas 1 to 2)"))
    #expect(report.exitStatus == ExitStatus.badInput)
    #expect(report.text() == [
        "regression database \(directory): 7 files, 1 known violation reproduces, 5 need attention",
        directory + "/b-stopped.json: stopped reproducing: the expected violation of isolation holds at every step; "
            + "if the hole is closed, delete the file",
        directory + "/c-new.json: violation: isolation fails at step 2; fix it, or mark the file \"expected\": \"violation\" with a \"reason\"",
        directory + "/d-fixed.json: fixed: isolation holds at every step; keep the file as a regression test or delete it",
        directory + "/e-schema1.json: violation: isolation fails at step 2; fix it, or mark the file \"expected\": \"violation\" with a \"reason\"",
        directory + "/f-corrupted.json: error: not a valid counterexample: not a JSON object: The given data was not valid JSON.",
        directory + "/g-schema3.json: error: counterexample schema 3 is not supported (this privcheck reads schemas 1 to 2)",
    ])
}

@Test func expectationsMustBeConsistent() throws {
    var noReason = try RegressionFixture.gateFile(expected: .violation)
    noReason.reason = " "
    #expect(throws: CounterexampleError.malformed("x.json", "an expected failure needs a 'reason': why the design may keep this hole")) {
        try CounterexampleFile.decode(noReason.encoded(), path: "x.json")
    }
    var wrongKind = try RegressionFixture.gateFile(expected: .unreachable)
    wrongKind.reason = "r"
    #expect(throws: CounterexampleError.malformed(
        "x.json", "only a reachable property can be expected 'unreachable'; an invariant fails by a trace (\"expected\": \"violation\")")) {
        try CounterexampleFile.decode(wrongKind.encoded(), path: "x.json")
    }
    let schema1WithExpectation = String(decoding: try RegressionFixture.gateFile(expected: .violation).encoded(), as: UTF8.self)
        .replacingOccurrences(of: #""schema" : 2"#, with: #""schema" : 1"#)
    #expect(throws: CounterexampleError.malformed("x.json", "'expected', 'reason' and 'scope_reduction' need schema 2 (the file says schema 1)")) {
        try CounterexampleFile.decode(Data(schema1WithExpectation.utf8), path: "x.json")
    }
}

/// `check` accepts a violation the database expects: exit status 0, the
/// file left as it is, and the property still reported violated.
@Test func checkAcceptsAnExpectedViolationAndKeepsItsFile() throws {
    let data = try RegressionFixture.gateFile(expected: .violation).encoded()
    let name = "v4-gate-ignores-gfp-private-default-isolation.json"
    let directory = try RegressionFixture.database("accept", [name: data])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var options = CheckFixture.options(mutant: .gateIgnoresGFPPrivate, properties: ["isolation"], directory: directory)
    options.explorer.stopAtFirstViolation = true
    let report = try Check.run(options)
    let isolation = try #require(report.properties.first)
    #expect(isolation.verdict == .violated && isolation.isKnown)
    #expect(report.regression.map(RegressionFixture.outcomes) == [name: .knownViolation])
    #expect(report.exitStatus == ExitStatus.ok)
    #expect(FileManager.default.contents(atPath: directory + "/" + name) == data)
    #expect(report.text().hasSuffix("verdict: violated (1 expected by the regression database; exit status 0)"))
}

/// An expectation the design no longer meets fails the run twice over: its
/// trace stopped reproducing, and exploring the whole scope finds the
/// property holds. A new violation fails it too, and is written.
@Test func checkFailsOnAStaleExpectationAndOnANewViolation() throws {
    // v3 on v3-zswap: every property holds (330 states).
    let model = try Model(scope: Scope.named("v3-zswap"), design: .v3)
    var options = CheckFixture.options(properties: ["capacity"])
    options.design = .v3
    options.scope = "v3-zswap"
    let property = try #require(try Check.selectedProperties(options).first)
    var stale = Check.counterexample(property, [], failingStep: 0, model: model, scope: "v3-zswap")
    stale.expected = .violation
    stale.reason = "once thought to overcommit"
    let directory = try RegressionFixture.database("stale", [
        "v3-v3-zswap-capacity.json": stale.encoded(),
        "new.json": try RegressionFixture.gateFile().encoded(),
    ])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    options.counterexamplesDirectory = directory
    let report = try Check.run(options)
    let capacity = try #require(report.properties.first)
    #expect(capacity.verdict == .holds && capacity.isStale)
    #expect(report.unexpected.map(\.property.name) == ["capacity"])
    #expect(report.regression.map(RegressionFixture.outcomes) == [
        "v3-v3-zswap-capacity.json": .stoppedReproducing(.holds), "new.json": .violation(step: 2),
    ])
    #expect(report.exitStatus == ExitStatus.violated)
    #expect(report.text().contains(
        "  stale: \(directory)/v3-v3-zswap-capacity.json expects it to fail, but it holds in the whole scope; delete the file"))
}

/// The repository's own database: every file replays as it says (known
/// violations still fail; nothing new, nothing stale, nothing invalid).
@Test func theShippedDatabaseReplaysAsItSays() throws {
    let directory = Paths.root.appendingPathComponent("counterexamples").path
    let report = try Regression.replay(directory: directory, propertiesDirectory: Paths.properties)
    #expect(!report.entries.isEmpty)
    for entry in report.entries {
        #expect(entry.outcome == .knownViolation || entry.outcome == .leftToExploration, "\(entry.message ?? entry.path)")
        #expect(entry.file?.expected != nil, "\(entry.path) records a failure without saying it is expected")
    }
    #expect(report.exitStatus == ExitStatus.ok)
}
