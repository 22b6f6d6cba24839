import Testing
import CheckerCore
@testable import MemoryModel

// Tables 5 and 11: compressed RAM (mm/cram, RFC v4 14-16, 23, 27/27) and
// freeing/scrubbing (RFC v4 10, 23, 27/27).

// MARK: 5. CRAM: demotion, backpressure, watermark boost, write protection

enum CRAMTable {
    static let scope = kScope()
    static let cramAllocGFP = GFP.GFP_PRIVATE | GFP.__GFP_KSWAPD_RECLAIM | GFP.__GFP_HIGHMEM | GFP.__GFP_MOVABLE
        | GFP.__GFP_NOWARN | GFP.__GFP_NORETRY

    static let cases: [KCase] = [
        KCase(name: "demote_folio_list -> cram_migrate_to (v4 14,23/27): a DRAM folio under pressure lands on CRAM node 1",
              scope: scope, setup: KSetup.cramOnline() + KSetup.faults(2) + Array(KSetup.demote(0).dropLast()),
              action: .migrateMove(context: Context.kswapd, size: 1), expect: .ret(1),
              check: { model, s in
                  #expect(s.folio[0].nid == 1)
                  #expect(s.folio[0].path == Path.demotion.rawValue)
                  #expect(s.folio[0].gfp == cramAllocGFP, "gfp \(GFP.describe(s.folio[0].gfp))")
                  #expect(s.folio[0].lru && s.folio[0].mapped)
                  // remove_migration_pte strips write on a PROTECT_WRITE node (15/27).
                  #expect(!s.folio[0].writable)
                  #expect(s.folio[0].vm_write)
                  #expect(s.folio[0].compressed_size == 1)
                  #expect(model.realUsed(s, 1, ConcreteAlgebra()) == 1)
                  // node_private_migrate_to's temporary reference is dropped.
                  #expect(s.node[1].refcount == 1)
                  #expect(s.ctx[Context.kswapd].pc == PC.idle.rawValue)
              }),
        KCase(name: "demote (v4 14/27 can_demote): no demotion while DRAM is above its high watermark",
              scope: scope, setup: KSetup.cramOnline() + KSetup.faults(1),
              action: .demote(folio: 0), expect: .disabled),
        KCase(name: "can_demote (v4 14/27): migration_blocked at CRAM_PRESSURE_MAX -> shrink_folio_list does not demote",
              scope: scope, setup: KSetup.cramOnline() + KSetup.faults(2) + KSetup.pressure(CRAM.CRAM_PRESSURE_MAX),
              action: .demote(folio: 0), expect: .disabled),
        KCase(name: "cram_migrate_to (v4 23/27): pressure reaches CRAM_PRESSURE_MAX mid-demotion -> -ENOSPC, folio back on the DRAM LRU",
              scope: scope,
              setup: KSetup.cramOnline() + KSetup.faults(2) + [.demote(folio: 0)] + KSetup.pressure(CRAM.CRAM_PRESSURE_MAX),
              action: .demoteMigrateTo, expect: .ret(Errno.ENOSPC),
              check: { model, s in
                  #expect(s.folio[0].nid == 0 && s.folio[0].lru)
                  #expect(s.node[1].refcount == 1)
                  #expect(s.ctx[Context.kswapd].pc == PC.idle.rawValue)
                  #expect(kFolios(on: 1, model, s).isEmpty)
              }),
        KCase(name: "alloc_cram_folio (v4 23/27): migration_blocked after migrate_to -> NULL target, -ENOMEM, folio back, ref dropped",
              scope: scope,
              setup: KSetup.cramOnline() + KSetup.faults(2) + [.demote(folio: 0), .demoteMigrateTo,
                                                              .cramSetPressure(nid: 1, pressure: CRAM.CRAM_PRESSURE_MAX)],
              action: .migrateAlloc(context: Context.kswapd), expect: .ret(Errno.ENOMEM),
              check: { _, s in
                  #expect(s.node[1].migration_blocked)
                  #expect(s.folio[0].nid == 0 && s.folio[0].lru)
                  #expect(s.node[1].refcount == 1)
                  #expect(s.ctx[Context.kswapd].pc == PC.idle.rawValue)
              }),
        KCase(name: "cram_set_pressure (v4 23/27): before cram_register there is no CRAM node -> nothing happens",
              scope: scope, setup: [.addPrivateMemory(nid: 1, block: 0)],
              action: .cramSetPressure(nid: 1, pressure: CRAM.CRAM_PRESSURE_MAX), expect: .disabled,
              check: { _, s in #expect(s.node[1].pressure == 0 && !s.node[1].migration_blocked) }),
        KCase(name: "cram device lthresh IRQ (v4 27/27): real usage reaches the low threshold -> cram_set_pressure(CRAM_PRESSURE_MAX)",
              scope: scope, setup: KSetup.demoted(size: 4),
              action: .cramIrq(nid: 1), expect: .enabled,
              check: { _, s in
                  #expect(s.node[1].pressure == CRAM.CRAM_PRESSURE_MAX)
                  #expect(s.node[1].migration_blocked)
              }),
        KCase(name: "handle_fault -> cram_fault (v4 15,23/27): write fault on a compressed folio promotes it to DRAM, writable",
              scope: scope,
              setup: KSetup.demoted() + [.writeFault(task: 0, folio: 0), .migrateAlloc(context: 0)],
              action: .migrateMove(context: 0, size: 0), expect: .ret(0),
              check: { model, s in
                  #expect(s.folio[0].nid == 0)
                  #expect(s.folio[0].writable && s.folio[0].vm_write)
                  #expect(s.folio[0].path == Path.promotion.rawValue)
                  #expect(s.folio[0].compressed_size == 0)
                  #expect(kFolios(on: 1, model, s).isEmpty)
                  // The CRAM page it left goes through cram_free_folio_cb.
                  #expect(s.node[1].flush_pages == 1 && s.node[1].flush_real == 1)
              }),
        KCase(name: "handle_pte_fault (v4 15/27): the write fault itself dispatches to handle_fault and isolates the folio",
              scope: scope, setup: KSetup.demoted(),
              action: .writeFault(task: 0, folio: 0), expect: .ret(0),
              check: { _, s in
                  #expect(s.folio[0].nid == 1 && !s.folio[0].writable)
                  #expect(!s.folio[0].lru)
                  #expect(s.ctx[0].pc == PC.migrateAlloc.rawValue)
                  #expect(s.ctx[0].nid == 0)
                  #expect(s.ctx[0].gfp == GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL)
              }),
        KCase(name: "do_user_addr_fault (upstream): a write fault in a VMA without VM_WRITE -> -EFAULT (SIGSEGV), no promotion",
              scope: scope, setup: KSetup.demoted() + [.mprotect(task: 0, folio: 0, write: false)],
              action: .writeFault(task: 0, folio: 0), expect: .ret(Errno.EFAULT),
              check: { _, s in
                  #expect(s.folio[0].nid == 1 && !s.folio[0].writable && s.folio[0].lru)
                  #expect(s.ctx[0].pc == PC.idle.rawValue)
              }),
        KCase(name: "change_pte_range (v4 15/27): mprotect(PROT_WRITE) leaves a PROTECT_WRITE folio read-only",
              scope: scope,
              setup: KSetup.demoted() + [.mprotect(task: 0, folio: 0, write: false)],
              action: .mprotect(task: 0, folio: 0, write: true), expect: .enabled,
              check: { _, s in
                  #expect(!s.folio[0].writable)
                  #expect(s.folio[0].vm_write)
                  #expect(s.folio[0].nid == 1)
              }),
        KCase(name: "change_pte_range (upstream): mprotect(PROT_WRITE) makes a DRAM folio writable",
              scope: scope,
              setup: KSetup.demoted() + [.mprotect(task: 0, folio: 1, write: false)],
              action: .mprotect(task: 0, folio: 1, write: true), expect: .enabled,
              check: { _, s in #expect(s.folio[1].writable && s.folio[1].vm_write) }),
        KCase(name: "cram_migrate_to (v4 23/27): the compressed size counts in the device's real usage",
              scope: scope, setup: KSetup.cramOnline() + KSetup.faults(2) + Array(KSetup.demote(0).dropLast()),
              action: .migrateMove(context: Context.kswapd, size: 4), expect: .ret(1),
              check: { model, s in
                  #expect(s.folio[0].compressed_size == 4)
                  #expect(model.realUsed(s, 1, ConcreteAlgebra()) == 4)
                  #expect(model.realUsed(s, 0, ConcreteAlgebra()) == 0)
              }),
        KCase(name: "next_demotion_node (v4 14/27): a private node without NP_OPS_DEMOTION is no demotion target",
              scope: scope,
              setup: KSetup.cramOnline() + [.setOps(nid: 1, flags: KOps.MIGRATION | KOps.PROTECT_WRITE | KOps.RECLAIM)]
                  + KSetup.faults(2),
              action: .demote(folio: 0), expect: .disabled,
              check: { model, s in #expect(model.nextDemotionNode(s, 0, ConcreteAlgebra()) == -1) }),
        KCase(name: "zone_reclaim_allowed (v4 16/27): kswapd on the CRAM node reclaims with NP_OPS_RECLAIM (freed through the scrub)",
              scope: scope, setup: KSetup.demoted(size: 1), action: .kswapdReclaim(folio: 0), expect: .enabled,
              check: { _, s in
                  #expect(!s.folio[0].in_use)
                  #expect(s.node[1].flush_pages == 1 && s.node[1].flush_real == 1)
              }),
        KCase(name: "zone_reclaim_allowed (v4 16/27): no kswapd reclaim on a private node without NP_OPS_RECLAIM",
              scope: scope,
              setup: KSetup.demoted(size: 1) + [.setOps(nid: 1, flags: KOps.MIGRATION | KOps.DEMOTION | KOps.PROTECT_WRITE)],
              action: .kswapdReclaim(folio: 0), expect: .disabled),
        KCase(name: "v4 cover 'writes can never cause runaway compression': no user store through a read-only CRAM PTE",
              scope: scope, setup: KSetup.demoted(size: 1), action: .store(task: 0, folio: 0, size: 4), expect: .disabled,
              check: { model, s in #expect(model.realUsed(s, 1, ConcreteAlgebra()) == 1) }),
        KCase(name: "memory_failure (v4 21/27): a poisoned CRAM folio notifies ops->memory_failure",
              scope: scope, setup: KSetup.demoted(), action: .memoryFailure(folio: 0), expect: .enabled,
              check: { _, s in
                  #expect(s.node[1].memory_failure_notified)
                  #expect(s.folio[0].hwpoison && !s.folio[0].mapped)
              }),
        KCase(name: "memory_failure (v4 21/27): a poisoned DRAM folio notifies no private node",
              scope: scope, setup: KSetup.demoted(), action: .memoryFailure(folio: 1), expect: .enabled,
              check: { _, s in #expect(!s.node[1].memory_failure_notified && s.folio[1].hwpoison) }),
        KCase(name: "cram device hthresh IRQ (v4 27/27): usage back under the high threshold -> pressure 0, boost cleared",
              scope: scope,
              setup: KSetup.demoted(size: 4) + [.cramIrq(nid: 1), .cramSetPressureBoost, .folioPut(folio: 0),
                                                .cramFlushWork(nid: 1), .cramIrq(nid: 1)],
              action: .cramSetPressureBoost, expect: .enabled,
              check: { _, s in
                  #expect(s.node[1].pressure == 0)
                  #expect(!s.node[1].migration_blocked)
                  #expect(s.node[1].watermark_boost == 0 && !s.node[1].zone_boosted)
              }),
    ]

    /// `cram_set_pressure(nid, p)` (23/27): p := min(p, CRAM_PRESSURE_MAX);
    /// migration_blocked = p >= MAX; watermark_boost = managed * p / 1000;
    /// ZONE_BOOSTED_WATERMARK if the boost is positive.
    static let boostCases: [KCase] = [(1, 1000), (1, 999), (2, 500), (2, 250), (2, 1000), (2, 2000), (2, 0)].map { blocks, p in
        let clamped = min(p, CRAM.CRAM_PRESSURE_MAX)
        let boost = blocks * clamped / CRAM.CRAM_PRESSURE_MAX
        return KCase(
            name: "cram_set_pressure (v4 23/27): managed \(blocks), pressure \(p) -> pressure \(clamped), watermark_boost \(boost)"
                + (clamped >= CRAM.CRAM_PRESSURE_MAX ? ", migration_blocked" : ""),
            scope: scope, setup: KSetup.cramOnline(blocks: blocks) + [.cramSetPressure(nid: 1, pressure: p)],
            action: .cramSetPressureBoost, expect: .enabled,
            check: { model, s in
                #expect(s.node[1].pressure == clamped)
                #expect(s.node[1].migration_blocked == (clamped >= CRAM.CRAM_PRESSURE_MAX))
                #expect(s.node[1].watermark_boost == boost)
                #expect(s.node[1].zone_boosted == (boost > 0))
                #expect(model.managedPages(s, 1, ConcreteAlgebra()) == blocks)
            })
    }

    /// The boost raises the effective watermark (wmark_pages = _watermark + boost)
    /// for GFP_PRIVATE allocations too.
    static let boostAllocCases: [KCase] = [
        KCase(name: "wmark_pages + watermark_boost (mmzone.h, v4 23/27): GFP_PRIVATE on node 1 fails at boost 2 of 2 managed",
              scope: scope, setup: KSetup.cramOnline(blocks: 2) + KSetup.pressure(1000),
              action: .alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 1), expect: .ret(Errno.ENOMEM)),
        KCase(name: "wmark_pages + watermark_boost (mmzone.h, v4 23/27): GFP_PRIVATE on node 1 succeeds at boost 1 of 2 managed",
              scope: scope, setup: KSetup.cramOnline(blocks: 2) + KSetup.pressure(500),
              action: .alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 1), expect: .ret(0),
              check: { _, s in #expect(s.folio[0].nid == 1) }),
    ]
}

@Test(arguments: CRAMTable.cases)
func cram(_ c: KCase) throws { try kVerify(c) }

@Test(arguments: CRAMTable.boostCases)
func cramWatermarkBoost(_ c: KCase) throws { try kVerify(c) }

@Test(arguments: CRAMTable.boostAllocCases)
func cramBoostedAllocation(_ c: KCase) throws { try kVerify(c) }

// MARK: 11. Free and scrub (RFC v4 10, 23, 27/27)

enum FreeTable {
    /// CRAM with both blocks online, and two GFP_PRIVATE folios on node 1:
    /// folio 0 compressed to 4 units, folio 1 to 1.
    static let scene: [Action] = KSetup.cramOnline(blocks: 2) + [
        .alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 4),
        .alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 1),
    ]
    static let a = ConcreteAlgebra()

    static let cases: [KCase] = [
        KCase(name: "folio_put -> cram_free_folio_cb (v4 10,23,27/27): flush_cb defers -> driver flush buffer holds it",
              scope: kScope(), setup: scene, action: .folioPut(folio: 0), expect: .enabled,
              check: { model, s in
                  #expect(!s.folio[0].in_use)
                  #expect(s.node[1].flush_pages == 1)
                  #expect(s.node[1].flush_real == 4)
                  #expect(s.node[1].stale_real == 0)
                  #expect(model.realUsed(s, 1, a) == 5)
                  // The driver's reference keeps the page from the buddy allocator.
                  #expect(model.freePages(s, 1, a) == 0)
              }),
        KCase(name: "CRAM flush kthread (v4 27/27): the device zeroes the buffered page and the second free returns it",
              scope: kScope(), setup: scene + [.folioPut(folio: 0)], action: .cramFlushWork(nid: 1), expect: .enabled,
              check: { model, s in
                  #expect(s.node[1].flush_pages == 0 && s.node[1].flush_real == 0)
                  #expect(model.realUsed(s, 1, a) == 1)
                  #expect(model.freePages(s, 1, a) == 1)
              }),
        KCase(name: "CRAM flush kthread (v4 27/27): nothing buffered -> nothing to do",
              scope: kScope(), setup: scene, action: .cramFlushWork(nid: 1), expect: .disabled),
        KCase(name: "cram_free_folio_cb (v4 23,27/27): per-CPU flush buffer full -> flush_cb 2 -> zeroed by the CPU at once",
              scope: kScope(), setup: scene + [.folioPut(folio: 0)], action: .folioPut(folio: 1), expect: .enabled,
              check: { model, s in
                  #expect(s.node[1].flush_pages == 1)
                  #expect(s.node[1].flush_real == 4)
                  #expect(s.node[1].stale_real == 0)
                  #expect(model.realUsed(s, 1, a) == 4)
                  #expect(model.freePages(s, 1, a) == 1)
              }),
        KCase(name: "folio_put (upstream) of a DRAM folio does not touch the CRAM node",
              scope: kScope(), setup: KSetup.cramOnline() + KSetup.faults(1), action: .folioPut(folio: 0), expect: .enabled,
              check: { _, s in
                  #expect(s.node[1].flush_pages == 0 && s.node[1].flush_real == 0 && s.node[1].stale_real == 0)
              }),
        KCase(name: "mutant no-scrub-on-free: cram_free_folio_cb skips the scrub -> stale_real grows",
              mutant: .noScrubOnFree, scope: kScope(), setup: scene, action: .folioPut(folio: 0), expect: .enabled,
              check: { model, s in
                  #expect(s.node[1].stale_real == 4)
                  #expect(s.node[1].flush_pages == 0 && s.node[1].flush_real == 0)
                  #expect(model.realUsed(s, 1, a) == 5)
              }),
        KCase(name: "page_freed (v3 1/8, notification only): the freed page's data stays on the device",
              design: .v3, scope: kScope(design: .v3, cpusetsEnabled: false),
              setup: KSetup.v3Online + [.alloc(caller: KCaller.kernelThisnode, nid: 1, task: 0, size: 4)],
              action: .folioPut(folio: 0), expect: .enabled,
              check: { _, s in
                  #expect(s.node[1].stale_real == 4)
                  #expect(s.node[1].flush_pages == 0)
              }),
    ]
}

@Test(arguments: FreeTable.cases)
func freeAndScrub(_ c: KCase) throws { try kVerify(c) }
