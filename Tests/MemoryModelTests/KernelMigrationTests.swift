import Testing
import CheckerCore
@testable import MemoryModel

// Tables 6-9: move_pages(2), mbind(2), longterm pinning, OOM eligibility.

// MARK: 6. move_pages(2) (upstream mm/migrate.c; RFC v4 12/27)

enum MovePagesTable {
    static let cases: [KCase] = [
        KCase(name: "do_pages_move (v4 12/27): target node without memory (private node not online) -> -ENODEV",
              scope: kScope(), setup: KSetup.faults(1), action: .movePages(task: 0, folio: 0, nid: 1),
              expect: .ret(Errno.ENODEV),
              check: { _, s in #expect(s.folio[0].nid == 0 && s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "do_pages_move (upstream): target node outside the task's cpuset -> -EACCES",
              scope: kScope(cpuset: [0]), setup: KSetup.cramOnline() + KSetup.faults(1),
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(Errno.EACCES),
              check: { _, s in #expect(s.folio[0].nid == 0 && s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "add_page_for_migration (upstream): folio already on the target private node -> status = nid 1",
              scope: kScope(), setup: KSetup.demoted(), action: .movePages(task: 0, folio: 0, nid: 1),
              expect: .ret(1),
              check: { _, s in #expect(s.folio[0].nid == 1 && s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "add_page_for_migration (upstream): folio already on DRAM target -> status = nid 0, nothing starts",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(1),
              action: .movePages(task: 0, folio: 0, nid: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].lru, "the folio was isolated")
                  #expect(s.ctx[0].pc == PC.idle.rawValue, "a migration 0 -> 0 was started")
              }),
        // add_page_for_migration checks folio_nid == node before isolating, so an
        // isolated folio already on the target still reports its nid.
        KCase(name: "add_page_for_migration (upstream): isolated folio already on DRAM target -> status = nid 0, not -EBUSY",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(2) + [.demote(folio: 0)],
              action: .movePages(task: 0, folio: 0, nid: 0), expect: .ret(0),
              check: { _, s in #expect(s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "add_page_for_migration (v4 12/27): private folio without NP_OPS_MIGRATION -> -ENOENT",
              scope: kScope(),
              setup: KSetup.demoted() + [.setOps(nid: 1, flags: KOps.DEMOTION | KOps.RECLAIM | KOps.PROTECT_WRITE)],
              action: .movePages(task: 0, folio: 0, nid: 0), expect: .ret(Errno.ENOENT),
              check: { _, s in #expect(s.folio[0].nid == 1 && s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "add_page_for_migration (upstream): folio isolated by kswapd's demotion -> -EBUSY",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(2) + [.demote(folio: 0)],
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(Errno.EBUSY),
              check: { _, s in #expect(s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "migrate_folios_to_node -> cram_migrate_to (v4 12,23/27): CRAM at CRAM_PRESSURE_MAX -> -ENOSPC",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(1) + KSetup.pressure(CRAM.CRAM_PRESSURE_MAX),
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(Errno.ENOSPC),
              check: { _, s in
                  #expect(s.folio[0].nid == 0 && s.folio[0].lru)
                  #expect(s.node[1].refcount == 1)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "node_private_migrate_to (v4 12/27): private target registered without ops (no migrate_to) -> -ENODEV",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0)] + KSetup.faults(1),
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(Errno.ENODEV),
              check: { _, s in #expect(s.folio[0].nid == 0 && s.ctx[0].pc == PC.idle.rawValue) }),
        KCase(name: "move_pages -> migrate_to (v4 12/27): success starts the migration with a temporary node_private ref",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(1),
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(0),
              check: { _, s in
                  #expect(s.ctx[0].pc == PC.migrateAlloc.rawValue)
                  #expect(s.ctx[0].reason == MigrateReason.MR_SYSCALL.rawValue)
                  #expect(s.ctx[0].via_migrate_to)
                  #expect(s.node[1].refcount == 2)
                  #expect(!s.folio[0].lru)
              }),
        KCase(name: "move_pages -> migrate_to (v4 12,23/27): the migration completes with the folio on node 1, read-only",
              scope: kScope(),
              setup: KSetup.cramOnline() + KSetup.faults(1) + [.movePages(task: 0, folio: 0, nid: 1), .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 1), expect: .ret(1),
              check: { _, s in
                  #expect(s.folio[0].nid == 1)
                  #expect(s.folio[0].path == Path.movePages.rawValue)
                  #expect(!s.folio[0].writable)
                  #expect(s.folio[0].compressed_size == 1)
                  #expect(s.node[1].refcount == 1)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "move_pages (v4 12/27): a private folio with NP_OPS_MIGRATION moves back to DRAM",
              scope: kScope(),
              setup: KSetup.demoted() + [.movePages(task: 0, folio: 0, nid: 0), .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].path == Path.movePages.rawValue)
                  #expect(s.folio[0].gfp == GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE)
              }),
        KCase(name: "do_pages_move (v3): the N_PRIVATE node is not N_MEMORY -> -ENODEV",
              design: .v3, scope: kScope(design: .v3), setup: KSetup.v3Online + KSetup.faults(1),
              action: .movePages(task: 0, folio: 0, nid: 1), expect: .ret(Errno.ENODEV)),
    ]
}

@Test(arguments: MovePagesTable.cases)
func movePages(_ c: KCase) throws { try kVerify(c) }

// MARK: 7. mbind / mpol_set_nodemask (RFC v4 13/27)

enum MbindTable {
    static let policies: [MempolicyConfig] = [
        .init(mode: MPOL.MPOL_BIND, nodes: [1]),       // 0
        .init(mode: MPOL.MPOL_BIND, nodes: [0]),       // 1
        .init(mode: MPOL.MPOL_BIND, nodes: [0, 1]),    // 2
        .init(mode: MPOL.MPOL_PREFERRED, nodes: [1]),  // 3
        .init(mode: MPOL.MPOL_DEFAULT, nodes: []),     // 4
    ]
    static let bind1 = 0, bind0 = 1, bind01 = 2, preferred1 = 3, policyDefault = 4

    static func scope(cpuset: [Int]? = [0, 1], design: Design = .v4) -> Scope {
        kScope(design: design, memtype: .demoteOnly, ops: KOps.MIGRATION | KOps.MEMPOLICY, cpuset: cpuset,
               policies: policies)
    }
    static let withMempolicy = KSetup.privateOnline(flags: KOps.MIGRATION | KOps.MEMPOLICY)
    static let withoutMempolicy = KSetup.privateOnline(flags: KOps.MIGRATION)

    static let cases: [KCase] = [
        KCase(name: "mpol_set_nodemask (v4 13/27): MPOL_BIND {1}, node 1 lacks NP_OPS_MEMPOLICY -> -EINVAL",
              scope: scope(), setup: withoutMempolicy, action: .mbind(task: 0, policy: bind1),
              expect: .ret(Errno.EINVAL),
              check: { _, s in
                  #expect(s.task[0].mode == MPOL.MPOL_DEFAULT)
                  #expect(s.task[0].flags == 0)
              }),
        KCase(name: "mpol_set_nodemask (v4 13/27): MPOL_BIND {0,1}, node 1 lacks NP_OPS_MEMPOLICY -> -EINVAL",
              scope: scope(), setup: withoutMempolicy, action: .mbind(task: 0, policy: bind01),
              expect: .ret(Errno.EINVAL)),
        KCase(name: "mpol_set_nodemask (v4 13/27): MPOL_BIND {1} with NP_OPS_MEMPOLICY -> 0, MPOL_F_PRIVATE",
              scope: scope(), setup: withMempolicy, action: .mbind(task: 0, policy: bind1), expect: .ret(0),
              check: { _, s in
                  #expect(s.task[0].mode == MPOL.MPOL_BIND)
                  #expect(s.task[0].nodes == 0b10)
                  #expect(s.task[0].flags & MPOL.MPOL_F_PRIVATE != 0)
              }),
        KCase(name: "vma_alloc_folio (v4 13/27): page fault under MPOL_BIND {1} + MPOL_F_PRIVATE -> node 1 with __GFP_PRIVATE",
              scope: scope(), setup: withMempolicy + [.mbind(task: 0, policy: bind1)],
              action: KSetup.fault, expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 1)
                  #expect(s.folio[0].gfp & GFP.__GFP_PRIVATE != 0, "gfp \(GFP.describe(s.folio[0].gfp))")
                  #expect(s.folio[0].caller_gfp == GFP.GFP_HIGHUSER_MOVABLE)
                  #expect(s.folio[0].path == Path.pageFault.rawValue)
              }),
        KCase(name: "vma_alloc_folio (v4 13/27): page fault under MPOL_PREFERRED {1} + MPOL_F_PRIVATE -> node 1",
              scope: scope(), setup: withMempolicy + [.mbind(task: 0, policy: preferred1)],
              action: KSetup.fault, expect: .ret(0),
              check: { _, s in
                  #expect(s.task[0].flags & MPOL.MPOL_F_PRIVATE != 0)
                  #expect(s.folio[0].nid == 1)
                  #expect(s.folio[0].gfp & GFP.__GFP_PRIVATE != 0)
              }),
        KCase(name: "mpol_set_nodemask (v4 13/27): a DRAM-only MPOL_BIND {0} -> 0, no MPOL_F_PRIVATE",
              scope: scope(), setup: withMempolicy, action: .mbind(task: 0, policy: bind0), expect: .ret(0),
              check: { _, s in
                  #expect(s.task[0].mode == MPOL.MPOL_BIND && s.task[0].nodes == 0b01)
                  #expect(s.task[0].flags & MPOL.MPOL_F_PRIVATE == 0)
              }),
        KCase(name: "vma_alloc_folio (v4 13/27): page fault under a DRAM-only MPOL_BIND {0} -> node 0, no __GFP_PRIVATE",
              scope: scope(), setup: withMempolicy + [.mbind(task: 0, policy: bind0)],
              action: KSetup.fault, expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].gfp & GFP.__GFP_PRIVATE == 0)
              }),
        KCase(name: "policy_nodemask (v4 13/27): MPOL_BIND {0,1} keeps the local nid 0 -> page fault lands on node 0",
              scope: scope(), setup: withMempolicy + [.mbind(task: 0, policy: bind01)],
              action: KSetup.fault, expect: .ret(0),
              check: { _, s in
                  #expect(s.task[0].flags & MPOL.MPOL_F_PRIVATE != 0)
                  #expect(s.folio[0].nid == 0)
              }),
        // [I] spec §2 A1/A8: private zones are scanned only when the preferred
        // nid is the private node; FALLBACK(0) holds only N_MEMORY nodes.
        KCase(name: "policy_nodemask + FALLBACK(0) (v4 04,13/27): MPOL_BIND {0,1}, DRAM full -> -ENOMEM (node 1 not in node 0's list)",
              scope: scope(), setup: withMempolicy + KSetup.faults(3) + [.mbind(task: 0, policy: bind01)],
              action: KSetup.fault, expect: .ret(Errno.ENOMEM)),
        KCase(name: "mpol_set_nodemask (v4 13/27): private node not online -> nodemask empty after the N_MEMORY cut -> -EINVAL",
              scope: scope(), setup: [], action: .mbind(task: 0, policy: bind1), expect: .ret(Errno.EINVAL)),
        KCase(name: "mpol_set_nodemask (v4 02,13/27): node 1 outside the task's cpuset -> cut away -> -EINVAL",
              scope: scope(cpuset: [0]), setup: withMempolicy, action: .mbind(task: 0, policy: bind1),
              expect: .ret(Errno.EINVAL)),
        KCase(name: "mpol_set_nodemask (v4 13/27): MPOL_DEFAULT after a private policy clears MPOL_F_PRIVATE",
              scope: scope(), setup: withMempolicy + [.mbind(task: 0, policy: bind1)],
              action: .mbind(task: 0, policy: policyDefault), expect: .ret(0),
              check: { _, s in
                  #expect(s.task[0].mode == MPOL.MPOL_DEFAULT)
                  #expect(s.task[0].flags == 0)
              }),
        KCase(name: "alloc_migration_target_by_mpol (v4 13/27): MPOL_MF_MOVE under MPOL_F_PRIVATE moves a DRAM folio to node 1",
              scope: scope(),
              setup: withMempolicy + KSetup.faults(1) + [.mbind(task: 0, policy: bind1), .mbindMigrate(task: 0, folio: 0),
                                                         .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 0), expect: .ret(1),
              check: { _, s in
                  #expect(s.folio[0].nid == 1)
                  #expect(s.folio[0].path == Path.mbind.rawValue)
                  #expect(s.folio[0].gfp & GFP.__GFP_PRIVATE != 0)
              }),
        KCase(name: "mpol_set_nodemask (v3): private nodes are outside mems_allowed and not N_MEMORY -> -EINVAL",
              design: .v3, scope: scope(design: .v3), setup: KSetup.v3Online, action: .mbind(task: 0, policy: bind1),
              expect: .ret(Errno.EINVAL)),
    ]
}

@Test(arguments: MbindTable.cases)
func mbind(_ c: KCase) throws { try kVerify(c) }

// MARK: 8. Longterm pinning (RFC v4 20/27)

enum PinTable {
    static let scope = MbindTable.scope()
    /// Folio `slot` of task 0 placed on node 1 through MPOL_BIND {1}, then the
    /// node's ops changed to `flags`. `dramFull` fills DRAM first.
    static func onPrivate(flags: UInt32, dramFull: Bool = false) -> [Action] {
        MbindTable.withMempolicy + KSetup.faults(dramFull ? 3 : 0)
            + [.mbind(task: 0, policy: MbindTable.bind1), KSetup.fault, .setOps(nid: 1, flags: flags)]
    }

