import MemoryModel
import Testing

/// Taking nodes, tasks and folio slots out of a scope, as the minimizer
/// does: what is left is renumbered, and so are the actions of a trace.
@Test func v3NumaWithoutItsSecondDRAMNode() throws {
    let base = try Scope.named("v3-numa")
    let reduction = ScopeReduction(nodes: [1])
    let scope = try #require(base.reduced(by: reduction))
    #expect(scope.nodes.map(\.kind) == [.dram, .private])
    #expect(scope.tasks.count == 1)
    #expect(scope.tasks[0].cpuset == [0, 1])
    // MPOL_BIND {1} named only the node taken out and goes with it.
    #expect(scope.tasks[0].policies == [MempolicyConfig(mode: MPOL.MPOL_DEFAULT)])
    #expect(scope.callers.map(\.nid) == [nil, 1, 1])
    #expect(reduction.description == "without node 1")

    #expect(base.map(.alloc(caller: 1, nid: 2, task: 0, size: 4), by: reduction) == .alloc(caller: 1, nid: 1, task: 0, size: 4))
    #expect(base.map(.alloc(caller: 0, nid: -1, task: 0, size: 1), by: reduction) == .alloc(caller: 0, nid: -1, task: 0, size: 1))
    #expect(base.map(.movePages(task: 0, folio: 0, nid: 1), by: reduction) == nil)
    #expect(base.map(.mbind(task: 0, policy: 0), by: reduction) == nil)
    #expect(base.map(.mbind(task: 0, policy: 1), by: reduction) == .mbind(task: 0, policy: 0))
    #expect(base.map(.addPrivateMemory(nid: 2, block: 0), by: reduction) == .addPrivateMemory(nid: 1, block: 0))
    #expect(base.map(.migrateAlloc(context: Context.kswapd), by: reduction) == .migrateAlloc(context: Context.kswapd))

    // Reductions compose in the base scope's numbering: node 1 of what is
    // left is nid 2 of v3-numa.
    #expect(reduction.adding(ScopeReduction(nodes: [1]), base: base) == ScopeReduction(nodes: [1, 2]))
}

@Test func aScopeKeepsWhatItCannotLose() throws {
    let base = try Scope.named("default")
    #expect(base.reduced(by: ScopeReduction(nodes: [0])) == nil, "task 0 runs on nid 0")
    #expect(base.reduced(by: ScopeReduction(tasks: [0])) == nil, "the last task")
    #expect(base.reduced(by: ScopeReduction(folios: [0])) == nil, "the last folio slot")
    #expect(base.reduced(by: ScopeReduction(nodes: [5])) == nil, "no such node")
    let cram = try Scope.named("cram")
    let oneSlot = try #require(cram.reduced(by: ScopeReduction(folios: [0])))
    #expect(oneSlot.folios == 1)
    #expect(cram.map(.demote(folio: 1), by: ScopeReduction(folios: [0])) == .demote(folio: 0))
    #expect(cram.map(.demote(folio: 0), by: ScopeReduction(folios: [0])) == nil)
}
