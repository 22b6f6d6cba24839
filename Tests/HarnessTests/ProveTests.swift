import CheckerCore
import Foundation
import Harness
import MemoryModel
import PropertyLanguage
import Prover
import Testing

/// `privcheck prove`: induction over symbolic data, BMC with replayable
/// traces, SMT-LIB2 files another solver agrees with, and agreement with
/// `check` in both directions.
enum ProveFixture {
    static func options(design: Design = .v4, mutant: Mutant? = nil, scope: String? = nil, properties: [String] = [],
                        methods: [ProofMethod], depth: Int = 8) -> ProveOptions {
        var options = ProveOptions()
        options.design = design
        options.mutant = mutant
        options.scope = scope ?? design.defaultScope
        options.properties = properties
        options.propertiesDirectory = Paths.properties
        options.methods = methods
        options.depth = depth
        options.timeout = 120
        options.checkReachability = false
        return options
    }
}

/// Acceptance: isolation is proved for v4 by induction, with its helpers,
/// for every gfp mask (and NP_OPS flag set, compressed size and pressure).
@Test func isolationIsProvedByInductionForEveryGFPMask() throws {
    let run = try Prove.run(ProveFixture.options(properties: ["isolation"], methods: [.induction]))
    let report = try #require(run.reports.first)
    #expect(report.verdict == .holds, "\(report.summary)")
    #expect(report.summary.hasPrefix("proved by induction with migration_target_private, folios_on_memory, memory_states"))
    #expect(report.summary.contains("all 2^32 gfp masks"))
    // The hypothesis admits a step (no vacuous proof); every other obligation is unsat.
    for obligation in report.obligations {
        #expect(obligation.result == (obligation.name == "isolation.hypothesis" ? .sat : .unsat), "\(obligation.name)")
    }
    #expect(Prove.exitStatus(run) == ExitStatus.ok)
}

/// Acceptance: every mutant check catches on the default scope, BMC catches
/// at the depth of the explorer's counterexample, and the trace replays.
@Test(arguments: Mutant.allCases.filter { $0.breaks.scope == "default" })
func bmcCatchesEachMutantAtTheExplorersDepth(_ mutant: Mutant) throws {
    let (properties, scope) = mutant.breaks
    let model = try Model(scope: Scope.named(scope), design: mutant.design, mutant: mutant)
    for name in properties {
        let depth = try #require(pinnedMinimizedTraces[mutant]?[name]?.count)
        let run = try Prove.run(ProveFixture.options(design: mutant.design, mutant: mutant, scope: scope, properties: [name],
                                                     methods: [.bmc], depth: depth))
        let report = try #require(run.reports.first)
        #expect(report.verdict == .violated, "\(mutant.rawValue): \(report.summary)")
        let trace = try #require(report.trace)
        #expect(trace.count == depth)
        #expect(Replayer(model: model, property: report.property).replay(trace) == .fails(step: depth))
        #expect(Prove.exitStatus(run) == ExitStatus.violated)
    }
}

/// Spacer proves scrub with an invariant it finds itself, printed over the
/// state's field names, and finds the violation the no-scrub-on-free mutant
/// makes. (It proves isolation too, in about two minutes: README.)
@Test func spacerProvesScrubAndCatchesItsMutant() throws {
    let proved = try #require(try Prove.run(ProveFixture.options(properties: ["scrub"], methods: [.spacer])).reports.first)
    #expect(proved.verdict == .holds, "\(proved.summary)")
    #expect(proved.details.first?.contains("node[1].stale_real") == true, "\(proved.details)")
    let caught = try #require(try Prove.run(ProveFixture.options(mutant: .noScrubOnFree, properties: ["scrub"],
                                                                 methods: [.spacer])).reports.first)
    #expect(caught.verdict == .violated, "\(caught.summary)")
}

/// v3 breaks a promise prove finds by BMC: its compressed node overcommits,
/// and the trace, written as a counterexample file, replays.
@Test func proveFindsV3sOvercommitAndTheFileReplays() throws {
    let directory = CheckFixture.temporaryDirectory("prove-v3")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var options = ProveFixture.options(design: .v3, properties: ["capacity"], methods: [.bmc], depth: 4)
    options.counterexamplesDirectory = directory
    let report = try #require(try Prove.run(options).reports.first)
    #expect(report.verdict == .violated)
    let file = try #require(report.counterexampleFile)
    #expect(try Replay.run(file: file, propertiesDirectory: Paths.properties).0 == .fails(step: 4))
}

