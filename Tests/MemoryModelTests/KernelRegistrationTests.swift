import Testing
import CheckerCore
@testable import MemoryModel

// Tables 1-3: registration, unregistration/hotplug, and node_private_set_ops.

// MARK: 1. node_private_register (RFC v4 01/27, 22/27; v3 1/8)

enum RegistrationTable {
    static let cases: [KCase] = [
        KCase(name: "node_private_register (v4 01/27) on DRAM nid 0, N_MEMORY from boot -> -EBUSY",
              scope: kScope(), setup: [], action: .register(nid: 0, owner: 1), expect: .ret(Errno.EBUSY),
              check: { _, s in
                  #expect(s.node[0].node_private == 0)
                  #expect(!s.node[0].pgdat_private)
                  #expect(s.node[0].N_MEMORY && !s.node[0].N_MEMORY_PRIVATE)
              }),
        KCase(name: "node_private_register (v4 01/27) on a private nid onlined as N_MEMORY after unregister -> -EBUSY",
              scope: kScope(),
              setup: [.addPrivateMemory(nid: 1, block: 0), .offlinePages(nid: 1, block: 0, remove: false),
                      .offlineFinish, .unregister(nid: 1), .onlinePages(nid: 1, block: 0)],
              action: .register(nid: 1, owner: 1), expect: .ret(Errno.EBUSY),
              check: { _, s in
                  // online_pages without pgdat->private sets N_MEMORY (22/27).
                  #expect(s.node[1].N_MEMORY && !s.node[1].N_MEMORY_PRIVATE)
                  #expect(s.node[1].node_private == 0 && !s.node[1].pgdat_private)
              }),
        KCase(name: "node_private_register (v4 01/27) by a second owner -> -EBUSY, first owner kept",
              scope: kScope(), setup: [.register(nid: 1, owner: 1)], action: .register(nid: 1, owner: 2),
              expect: .ret(Errno.EBUSY),
              check: { _, s in
                  #expect(s.node[1].node_private == 1)
                  #expect(s.node[1].refcount == 1)
              }),
        KCase(name: "node_private_register (v4 01/27) by the same owner again -> 0 (idempotent)",
              scope: kScope(), setup: [.register(nid: 1, owner: 1)], action: .register(nid: 1, owner: 1),
              expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].node_private == 1)
                  #expect(s.node[1].refcount == 1)
              }),
        KCase(name: "node_private_register (v4 01/27) on an empty private nid -> 0, pgdat->private, no N_MEMORY_PRIVATE yet",
              scope: kScope(), setup: [], action: .register(nid: 1, owner: 1), expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].node_private == 1)
                  #expect(s.node[1].refcount == 1)
                  #expect(s.node[1].pgdat_private)
                  #expect(!s.node[1].N_MEMORY_PRIVATE)
                  #expect(!s.node[1].N_MEMORY)
              }),
        KCase(name: "online_pages (v4 22/27) after register: N_MEMORY_PRIVATE set, N_MEMORY not, no kswapd",
              scope: kScope(), setup: [.register(nid: 1, owner: 1)], action: .addPrivateMemory(nid: 1, block: 0),
              expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].N_MEMORY_PRIVATE)
                  #expect(!s.node[1].N_MEMORY)
                  #expect(!s.node[1].kswapd)
                  #expect(s.node[1].online[0] && s.node[1].present[0])
              }),
        KCase(name: "online_pages (v4 22/27) of a second block keeps N_MEMORY_PRIVATE",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0)], action: .addPrivateMemory(nid: 1, block: 1),
              expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].N_MEMORY_PRIVATE && !s.node[1].N_MEMORY)
                  #expect(s.node[1].online[0] && s.node[1].online[1])
              }),
        KCase(name: "add_private_memory_driver_managed (v4 22/27) when another driver owns the node -> -EBUSY, nothing added",
              scope: kScope(), setup: [.register(nid: 1, owner: 2)], action: .addPrivateMemory(nid: 1, block: 0),
              expect: .ret(Errno.EBUSY),
              check: { _, s in
                  #expect(!s.node[1].present[0] && !s.node[1].online[0])
                  #expect(!s.node[1].N_MEMORY_PRIVATE && !s.node[1].N_MEMORY)
                  #expect(s.node[1].node_private == 2)
              }),
        KCase(name: "cram_register (v4 23/27) sets the driver's ops and starts kswapd on the CRAM node",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0)], action: .cramRegister(nid: 1),
              expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].ops && s.node[1].ops_flags == KOps.cram)
                  #expect(s.node[1].cram && s.node[1].kswapd)
                  #expect(s.node[1].pressure == 0)
              }),
        KCase(name: "node_register_private (v3 1/8) on DRAM nid 0 (N_MEMORY) -> -EBUSY",
              design: .v3, scope: kScope(design: .v3), setup: [], action: .register(nid: 0, owner: 1),
              expect: .ret(Errno.EBUSY),
              check: { _, s in #expect(!s.node[0].N_PRIVATE && s.node[0].N_MEMORY) }),
        KCase(name: "node_register_private (v3 1/8) on an empty node sets N_PRIVATE at once",
              design: .v3, scope: kScope(design: .v3), setup: [], action: .register(nid: 1, owner: 1),
              expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].N_PRIVATE)
                  #expect(s.node[1].memtype == NodeMemtype.NODE_MEM_COMPRESSED.rawValue)
                  #expect(s.node[1].nr_private_ops == 1)
              }),
        KCase(name: "node_register_private (v3 1/8): a second registration of the same memtype -> 0 (several ops per node)",
              design: .v3, scope: kScope(design: .v3), setup: [.register(nid: 1, owner: 1)],
              action: .register(nid: 1, owner: 1), expect: .ret(0),
              check: { _, s in #expect(s.node[1].nr_private_ops == 2 && s.node[1].N_PRIVATE) }),
        KCase(name: "node_register_private (v3 1/8): a different memtype than the one set -> -EINVAL",
              design: .v3, scope: kScope(design: .v3), setup: [.register(nid: 1, owner: 1)],
              action: .register(nid: 1, owner: 2), expect: .ret(Errno.EINVAL),
              check: { _, s in
                  #expect(s.node[1].nr_private_ops == 1)
                  #expect(s.node[1].memtype == NodeMemtype.NODE_MEM_COMPRESSED.rawValue)
              }),
        KCase(name: "online_pages (v3 1/8) on an N_PRIVATE node leaves N_MEMORY unset",
              design: .v3, scope: kScope(design: .v3), setup: [.register(nid: 1, owner: 1)],
              action: .addPrivateMemory(nid: 1, block: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].N_PRIVATE && !s.node[1].N_MEMORY)
                  #expect(s.node[1].online[0])
              }),
    ]
}

