import CheckerCore
import Foundation
import Harness
import MemoryModel
import PropertyLanguage
import Testing

/// The gate mutant's counterexample, buried in a long random run, minimizes
/// back to the two steps check finds.
@Test func aPaddedCounterexampleMinimizesToThePinnedTrace() throws {
    let model = try Model(scope: Scope.named("default"), design: .v4, mutant: .gateIgnoresGFPPrivate)
    let property = try #require(try Check.selectedProperties(
        CheckFixture.options(mutant: .gateIgnoresGFPPrivate, properties: ["isolation"])).first)
    let replayer = Replayer(model: model, property: property)
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    let key: [Action] = [.addPrivateMemory(nid: 1, block: 0), .alloc(caller: 2, nid: 1, task: 0, size: 1)]
    // 200 random steps that keep isolation on their own, with the first key
    // step at step 100 and the second at the end; the first seed for which
    // the result still breaks isolation (the walk may have offlined the node).
    func padded(seed: UInt64) -> [Action]? {
        var rng = SplitMix64(seed: seed)
        var state = model.initialState(ConcreteAlgebra())
        var trace: [Action] = []
        for i in 0..<200 {
            if i == 100 {
                guard let after = model.next(state, key[0]) else { return nil }
                trace.append(key[0])
                state = after
            }
            let candidates = model.actions.filter { action in
                guard !key.contains(action), let after = model.next(state, action) else { return false }
                return evaluator.isTrue(property, in: after)
            }
            guard !candidates.isEmpty else { return nil }
            let action = candidates[Int(rng.next() % UInt64(candidates.count))]
            trace.append(action)
            state = model.next(state, action)!
        }
        // Free the one folio slot if the walk left it in use, so the
        // allocation can run.
        if model.next(state, .folioPut(folio: 0)) != nil { trace.append(.folioPut(folio: 0)) }
        trace.append(key[1])
        return replayer.replay(trace).stillFails ? trace : nil
    }
    let padded = try #require((UInt64(1)...40).lazy.compactMap(padded(seed:)).first)
    #expect(padded.count >= 202)
    #expect(replayer.replay(padded).stillFails)
    let result = Minimize.minimize(padded, model: model, property: property)
    #expect(result.actions.map(model.describe) == [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "task0: kmalloc_node(GFP_KERNEL, nid=1, size=1)",
    ])
    #expect(result.failingStep == 2)
    #expect(Minimize.size(result.actions, model: model) == Minimize.Size(steps: 2, taskSwitches: 1, nodes: 1))
    #expect(Minimize.size(padded, model: model).taskSwitches > 20)
}

/// `privcheck minimize FILE` writes the minimized file; a file whose trace no
/// longer fails is refused with one diagnostic (exit status 65), not rewritten.
@Test func minimizeRunsOnAFileAndRefusesOneThatNoLongerFails() throws {
    let directory = CheckFixture.temporaryDirectory("minimize")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let report = try Check.run(CheckFixture.options(mutant: .gateIgnoresGFPPrivate, properties: ["isolation"],
                                                    directory: directory))
    let path = try #require(report.properties.first?.counterexampleFile)
    let (minimized, before, after, result) = try Minimize.run(file: path, propertiesDirectory: Paths.properties)
    let statistics = result.statistics
    #expect(minimized.steps.count == 2 && minimized.failingStep == 2)
    #expect(before == Minimize.Size(steps: 2, taskSwitches: 1, nodes: 1) && after == before)
    #expect(statistics.passes.map(\.name) == ["delete blocks", "delete pairs", "reorder", "simplify steps"])

    var unmutated = try CounterexampleFile.read(path)
    unmutated.mutant = nil
    let stale = directory + "/stale.json"
    try unmutated.encoded().write(to: URL(fileURLWithPath: stale))
    #expect(throws: CounterexampleError.doesNotFail(stale)) {
        try Minimize.run(file: stale, propertiesDirectory: Paths.properties)
    }
}

/// v3's overcommit on v3-numa needs neither the second DRAM node nor its
/// MPOL_BIND: minimizing takes the node out of the scope, renumbers the
/// private node to nid 1, and the file records the reduction and replays.
@Test func minimizeTakesOutANodeTheBugDoesNotNeed() throws {
    let directory = CheckFixture.temporaryDirectory("reduce")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var file = try CounterexampleFile.read(Paths.root.appendingPathComponent("counterexamples/v3-v3-numa-capacity.json").path)
    file.expected = nil
    file.reason = nil
    let path = directory + "/v3-capacity.json"
    try file.encoded().write(to: URL(fileURLWithPath: path))
    let (minimized, before, after, result) = try Minimize.run(file: path, propertiesDirectory: Paths.properties)
    #expect(minimized.scopeReduction == ScopeReduction(nodes: [1]))
    #expect(result.model.scope.nodes.count == 2 && result.dropsKept == 1)
    #expect(minimized.steps.map(\.call) == [
        "add_memory_driver_managed(nid=1, block=0)",
        "task0: kmalloc_node(GFP_KERNEL, nid=1, size=1)",
        "folio_put(folio 0)",
        "task0: kmalloc_node(GFP_KERNEL, nid=1, size=4)",
    ])
    #expect(before == Minimize.Size(steps: 4, taskSwitches: 3, nodes: 1) && after == before)
    try minimized.encoded().write(to: URL(fileURLWithPath: path))
    let (outcome, text) = try Replay.run(file: path, propertiesDirectory: Paths.properties)
    #expect(outcome == .fails(step: 4))
    #expect(text.hasPrefix("replay \(path): capacity on design v3, scope v3-numa"))
    #expect(Minimize.report(before: before, after: after, result, verbose: false).contains("scope: v3-numa without node 1"))
}