/// Acceptance: each obligation's SMT-LIB2 file gets the prover's answer from
/// the z3 command line (Debian package z3).
@Test func everyObligationFileGetsTheSameAnswerFromTheZ3CommandLine() throws {
    let z3 = "/usr/bin/z3"
    try #require(FileManager.default.isExecutableFile(atPath: z3), "install the Debian package z3 (the command-line solver)")
    let directory = CheckFixture.temporaryDirectory("smt2")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var options = ProveFixture.options(properties: ["isolation", "no_daemons"], methods: [.induction, .bmc], depth: 4)
    options.emitSMT2 = directory
    let run = try Prove.run(options)
    // And a Spacer query, written in Z3's fixedpoint format.
    options.properties = ["scrub"]
    options.methods = [.spacer]
    let spacer = try Prove.run(options)
    let obligations = (run.scopeInvariant?.obligations ?? []) + (run.reports + spacer.reports).flatMap(\.obligations)
    #expect(obligations.count > 20)
    #expect(Set(obligations.map(\.result.word)) == ["sat", "unsat"])
    for obligation in obligations {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: z3)
        process.arguments = ["-T:120", directory + "/" + obligation.name + ".smt2"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.split(separator: "\n").first.map(String.init) == obligation.result.word, "\(obligation.name)")
    }
}

/// Acceptance, both directions, on every shipped scope of each design: no
/// property induction proves there is one `check` finds violated there, and
/// no property `check` finds violated is proved. `check`'s violations are
/// the regression database's (CI fails on any it does not record).
struct ScopeCase: CustomTestStringConvertible, Sendable {
    let design: Design
    let scope: String
    var testDescription: String { "\(design.rawValue) on \(scope)" }

    static let all: [ScopeCase] = Design.allCases.flatMap { design in
        Scope.shippedNames.filter { name in
            (try? Model(scope: Scope.named(name), design: design)) != nil
        }.map { ScopeCase(design: design, scope: $0) }
    }
}

@Test(arguments: ScopeCase.all)
func proofsAndChecksAgree(_ c: ScopeCase) throws {
    let run = try Prove.run(ProveFixture.options(design: c.design, scope: c.scope, methods: [.induction]))
    let proved = Set(run.reports.filter { $0.verdict == .holds }.map(\.property.name))
    let database = try Regression.replay(directory: Paths.root.appendingPathComponent("counterexamples").path,
                                         propertiesDirectory: Paths.properties)
    let violated = Set(database.entries.compactMap(\.file)
        .filter { $0.design == c.design && $0.scope == c.scope && $0.expected == .violation && $0.mutant == nil }
        .map(\.property))
    #expect(proved.isDisjoint(with: violated), "proved, yet check finds violated: \(proved.intersection(violated))")
    #expect(!proved.isEmpty || c.design == .v3)
}

/// `prove --format json|junit`: the same verdicts for tools and CI.
@Test func proveReportsAsJSONAndJUnit() throws {
    var options = ProveFixture.options(properties: ["capacity", "scrub"], methods: [.bmc], depth: 5)
    options.checkReachability = false
    let run = try Prove.run(options)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(Prove.json(run, options: options).utf8)) as? [String: Any])
    #expect(json["exit_status"] as? Int == 1)
    let reports = try #require(json["reports"] as? [[String: Any]])
    #expect(reports.map { $0["property"] as? String } == ["capacity", "scrub"])
    #expect(reports.map { $0["verdict"] as? String } == ["violated", "incomplete"])
    #expect((reports[0]["trace"] as? [String])?.count == 5)
    let junit = Prove.junit(run, options: options)
    #expect(junit.contains(#"<testsuite name="v4 default" tests="2" failures="1" skipped="1""#))
    #expect(junit.contains(#"<skipped message="no violation within 5 steps (bounded: not a proof)"/>"#))
}