@Test(arguments: RegistrationTable.cases)
func registration(_ c: KCase) throws { try kVerify(c) }

// MARK: 2. node_private_unregister and hotplug (RFC v4 01/27, 22/27; v4 cover)

enum UnregisterTable {
    static let cases: [KCase] = [
        KCase(name: "node_private_unregister (v4 01/27) while N_MEMORY_PRIVATE is set -> -EBUSY",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0)], action: .unregister(nid: 1),
              expect: .ret(Errno.EBUSY),
              check: { _, s in
                  #expect(s.node[1].node_private == 1 && s.node[1].pgdat_private)
                  #expect(s.node[1].N_MEMORY_PRIVATE)
              }),
        KCase(name: "node_private_unregister (v4 01/27) after all memory is offlined -> 0, registration gone",
              scope: kScope(),
              setup: KSetup.cramOnline() + [.offlinePages(nid: 1, block: 0, remove: false), .offlineFinish],
              action: .unregister(nid: 1), expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].node_private == 0)
                  #expect(s.node[1].refcount == 0)
                  #expect(!s.node[1].pgdat_private)
                  #expect(!s.node[1].ops && s.node[1].ops_flags == 0)
                  #expect(!s.node[1].cram)
              }),
        KCase(name: "offline_pages (mm/memory_hotplug.c): a page CRAM's driver holds for zeroing (27/27) blocks the finish",
              scope: kScope(),
              setup: KSetup.cramOnline() + [.alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 2),
                                            .folioPut(folio: 0), .offlinePages(nid: 1, block: 0, remove: false)],
              action: .offlineFinish, expect: .disabled,
              check: { _, s in
                  #expect(s.node[1].flush_pages == 1 && s.node[1].flush_real == 2)
              }),
        KCase(name: "offline_pages (mm/memory_hotplug.c): after cram_flush_work puts the page, the last block goes offline",
              scope: kScope(),
              setup: KSetup.cramOnline() + [.alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 2),
                                            .folioPut(folio: 0), .offlinePages(nid: 1, block: 0, remove: false),
                                            .cramFlushWork(nid: 1)],
              action: .offlineFinish, expect: .ret(0),
              check: { _, s in
                  #expect(!s.node[1].N_MEMORY_PRIVATE && s.node[1].flush_pages == 0)
              }),
        KCase(name: "node_private_unregister (v4 01/27) with nothing registered -> 0",
              scope: kScope(), setup: [], action: .unregister(nid: 1), expect: .ret(0)),
        KCase(name: "offline_pages (v4 cover: 'last block offlined clears N_MEMORY_PRIVATE'): first of two blocks keeps it",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0), .addPrivateMemory(nid: 1, block: 1),
                                       .offlinePages(nid: 1, block: 0, remove: false)],
              action: .offlineFinish, expect: .ret(0),
              check: { _, s in
                  #expect(!s.node[1].online[0] && s.node[1].online[1])
                  #expect(s.node[1].N_MEMORY_PRIVATE)
              }),
        KCase(name: "offline_pages (v4 cover: 'last block offlined clears N_MEMORY_PRIVATE'): the last block clears it",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0), .addPrivateMemory(nid: 1, block: 1),
                                       .offlinePages(nid: 1, block: 0, remove: false), .offlineFinish,
                                       .offlinePages(nid: 1, block: 1, remove: false)],
              action: .offlineFinish, expect: .ret(0),
              check: { _, s in
                  #expect(!s.node[1].online[0] && !s.node[1].online[1])
                  #expect(!s.node[1].N_MEMORY_PRIVATE && !s.node[1].N_MEMORY)
                  // pgdat->private is the registration's, not the memory's.
                  #expect(s.node[1].pgdat_private && s.node[1].node_private == 1)
              }),
        KCase(name: "offline_and_remove_private_memory (v4 22/27) on one of two blocks -> -EBUSY (removed, node keeps memory)",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0), .addPrivateMemory(nid: 1, block: 1),
                                       .offlinePages(nid: 1, block: 0, remove: true)],
              action: .offlineFinish, expect: .ret(Errno.EBUSY),
              check: { _, s in
                  #expect(!s.node[1].present[0] && !s.node[1].online[0])
                  #expect(s.node[1].present[1] && s.node[1].online[1])
                  #expect(s.node[1].N_MEMORY_PRIVATE)
                  #expect(s.node[1].node_private == 1 && s.node[1].pgdat_private)
              }),
        KCase(name: "offline_and_remove_private_memory (v4 22/27) on the last block -> 0 and unregistered",
              scope: kScope(), setup: [.addPrivateMemory(nid: 1, block: 0), .addPrivateMemory(nid: 1, block: 1),
                                       .offlinePages(nid: 1, block: 0, remove: true), .offlineFinish,
                                       .offlinePages(nid: 1, block: 1, remove: true)],
              action: .offlineFinish, expect: .ret(0),
              check: { _, s in
                  #expect(!s.node[1].present[0] && !s.node[1].present[1])
                  #expect(!s.node[1].N_MEMORY_PRIVATE && !s.node[1].N_MEMORY)
                  #expect(s.node[1].node_private == 0 && !s.node[1].pgdat_private)
              }),
        KCase(name: "offline_pages do_migrate_range (v4 12/27, 22/27) moves a folio off a private node with NP_OPS_MIGRATION to DRAM",
              scope: kScope(), setup: KSetup.demoted() + [.offlinePages(nid: 1, block: 0, remove: false)],
              action: .offlineMigrate(folio: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].path == Path.hotplug.rawValue)
                  #expect(s.folio[0].compressed_size == 0)
              }),
        KCase(name: "offline_pages (v4 22/27) skips a private folio without NP_OPS_MIGRATION ('hot-unplug on non-migratable node')",
              scope: kScope(),
              setup: KSetup.demoted() + [.setOps(nid: 1, flags: KOps.DEMOTION | KOps.RECLAIM | KOps.PROTECT_WRITE),
                                         .offlinePages(nid: 1, block: 0, remove: false)],
              action: .offlineMigrate(folio: 0), expect: .disabled,
              check: { model, s in
                  // ... and the offline cannot finish: the folio is still in the range.
                  let finished = model.step(s, .offlineFinish) != nil
                  #expect(!finished, "offline_pages finished with an unmigrated folio in range")
              }),
        KCase(name: "offline_pages (mm/memory_hotplug.c) stuck on a non-migratable private folio ends by signal -> -EINTR",
              scope: kScope(),
              setup: KSetup.demoted() + [.setOps(nid: 1, flags: KOps.DEMOTION | KOps.RECLAIM | KOps.PROTECT_WRITE),
                                         .offlinePages(nid: 1, block: 0, remove: false)],
              action: .offlineSignal, expect: .ret(Errno.EINTR),
              check: { _, s in
                  #expect(s.node[1].online[0] && !s.node[1].isolated[0])
                  #expect(s.node[1].N_MEMORY_PRIVATE)
                  #expect(s.folio[0].in_use && s.folio[0].nid == 1)
              }),
        // node_private_unregister: "wait for released" -- a node_private_migrate_to
        // reference taken before the memory went offline holds it up (01/27).
        KCase(name: "node_private_unregister (v4 01/27) waits while a node_private_migrate_to reference is held",
              scope: kScope(),
              setup: KSetup.cramOnline() + KSetup.faults(2)
                  + [.demote(folio: 0), .demoteMigrateTo, .offlinePages(nid: 1, block: 0, remove: false), .offlineFinish],
              action: .unregister(nid: 1), expect: .disabled,
              check: { _, s in
                  #expect(!s.node[1].N_MEMORY_PRIVATE)
                  #expect(s.node[1].refcount == 2)
              }),
        KCase(name: "node_private_unregister (v4 01/27) completes once the migration drops its reference",
              scope: kScope(),
              setup: KSetup.cramOnline() + KSetup.faults(2)
                  + [.demote(folio: 0), .demoteMigrateTo, .offlinePages(nid: 1, block: 0, remove: false), .offlineFinish,
                     .migrateAlloc(context: Context.kswapd)],
              action: .unregister(nid: 1), expect: .ret(0),
              check: { _, s in
                  #expect(s.node[1].node_private == 0 && s.node[1].refcount == 0)
                  #expect(s.folio[0].nid == 0 && s.folio[0].lru)
              }),
        KCase(name: "node_unregister_private (v3 1/8) with memory online -> no check, N_PRIVATE cleared (node has memory, neither state)",
              design: .v3, scope: kScope(design: .v3), setup: KSetup.v3Online, action: .unregister(nid: 1),
              expect: .ret(0),
              check: { _, s in
                  #expect(!s.node[1].N_PRIVATE)
                  #expect(!s.node[1].N_MEMORY)
                  #expect(s.node[1].online[0])
                  #expect(s.node[1].memtype == 0 && s.node[1].nr_private_ops == 0)
              }),
    ]
}

