import Testing
import CheckerCore
@testable import MemoryModel

// One concrete scenario per mutant: the same actions under v4 and under the
// mutant, and the one observation that tells them apart. Each row states
// what v4 (the kernel) gives and what the mutant gives.

struct MutantCase: Sendable, CustomTestStringConvertible {
    var mutant: Mutant
    /// The kernel function the mutant changes and the scenario.
    var scenario: String
    var scope: Scope
    var actions: [Action]
    /// What to look at after the actions (run until the first disabled one).
    var observe: @Sendable (Model, KAttempt) -> String
    var v4: String
    var mutated: String
    var testDescription: String { "\(mutant.rawValue): \(scenario)" }
}

/// "disabled: <family>" if an action was disabled, else the last return value.
@Sendable func kLastRet(_ model: Model, _ a: KAttempt) -> String {
    if let d = a.disabled { return "disabled: \(d.family)" }
    return a.last.map(Errno.describe) ?? "-"
}

enum MutantTable {
    static let cases: [MutantCase] = [
        MutantCase(
            mutant: .gateIgnoresGFPPrivate,
            scenario: "numa_zone_alloc_allowed (03/27): alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE) on a CRAM node",
            scope: kScope(), actions: KSetup.cramOnline() + [.alloc(caller: KCaller.kernelThisnode, nid: 1, task: 0, size: 1)],
            observe: { m, a in
                let r = a.last ?? Int.min
                return r >= 0 ? "node \(a.state.folio[r].nid)" : Errno.describe(r)
            },
            v4: "-ENOMEM", mutated: "node 1"),
        MutantCase(
            mutant: .privateInFallback,
            scenario: "build_zonelists (04/27): page fault under MPOL_BIND {0,1} + MPOL_F_PRIVATE with DRAM full",
            scope: MbindTable.scope(),
            actions: MbindTable.withMempolicy + KSetup.faults(3) + [.mbind(task: 0, policy: MbindTable.bind01), KSetup.fault],
            observe: { m, a in
                let r = a.last ?? Int.min
                return r >= 0 ? "node \(a.state.folio[r].nid)" : Errno.describe(r)
            },
            v4: "-ENOMEM", mutated: "node 1"),
        MutantCase(
            mutant: .demoteIgnoresPressure,
            // Only the first half of cram_set_pressure: migration_blocked set,
            // no watermark boost yet (the boost alone would refuse the target).
            scenario: "can_demote (14/27): kswapd demotion once cram_set_pressure(CRAM_PRESSURE_MAX) set migration_blocked",
            scope: kScope(),
            actions: KSetup.cramOnline() + KSetup.faults(2) + [.cramSetPressure(nid: 1, pressure: CRAM.CRAM_PRESSURE_MAX)]
                + KSetup.demote(0),
            observe: { m, a in a.disabled.map { "disabled: \($0.family)" } ?? "folio 0 on node \(a.state.folio[0].nid)" },
            v4: "disabled: shrink_folio_list: demote", mutated: "folio 0 on node 1"),
        MutantCase(
            mutant: .demoteIgnoresPressure,
            scenario: "cram_migrate_to (23/27): pressure reaches CRAM_PRESSURE_MAX mid-demotion",
            scope: kScope(),
            actions: KSetup.cramOnline() + KSetup.faults(2) + [.demote(folio: 0)] + KSetup.pressure(CRAM.CRAM_PRESSURE_MAX)
                + [.demoteMigrateTo],
            observe: kLastRet, v4: "-ENOSPC", mutated: "0"),
        MutantCase(
            mutant: .writableOnArrival,
            scenario: "remove_migration_pte (15/27): a demoted folio's PTE on the PROTECT_WRITE node",
            scope: kScope(), actions: KSetup.demoted(),
            observe: { m, a in "writable \(a.state.folio[0].writable)" },
            v4: "writable false", mutated: "writable true"),
        MutantCase(
            mutant: .unregisterWhileOnline,
            scenario: "node_private_unregister (01/27) with memory online",
            scope: kScope(), actions: [.addPrivateMemory(nid: 1, block: 0), .unregister(nid: 1)],
            observe: { m, a in
                "\(kLastRet(m, a)), node_private \(a.state.node[1].node_private), N_MEMORY_PRIVATE \(a.state.node[1].N_MEMORY_PRIVATE)"
            },
            v4: "-EBUSY, node_private 1, N_MEMORY_PRIVATE true", mutated: "0, node_private 0, N_MEMORY_PRIVATE true"),
        MutantCase(
            mutant: .noScrubOnFree,
            scenario: "cram_free_folio_cb (23/27): folio_put of a 4-unit CRAM folio",
            scope: kScope(), actions: FreeTable.scene + [.folioPut(folio: 0)],
            observe: { m, a in "flush_real \(a.state.node[1].flush_real), stale_real \(a.state.node[1].stale_real)" },
            v4: "flush_real 4, stale_real 0", mutated: "flush_real 0, stale_real 4"),
        MutantCase(
            mutant: .setOpsNoDependencies,
            scenario: "node_private_set_ops (13/27): NP_OPS_MEMPOLICY without NP_OPS_MIGRATION",
            scope: kScope(), actions: [.register(nid: 1, owner: 1), .setOps(nid: 1, flags: KOps.MEMPOLICY)],
            observe: kLastRet, v4: "-EINVAL", mutated: "0"),
        MutantCase(
            mutant: .registerOnNMemory,
            scenario: "node_private_register (01/27) on N_MEMORY DRAM node 0",
            scope: kScope(), actions: [.register(nid: 0, owner: 1)],
            observe: { m, a in "\(kLastRet(m, a)), pgdat_private \(a.state.node[0].pgdat_private)" },
            v4: "-EBUSY, pgdat_private false", mutated: "0, pgdat_private true"),
        MutantCase(
            mutant: .mprotectUpgradesWrite,
            scenario: "change_pte_range (15/27): mprotect(PROT_WRITE) of a compressed folio",
            scope: kScope(),
            actions: KSetup.demoted() + [.mprotect(task: 0, folio: 0, write: false), .mprotect(task: 0, folio: 0, write: true)],
            observe: { m, a in "\(a.disabled.map { "disabled: \($0.family)" } ?? "ran"), writable \(a.state.folio[0].writable)" },
            v4: "ran, writable false", mutated: "ran, writable true"),
    ]
}

@Test(arguments: MutantTable.cases)
func mutantDiffersFromV4(_ c: MutantCase) throws {
    let v4 = try Model(scope: c.scope, design: .v4)
    let mutated = try Model(scope: c.scope, design: .v4, mutant: c.mutant)
    let seenV4 = c.observe(v4, kAttempt(v4, c.actions))
    let seenMutant = c.observe(mutated, kAttempt(mutated, c.actions))
    #expect(seenV4 == c.v4, "v4 (the kernel)")
    #expect(seenMutant == c.mutated, "mutant \(c.mutant.rawValue)")
    #expect(seenV4 != seenMutant, "the scenario does not tell the mutant from v4")
}

@Test func everyMutantHasAScenario() {
    let covered = Set(MutantTable.cases.map(\.mutant))
    let missing = Mutant.allCases.filter { !covered.contains($0) }
    #expect(missing.isEmpty, "mutants without a scenario: \(missing.map(\.rawValue))")
}
