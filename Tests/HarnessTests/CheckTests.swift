import CheckerCore
import Explorer
import Foundation
import Harness
import MemoryModel
import Testing

/// `privcheck check` through the library: verdicts, determinism, budgets,
/// counterexample files and their replay.
enum CheckFixture {
    static func options(mutant: Mutant? = nil, properties: [String] = [], workers: Int = 1,
                        maxStates: Int? = nil, directory: String? = nil) -> CheckOptions {
        var options = CheckOptions()
        options.mutant = mutant
        options.properties = properties
        options.propertiesDirectory = Paths.properties
        options.counterexamplesDirectory = directory
        options.explorer.workers = workers
        options.explorer.budgets = Budgets(maxStates: maxStates)
        return options
    }

    static func temporaryDirectory(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("privcheck-\(label)-\(getpid())").path
    }

    /// The JSON report without the wall-clock figures.
    static func deterministicJSON(_ report: CheckReport) -> String {
        report.json().split(separator: "\n").filter {
            !$0.contains("elapsed_seconds") && !$0.contains("states_per_second") && !$0.contains("peak_memory_bytes")
                && !$0.contains("\"workers\"")
        }.joined(separator: "\n")
    }
}

@Test func checkGivesTheSameReportAtAnyWorkerCount() throws {
    let reports = try [1, 2, 4].map { workers in
        try Check.run(CheckFixture.options(workers: workers, maxStates: 3000))
    }
    #expect(reports[0].verdict == .violated || reports[0].verdict == .incomplete)
    #expect(reports[0].statistics.states >= 3000)
    let first = CheckFixture.deterministicJSON(reports[0])
    for report in reports.dropFirst() { #expect(CheckFixture.deterministicJSON(report) == first) }
}

@Test func aBudgetMakesUndecidedPropertiesIncompleteNeverHolds() throws {
    let report = try Check.run(CheckFixture.options(properties: ["isolation", "scrub"], maxStates: 500))
    #expect(report.stopReason == .budget(.states))
    #expect(report.properties.map(\.verdict) == [.incomplete, .incomplete])
    #expect(report.verdict.exitStatus == ExitStatus.incomplete)
}

@Test func theGateMutantBreaksIsolationAndTheFileReplays() throws {
    let directory = CheckFixture.temporaryDirectory("gate")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let report = try Check.run(CheckFixture.options(mutant: .gateIgnoresGFPPrivate, properties: ["isolation"], directory: directory))
    let isolation = try #require(report.properties.first)
    #expect(isolation.verdict == .violated)
    #expect(report.verdict.exitStatus == ExitStatus.violated)
    // The shortest way in: register and online the CRAM node, then
    // kmalloc_node(GFP_KERNEL, 1), which slub turns into a __GFP_THISNODE
    // allocation, lands on it.
    #expect(isolation.trace?.map { report.model.describe($0) } == [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "task0: kmalloc_node(GFP_KERNEL, nid=1, size=1)",
    ])
    let file = try #require(isolation.counterexampleFile)
    #expect(file == directory + "/v4-gate-ignores-gfp-private-default-isolation.json")
    let (outcome, text) = try Replay.run(file: file, propertiesDirectory: Paths.properties)
    #expect(outcome == .fails(step: 2))
    #expect(text.hasSuffix("still fails: the state after step 2 breaks isolation"))

    // The same steps on the design as posted: the gate refuses the allocation.
    var unmutated = try CounterexampleFile.read(file)
    unmutated.mutant = nil
    let model = try Model(scope: Scope.named("default"), design: .v4)
    let property = try #require(try Check.selectedProperties(CheckFixture.options(properties: ["isolation"])).first)
    #expect(Replayer(model: model, property: property).replay(unmutated.steps.map(\.action)) == .holds)
}

@Test func aCorruptedCounterexampleIsRefusedWithItsReason() throws {
    #expect(throws: CounterexampleError.malformed("x.json", "not a JSON object: The given data was not valid JSON.")) {
        try CounterexampleFile.decode(Data("{".utf8), path: "x.json")
    }
    #expect(throws: CounterexampleError.unsupportedSchema("x.json", 7)) {
        try CounterexampleFile.decode(Data(#"{"schema": 7}"#.utf8), path: "x.json")
    }
    #expect(throws: CounterexampleError.malformed("x.json", "missing field 'design'")) {
        try CounterexampleFile.decode(Data(#"{"schema": 1}"#.utf8), path: "x.json")
    }
}