    static let cases: [KCase] = [
        KCase(name: "folio_is_longterm_pinnable (v4 20/27): no LONGTERM_PIN, no MIGRATION -> pin_user_pages -ENOMEM",
              scope: scope, setup: onPrivate(flags: 0), action: .pinLongterm(task: 0, folio: 0),
              expect: .ret(Errno.ENOMEM),
              check: { _, s in
                  #expect(!s.folio[0].pinned && s.folio[0].nid == 1)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "check_and_migrate_movable_folios (v4 20/27): no LONGTERM_PIN but MIGRATION -> migration to DRAM starts",
              scope: scope, setup: onPrivate(flags: KOps.MIGRATION | KOps.MEMPOLICY),
              action: .pinLongterm(task: 0, folio: 0), expect: .ret(0),
              check: { _, s in
                  #expect(!s.folio[0].pinned)
                  #expect(s.ctx[0].pc == PC.migrateAlloc.rawValue)
                  #expect(s.ctx[0].reason == MigrateReason.MR_LONGTERM_PIN.rawValue)
                  #expect(s.ctx[0].gfp == GFP.GFP_USER | GFP.__GFP_NOWARN)
              }),
        KCase(name: "check_and_migrate_movable_folios (v4 20/27): ... the folio is pinned on DRAM after the migration",
              scope: scope,
              setup: onPrivate(flags: KOps.MIGRATION | KOps.MEMPOLICY) + [.pinLongterm(task: 0, folio: 0), .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].pinned)
                  #expect(s.folio[0].path == Path.longtermPin.rawValue)
              }),
        KCase(name: "check_and_migrate_movable_folios (v4 20/27): MIGRATION but DRAM full -> migration target -ENOMEM, not pinned",
              scope: scope,
              setup: onPrivate(flags: KOps.MIGRATION | KOps.MEMPOLICY, dramFull: true) + [.pinLongterm(task: 0, folio: 3)],
              action: .migrateAlloc(context: 0), expect: .ret(Errno.ENOMEM),
              check: { _, s in
                  #expect(s.folio[3].nid == 1 && !s.folio[3].pinned && s.folio[3].lru)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "folio_is_longterm_pinnable (v4 20/27): NP_OPS_LONGTERM_PIN -> pinned in place on node 1",
              scope: scope, setup: onPrivate(flags: KOps.MIGRATION | KOps.MEMPOLICY | KOps.LONGTERM_PIN),
              action: .pinLongterm(task: 0, folio: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].pinned && s.folio[0].nid == 1)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "folio_is_longterm_pinnable (v4 20/27): NP_OPS_LONGTERM_PIN without MIGRATION -> pinned in place",
              scope: scope, setup: onPrivate(flags: KOps.LONGTERM_PIN),
              action: .pinLongterm(task: 0, folio: 0), expect: .ret(0),
              check: { _, s in #expect(s.folio[0].pinned && s.folio[0].nid == 1) }),
        KCase(name: "folio_is_longterm_pinnable (upstream): a DRAM folio is pinned in place",
              scope: scope, setup: MbindTable.withoutMempolicy + KSetup.faults(1),
              action: .pinLongterm(task: 0, folio: 0), expect: .ret(0),
              check: { _, s in #expect(s.folio[0].pinned && s.folio[0].nid == 0) }),
    ]
}

@Test(arguments: PinTable.cases)
func longtermPin(_ c: KCase) throws { try kVerify(c) }

// MARK: 9. OOM eligibility (RFC v4 17/27)

enum OOMTable {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var nid: Int
        /// Ops set on private node 1 (nil: registered without ops).
        var flags: UInt32?
        var eligible: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "node_oom_eligible (v4 17/27): DRAM node 0 -> eligible", nid: 0, flags: KOps.RECLAIM, eligible: true),
        Row(name: "node_oom_eligible (v4 17/27): private node without ops -> not eligible", nid: 1, flags: nil, eligible: false),
        Row(name: "node_oom_eligible (v4 17/27): private node, NP_OPS_RECLAIM only -> not eligible",
            nid: 1, flags: KOps.RECLAIM, eligible: false),
        Row(name: "node_oom_eligible (v4 17/27): private node, NP_OPS_DEMOTION only -> not eligible",
            nid: 1, flags: KOps.DEMOTION, eligible: false),
        Row(name: "node_oom_eligible (v4 17/27 code, not the cover's slip): MIGRATION|DEMOTION -> not eligible",
            nid: 1, flags: KOps.MIGRATION | KOps.DEMOTION, eligible: false),
        Row(name: "node_oom_eligible (v4 17/27): private node, RECLAIM|DEMOTION -> eligible",
            nid: 1, flags: KOps.RECLAIM | KOps.DEMOTION, eligible: true),
        Row(name: "node_oom_eligible (v4 17/27): private node, every flag -> eligible",
            nid: 1, flags: KOps.permissive, eligible: true),
    ]
}

@Test(arguments: OOMTable.rows)
func oomEligibility(_ row: OOMTable.Row) throws {
    let model = try Model(scope: kScope(memtype: .demoteOnly), design: .v4)
    let (s, _, ok) = kRun(model, KSetup.privateOnline(flags: row.flags))
    guard ok else { return }
    #expect(s.node[1].N_MEMORY_PRIVATE)
    #expect(model.nodeOOMEligible(s, row.nid, ConcreteAlgebra()) == row.eligible)
}

// MARK: NUMA balancing and compaction of private folios (RFC v4 18, 19/27)

enum BalancingTable {
    static let cases: [KCase] = [
        KCase(name: "folio_managed_allows_numa (v4 18/27): a CRAM folio without NP_OPS_NUMA_BALANCING is not NUMA-migrated",
              scope: kScope(), setup: KSetup.demoted(), action: .migrateMisplaced(task: 0, folio: 0), expect: .disabled),
        KCase(name: "migrate_misplaced_folio (v4 18/27): with NP_OPS_NUMA_BALANCING the folio moves to the task's node",
              scope: kScope(),
              setup: KSetup.demoted() + [.setOps(nid: 1, flags: KOps.cram | KOps.NUMA_BALANCING),
                                         .migrateMisplaced(task: 0, folio: 0), .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].path == Path.numaBalancing.rawValue)
              }),
        KCase(name: "compaction (v4 19/27): a private zone without NP_OPS_COMPACTION is not compacted",
              scope: kScope(), setup: KSetup.demoted(), action: .compactZone(folio: 0), expect: .disabled),
        KCase(name: "compaction (v4 19/27): with NP_OPS_COMPACTION the private folio may be compacted",
              scope: kScope(), setup: KSetup.demoted() + [.setOps(nid: 1, flags: KOps.cram | KOps.COMPACTION)],
              action: .compactZone(folio: 0), expect: .enabled,
              check: { _, s in #expect(s.folio[0].nid == 1 && s.folio[0].path == Path.compaction.rawValue) }),
        KCase(name: "compaction (upstream): a DRAM folio may be compacted",
              scope: kScope(), setup: KSetup.demoted(), action: .compactZone(folio: 1), expect: .enabled),
    ]
}

@Test(arguments: BalancingTable.cases)
func numaBalancingAndCompaction(_ c: KCase) throws { try kVerify(c) }
