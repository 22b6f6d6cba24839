import CheckerCore
import MemoryModel
import PropertyLanguage
import Testing

// Properties evaluated on the engine: each kind shown true where it should
// be and false where it should be, on traces written out step by step.

private let cram = 1
private let kswapd = Context.kswapd

/// Demote a user folio into CRAM, then write to it: cram_fault promotes it back.
private let promotion: [Action] = [
    .addPrivateMemory(nid: cram, block: 0),
    .cramRegister(nid: cram),
    // One user page brings node 0 to its high watermark, so kswapd reclaims.
    .alloc(caller: 0, nid: -1, task: 0, size: 1),
    .demote(folio: 0),
    .demoteMigrateTo,
    .migrateAlloc(context: kswapd),
    .migrateMove(context: kswapd, size: 1),
    .writeFault(task: 0, folio: 0),
    .migrateAlloc(context: 0),
    .migrateMove(context: 0, size: 1),
]

@Test func reachableWitnessIsFalseUntilThePromotionCompletes() throws {
    let model = try Model(scope: Scope.named("default"), design: .v4)
    let promoted = try Library.property("promotion_fires")
    let demoted = try Library.property("reaches_private_by_demotion")
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    let steps = try model.run(promotion)
    let states = [steps[0].pre] + steps.map { $0.step.state }
    let promotedAt = states.map { evaluator.evaluate(promoted, in: $0) }
    let demotedAt = states.map { evaluator.evaluate(demoted, in: $0) }
    // Witnessed exactly once the move back to DRAM completes (the last step).
    #expect(promotedAt == Array(repeating: false, count: 10) + [true])
    // The folio sits demoted on CRAM from the demotion's move until the promotion's move.
    #expect(demotedAt == Array(repeating: false, count: 7) + [true, true, true, false])
}

@Test func transitionPropertyHoldsOnTheDesignAndFailsOnTheMutant() throws {
    let gate = try Library.property("alloc_gate")
    let trace: [Action] = [
        .addPrivateMemory(nid: cram, block: 0),
        .cramRegister(nid: cram),
        // alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE): no __GFP_PRIVATE.
        .alloc(caller: 3, nid: cram, task: 0, size: 1),
    ]
    let model = try Model(scope: Scope.named("default"), design: .v4)
    let steps = try model.run(trace)
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    #expect(steps.map { evaluator.evaluate(gate, on: $0.view(model)) } == [true, true, true])
    #expect(steps[2].step.ret < 0, "v4 refuses the private node without __GFP_PRIVATE")

    let mutant = try Model(scope: Scope.named("default"), design: .v4, mutant: .gateIgnoresGFPPrivate)
    let mutated = try mutant.run(trace)
    let mutantEvaluator = PropertyEvaluator(model: mutant, algebra: ConcreteAlgebra())
    #expect(mutated.map { mutantEvaluator.evaluate(gate, on: $0.view(mutant)) } == [true, true, false])
    #expect(mutated[2].step.state.folio[mutated[2].step.ret].nid == cram)
}

@Test func transitionPropertyReadsTheActionAndItsResult() throws {
    let model = try Model(scope: Scope.named("default"), design: .v4)
    let steps = try model.run([.addPrivateMemory(nid: cram, block: 0), .unregister(nid: cram)])
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    let busy = try Library.property("unregister_busy")
    #expect(steps.map { evaluator.evaluate(busy, on: $0.view(model)) } == [true, true])
    #expect(steps[1].step.ret == Errno.EBUSY)
    // The same shape of property with the wrong errno is false on that step.
    let wrong = try Library.body(
        "action == node_private_unregister and pre.node[action.nid].N_MEMORY_PRIVATE implies ret == -EINVAL",
        kind: .transition)
    #expect(steps.map { evaluator.evaluate(wrong, on: $0.view(model)) } == [true, false])
    let arguments = try Library.body(
        "action == node_private_unregister implies action.nid == 1 and action.folio == -1 and post.node[action.nid].node_private == 1",
        kind: .transition)
    #expect(evaluator.evaluate(arguments, on: steps[1].view(model)))
}

@Test func invariantIsFalseOnTheMutantsState() throws {
    let isolation = try Library.property("isolation")
    let trace: [Action] = [
        .addPrivateMemory(nid: cram, block: 0),
        .cramRegister(nid: cram),
        .alloc(caller: 3, nid: cram, task: 0, size: 1),
    ]
    for (mutant, expected) in [(nil, [true, true, true, true]), (Mutant.gateIgnoresGFPPrivate, [true, true, true, false])] {
        let model = try Model(scope: Scope.named("default"), design: .v4, mutant: mutant)
        let steps = try model.run(trace)
        let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
        let states = [steps[0].pre] + steps.map { $0.step.state }
        #expect(states.map { evaluator.evaluate(isolation, in: $0) } == expected, "\(mutant?.rawValue ?? "v4")")
    }
}

@Test func derivedNamesAreTheEnginesQuantities() throws {
    let model = try Model(scope: Scope.named("default"), design: .v4)
    let steps = try model.run(Array(promotion.prefix(7)))
    let state = steps.last!.step.state
    let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
    let a = ConcreteAlgebra()
    func holds(_ body: String) throws -> Bool { evaluator.evaluate(try Library.body(body), in: state) }
    #expect(try holds("node[1].real_used == \(model.realUsed(state, 1, a))"))
    #expect(model.realUsed(state, 1, a) == 1)
    #expect(try holds("node[1].real_capacity == 4 and node[0].real_capacity == 0"))
    #expect(try holds("node[1].present_pages == 2 and node[1].managed_pages == 2 and node[1].used_pages == 1"))
    #expect(try holds("node[0].free_pages == \(model.freePages(state, 0, a))"))
    #expect(try holds("node[0].next_demotion_node == 1 and node[1].next_demotion_node == -1"))
    #expect(try holds("node[1].compressed and node[1].is_private and not node[0].is_private and node[1].populated"))
    #expect(try holds("not node[0].fallback[1] and node[0].fallback[0] and node[1].fallback[1]"))
    #expect(try holds("(count f in folios where f.in_use) == 1 and (sum f in folios: f.compressed_size) == 1"))
    #expect(try holds("exists n in N_MEMORY_PRIVATE: n.nid == 1 and n in N_MEMORY_PRIVATE and not (0 in N_MEMORY_PRIVATE)"))
    #expect(try holds("forall t in tasks: 0 in t.mems_allowed and 1 in t.mems_allowed"))
    #expect(try holds("folio[0].path in {demotion, compaction} and task[folio[0].owner].mode == MPOL_DEFAULT"))
    // An index outside its array reads as zero: a kernel folio's owner is -1.
    #expect(try holds("task[-1].mode == 0 and not node[7].N_MEMORY"))
    #expect(try holds("let n = node[folio[0].nid] in n.cram and n.ops_flags has NP_OPS_DEMOTION | NP_OPS_MIGRATION"))
    #expect(try !holds("node[1].ops_flags has NP_OPS_MEMPOLICY"))
}

@Test func symmetryFlagTracksConstantNames() throws {
    #expect(try Library.property("isolation").symmetric)
    #expect(try Library.property("pages_fit").symmetric)
    #expect(try Library.property("alloc_gate").symmetric)
    #expect(try !Library.body("node[1].N_MEMORY").symmetric)
    #expect(try !Library.body("forall f in folios: f.nid != 1").symmetric)
    #expect(try !Library.body("forall t in tasks: 1 in t.nodes").symmetric)
    #expect(try Library.body("forall f in folios: f.owner == -1 or f.nid >= 0").symmetric)
}