@Test(arguments: UnregisterTable.cases)
func unregisterAndHotplug(_ c: KCase) throws { try kVerify(c) }

// MARK: 3. node_private_set_ops flag rules (RFC v4 01, 12, 13, 15, 18, 19/27)

enum SetOpsTable {
    /// One set_ops call on nid 1 of a node of `memtype`, registered by its own
    /// driver unless `registered` is false.
    static func row(_ name: String, memtype: PrivateDevice.Memtype = .cram, registered: Bool = true,
                    before: [Action] = [], flags: UInt32, _ ret: Int, after expected: UInt32? = nil) -> KCase {
        let scope = kScope(memtype: memtype)
        return KCase(
            name: name, scope: scope,
            setup: (registered ? [.register(nid: 1, owner: 1)] : []) + before,
            action: .setOps(nid: 1, flags: flags), expect: .ret(ret),
            check: { model, s in
                // On success the flags are the new ones; on failure whatever was there stays.
                let pre = kRun(model, (registered ? [.register(nid: 1, owner: 1)] : []) + before).state
                let want = ret == 0 ? flags : (expected ?? pre.node[1].ops_flags)
                #expect(s.node[1].ops_flags == want,
                        "ops_flags \(NPOps.describe(s.node[1].ops_flags)), expected \(NPOps.describe(want))")
                #expect(s.node[1].ops == (ret == 0 || pre.node[1].ops))
            })
    }

    static let cases: [KCase] = [
        row("node_private_set_ops (v4 13/27): NP_OPS_MEMPOLICY without NP_OPS_MIGRATION -> -EINVAL",
            flags: KOps.MEMPOLICY, Errno.EINVAL),
        row("node_private_set_ops (v4 15/27): NP_OPS_MEMPOLICY|NP_OPS_PROTECT_WRITE (with MIGRATION) -> -EINVAL",
            flags: KOps.MIGRATION | KOps.MEMPOLICY | KOps.PROTECT_WRITE, Errno.EINVAL),
        row("node_private_set_ops (v4 18/27): NP_OPS_NUMA_BALANCING without NP_OPS_MIGRATION -> -EINVAL",
            flags: KOps.NUMA_BALANCING, Errno.EINVAL),
        row("node_private_set_ops (v4 19/27): NP_OPS_COMPACTION without NP_OPS_MIGRATION -> -EINVAL",
            flags: KOps.COMPACTION, Errno.EINVAL),
        row("node_private_set_ops (v4 12/27): NP_OPS_MIGRATION for a driver without migrate_to (accelerator) -> -EINVAL",
            memtype: .accelerator, flags: KOps.MIGRATION, Errno.EINVAL),
        row("node_private_set_ops (v4 12/27): NP_OPS_MIGRATION|NP_OPS_LONGTERM_PIN, accelerator without migrate_to -> -EINVAL",
            memtype: .accelerator, flags: KOps.MIGRATION | KOps.LONGTERM_PIN, Errno.EINVAL),
        row("node_private_set_ops (v4 12/27): NP_OPS_MIGRATION with migrate_to+folio_migrate (CRAM) -> 0",
            flags: KOps.MIGRATION, 0),
        row("node_private_set_ops (v4 12/27): NP_OPS_MIGRATION with migrate_to+folio_migrate (demote-only) -> 0",
            memtype: .demoteOnly, flags: KOps.MIGRATION, 0),
        row("node_private_set_ops (v4 13/27): NP_OPS_MIGRATION|NP_OPS_MEMPOLICY -> 0",
            flags: KOps.MIGRATION | KOps.MEMPOLICY, 0),
        row("node_private_set_ops (v4 18,19/27): MIGRATION|NUMA_BALANCING|COMPACTION -> 0",
            flags: KOps.MIGRATION | KOps.NUMA_BALANCING | KOps.COMPACTION, 0),
        row("node_private_set_ops (v4 23/27): CRAM's MIGRATION|DEMOTION|PROTECT_WRITE|RECLAIM -> 0",
            flags: KOps.cram, 0),
        row("node_private_set_ops (v4 15/27): NP_OPS_PROTECT_WRITE alone -> 0",
            flags: KOps.PROTECT_WRITE, 0),
        row("node_private_set_ops (v4 20/27): accelerator NP_OPS_LONGTERM_PIN|NP_OPS_RECLAIM (no MIGRATION) -> 0",
            memtype: .accelerator, flags: KOps.LONGTERM_PIN | KOps.RECLAIM, 0),
        row("node_private_set_ops (v4 01/27): flags 0 -> 0, ops set with no flags",
            flags: 0, 0),
        row("node_private_set_ops (v4 01/27): every compatible flag at once -> 0",
            memtype: .demoteOnly, flags: KOps.permissive, 0),
        row("node_private_set_ops (v4 01/27) overwrites ops already set (no 'already set' check)",
            before: [.setOps(nid: 1, flags: KOps.MIGRATION | KOps.MEMPOLICY)], flags: KOps.RECLAIM, 0),
        row("node_private_set_ops (v4 13/27) refused -> the previous ops stay",
            before: [.setOps(nid: 1, flags: KOps.MIGRATION)], flags: KOps.MEMPOLICY, Errno.EINVAL,
            after: KOps.MIGRATION),
        row("node_private_set_ops (v4 01/27) before node_private_register -> -ENODEV",
            registered: false, flags: KOps.MIGRATION, Errno.ENODEV),
        row("node_private_set_ops (v4 01/27) before node_private_register, flags 0 -> -ENODEV",
            registered: false, flags: 0, Errno.ENODEV),
        // drivers/base/node.c in v4: every flag check (12,13,15,18,19/27) sits
        // before mutex_lock and the node_private lookup, so a bad flag set on
        // an unregistered node is -EINVAL, not -ENODEV.
        row("node_private_set_ops (v4 13/27 code order): NP_OPS_MEMPOLICY alone before register -> -EINVAL (flags checked first)",
            registered: false, flags: KOps.MEMPOLICY, Errno.EINVAL),
    ]
}

@Test(arguments: SetOpsTable.cases)
func setOpsFlagRules(_ c: KCase) throws { try kVerify(c) }

/// node_private_clear_ops (RFC v4 01/27): -ENODEV without a registration,
/// -EINVAL if the ops do not match (here: none set), 0 otherwise.
enum ClearOpsTable {
    static let cases: [KCase] = [
        KCase(name: "node_private_clear_ops (v4 01/27) with ops set -> 0, ops cleared",
              scope: kScope(), setup: [.register(nid: 1, owner: 1), .setOps(nid: 1, flags: KOps.MIGRATION)],
              action: .clearOps(nid: 1), expect: .ret(0),
              check: { _, s in #expect(!s.node[1].ops && s.node[1].ops_flags == 0) }),
        KCase(name: "node_private_clear_ops (v4 01/27) registered without ops -> -EINVAL (ops do not match)",
              scope: kScope(), setup: [.register(nid: 1, owner: 1)],
              action: .clearOps(nid: 1), expect: .ret(Errno.EINVAL)),
        KCase(name: "node_private_clear_ops (v4 01/27) with no node_private registered -> -ENODEV",
              scope: kScope(), setup: [], action: .clearOps(nid: 1), expect: .ret(Errno.ENODEV)),
    ]
}

@Test(arguments: ClearOpsTable.cases)
func clearOps(_ c: KCase) throws { try kVerify(c) }
