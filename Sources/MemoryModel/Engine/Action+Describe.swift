/// Names and renderings of actions, in the kernel's terms.
extension Action {
    /// The action's family: the kernel function (and step) it models, as
    /// `list actions` prints it and a scope's `exclude_actions` names it.
    public func family(_ design: Design) -> String {
        switch self {
        case .addPrivateMemory: design == .v4 ? "add_private_memory_driver_managed" : "add_memory_driver_managed"
        case .register: design == .v4 ? "node_private_register" : "node_register_private"
        case .unregister: design == .v4 ? "node_private_unregister" : "node_unregister_private"
        case .setOps: "node_private_set_ops"
        case .clearOps: "node_private_clear_ops"
        case .cramRegister: "cram_register"
        case .onlinePages: "online_pages"
        case let .offlinePages(_, _, remove): remove ? "offline_and_remove_private_memory" : "offline_pages"
        case .offlineMigrate: "offline_pages: migrate"
        case .offlineFinish: "offline_pages: finish"
        case .offlineSignal: "offline_pages: signal"
        case .alloc: "alloc"
        case .folioPut: "folio_put"
        case .cramFlushWork: "cram_flush_work"
        case .movePages: "move_pages"
        case .mbind: "mbind"
        case .mbindMigrate: "mbind: migrate"
        case .migrateMisplaced: "migrate_misplaced_folio"
        case .compactZone: "compact_zone"
        case .pinLongterm: "pin_user_pages"
        case .migrateAlloc: "migrate_pages: alloc"
        case .migrateMove: "migrate_pages: move"
        case .demote: "shrink_folio_list: demote"
        case .demoteMigrateTo: "demote_folio_list: migrate_to"
        case .writeFault: "handle_mm_fault: write"
        case .mprotect: "mprotect"
        case .store: "store"
        case .cramSetPressure: "cram_set_pressure"
        case .cramIrq: "cram_irq"
        case .cramSetPressureBoost: "cram_set_pressure: boost"
        case .kswapdReclaim: "balance_pgdat"
        case .memoryFailure: "memory_failure"
        }
    }

    /// Families as the scope's `exclude_actions` may name them (either design).
    public var family: String { family(.v4) }
}

/// One row of `privcheck list actions`.
public struct ActionInfo: Sendable {
    public var family: String
    public var source: String
    public var summary: String
}

extension Model {
    /// Every action family of a design, with the kernel source it models.
    public static func catalog(_ design: Design) -> [ActionInfo] {
        let v4 = design == .v4
        var rows: [ActionInfo] = [
            .init(family: v4 ? "add_private_memory_driver_managed" : "add_memory_driver_managed",
                  source: v4 ? "mm/memory_hotplug.c (RFC v4 22/27)" : "mm/memory_hotplug.c",
                  summary: v4 ? "register the driver's node_private, add a memory block and online it"
                              : "add a memory block and online it"),
            .init(family: v4 ? "node_private_register" : "node_register_private",
                  source: v4 ? "mm/node_private.c (RFC v4 01/27)" : "drivers/base/node.c (RFC v3 1/8)",
                  summary: v4 ? "-EBUSY on an N_MEMORY node or for a second owner" : "-EINVAL for another memtype, -EBUSY on N_MEMORY; sets N_PRIVATE"),
            .init(family: v4 ? "node_private_unregister" : "node_unregister_private",
                  source: v4 ? "mm/node_private.c (RFC v4 01/27)" : "drivers/base/node.c (RFC v3 1/8)",
                  summary: v4 ? "-EBUSY while N_MEMORY_PRIVATE; waits for migrate_to references" : "drop ops; the last clears N_PRIVATE"),
            .init(family: "online_pages", source: "mm/memory_hotplug.c", summary: "online a block; first memory sets the node state"),
            .init(family: "offline_pages", source: "mm/memory_hotplug.c", summary: "isolate a block (step 1 of offlining)"),
            .init(family: "offline_pages: migrate", source: "mm/memory_hotplug.c do_migrate_range", summary: "migrate one movable folio off the node"),
            .init(family: "offline_pages: finish", source: "mm/memory_hotplug.c", summary: "offline the block; the last clears the node state"),
            .init(family: "offline_pages: signal", source: "mm/memory_hotplug.c", summary: "signal_pending: -EINTR, un-isolate"),
            .init(family: "alloc", source: "mm/page_alloc.c __alloc_pages",
                  summary: "a caller's allocation: page_fault, kmalloc, kmalloc_node, alloc_pages_node, " + (v4 ? "private_service" : "zswap_store")),
            .init(family: "folio_put", source: v4 ? "mm/swap.c (RFC v4 10/27)" : "mm/swap.c", summary: v4 ? "free, through the node's free_folio callback" : "free; page_freed notification"),
            .init(family: "move_pages", source: "mm/migrate.c" + (v4 ? " (RFC v4 12/27)" : ""), summary: "move one page; -ENODEV, -EACCES, -ENOENT, -EBUSY"),
            .init(family: "mbind", source: "mm/mempolicy.c" + (v4 ? " (RFC v4 13/27)" : ""), summary: "set a mempolicy through mpol_set_nodemask"),
            .init(family: "mbind: migrate", source: "mm/mempolicy.c MPOL_MF_MOVE", summary: "migrate a folio the policy disallows"),
            .init(family: "migrate_misplaced_folio", source: "mm/migrate.c" + (v4 ? " (RFC v4 18/27)" : ""), summary: "NUMA balancing moves a folio to the task's node"),
            .init(family: "compact_zone", source: "mm/compaction.c" + (v4 ? " (RFC v4 19/27)" : ""), summary: "compaction moves a folio within its zone"),
            .init(family: "pin_user_pages", source: "mm/gup.c" + (v4 ? " (RFC v4 20/27)" : ""), summary: "FOLL_LONGTERM pin; migrates unpinnable folios or -ENOMEM"),
            .init(family: "migrate_pages: alloc", source: "mm/migrate.c", summary: "allocate the target folio (driver's allocation for a private target)"),
            .init(family: "migrate_pages: move", source: "mm/migrate.c", summary: "unmap, copy, remap, free the source"),
            .init(family: "handle_mm_fault: write", source: "mm/memory.c" + (v4 ? " (RFC v4 15/27)" : ""), summary: v4 ? "write fault: handle_fault (cram_fault promotes) or do_wp_page" : "write fault: do_wp_page"),
            .init(family: "mprotect", source: "mm/mprotect.c" + (v4 ? " (RFC v4 15/27)" : ""), summary: "change the VMA's write permission"),
            .init(family: "store", source: "the device", summary: "a store through a writable PTE; a compressed device recompresses"),
            .init(family: "balance_pgdat", source: "mm/vmscan.c" + (v4 ? " (RFC v4 16/27)" : ""), summary: "kswapd swaps out a folio of a node it reclaims"),
            .init(family: "memory_failure", source: "mm/memory-failure.c" + (v4 ? " (RFC v4 21/27)" : ""), summary: "hwpoison a folio" + (v4 ? "; notify the node's ops" : "")),
        ]
        if v4 {
            rows += [
                .init(family: "offline_and_remove_private_memory", source: "mm/memory_hotplug.c (RFC v4 22/27)", summary: "offline, remove, unregister; -EBUSY if private memory remains"),
                .init(family: "node_private_set_ops", source: "mm/node_private.c (RFC v4 01, 12-19/27)", summary: "set NP_OPS_* flags; -EINVAL for a missing dependency"),
                .init(family: "node_private_clear_ops", source: "mm/node_private.c (RFC v4 01/27)", summary: "clear the ops"),
                .init(family: "cram_register", source: "mm/cram.c (RFC v4 23/27)", summary: "set CRAM's ops, register the CRAM node, start kswapd"),
                .init(family: "cram_flush_work", source: "drivers/cxl (RFC v4 27/27)", summary: "the device zeroes buffered freed pages; the driver puts them"),
                .init(family: "shrink_folio_list: demote", source: "mm/vmscan.c (RFC v4 14/27)", summary: "reclaim isolates a folio for demotion; can_demote"),
                .init(family: "demote_folio_list: migrate_to", source: "mm/vmscan.c, mm/cram.c (RFC v4 14, 23/27)", summary: "node_private_migrate_to: -ENODEV, -ENOSPC at max pressure"),
                .init(family: "cram_set_pressure", source: "mm/cram.c (RFC v4 23/27)", summary: "set pressure and migration_blocked (step 1)"),
                .init(family: "cram_irq", source: "drivers/cxl (RFC v4 27/27)", summary: "the device's lthresh/hthresh interrupt calls cram_set_pressure"),
                .init(family: "cram_set_pressure: boost", source: "mm/cram.c (RFC v4 23/27)", summary: "watermark_boost = managed * p / 1000; wake kswapd (step 2)"),
            ]
        }
        return rows
    }

    /// A kernel-call rendering of an action: `alloc_pages_node(nid=1, GFP_KERNEL|__GFP_THISNODE)`.
    public func describe(_ action: Action) -> String {
        switch action {
        case let .addPrivateMemory(n, b): return "\(action.family(design))(nid=\(n), block=\(b))"
        case let .register(n, owner): return "\(action.family(design))(nid=\(n), \(owner == 1 ? "its driver" : "another driver"))"
        case let .unregister(n): return "\(action.family(design))(nid=\(n))"
        case let .setOps(n, flags): return "node_private_set_ops(nid=\(n), \(NPOps.describe(flags)))"
        case let .clearOps(n): return "node_private_clear_ops(nid=\(n))"
        case let .cramRegister(n): return "cram_register(nid=\(n))"
        case let .onlinePages(n, b): return "online_pages(nid=\(n), block=\(b))"
        case let .offlinePages(n, b, remove):
            return "\(remove ? "offline_and_remove_private_memory" : "offline_pages")(nid=\(n), block=\(b))"
        case let .offlineMigrate(f): return "offline_pages: migrate(folio \(f))"
        case .offlineFinish: return "offline_pages: finish"
        case .offlineSignal: return "offline_pages: signal"
        case let .alloc(c, n, t, size):
            let cfg = scope.callers[c]
            let gfp = GFP.describe(cfg.effectiveGFP)
            let sizeText = isCompressedScope ? ", size=\(size)" : ""
            let who = cfg.caller == .privateService ? "" : "task\(t): "
            switch cfg.caller {
            case .pageFault: return "\(who)page_fault(\(gfp)\(sizeText))"
            case .kmalloc: return "\(who)kmalloc(\(gfp)\(sizeText))"
            case .kmallocNode: return "\(who)kmalloc_node(\(gfp), nid=\(n)\(sizeText))"
            case .allocPagesNode: return "\(who)alloc_pages_node(nid=\(n), \(gfp)\(sizeText))"
            case .privateService: return "private_service: alloc_pages_node(nid=\(n), \(gfp)\(sizeText))"
            case .zswapStore: return "\(who)zswap_store(nid=\(n)\(sizeText))"
            }
        case let .folioPut(f): return "folio_put(folio \(f))"
        case let .cramFlushWork(n): return "cram_flush_work(nid=\(n))"
        case let .movePages(t, f, n): return "task\(t): move_pages(folio \(f), nid=\(n))"
        case let .mbind(t, p):
            let pol = scope.tasks[t].policies[p]
            return "task\(t): mbind(\(MPOL.modeNames[pol.mode]), nodes=\(pol.nodes))"
        case let .mbindMigrate(t, f): return "task\(t): mbind: migrate(folio \(f))"
        case let .migrateMisplaced(t, f): return "task\(t): migrate_misplaced_folio(folio \(f))"
        case let .compactZone(f): return "compact_zone(folio \(f))"
        case let .pinLongterm(t, f): return "task\(t): pin_user_pages(folio \(f), FOLL_LONGTERM)"
        case let .migrateAlloc(c): return "\(Context.name(c)): migrate_pages: alloc"
        case let .migrateMove(c, size): return "\(Context.name(c)): migrate_pages: move" + (isCompressedScope ? "(size=\(size))" : "")
        case let .demote(f): return "kswapd: shrink_folio_list: demote(folio \(f))"
        case .demoteMigrateTo: return "kswapd: demote_folio_list: node_private_migrate_to"
        case let .writeFault(t, f): return "task\(t): handle_mm_fault(folio \(f), FAULT_FLAG_WRITE)"
        case let .mprotect(t, f, write): return "task\(t): mprotect(folio \(f), \(write ? "PROT_READ|PROT_WRITE" : "PROT_READ"))"
        case let .store(t, f, size): return "task\(t): store(folio \(f)) recompresses to \(size)"
        case let .cramSetPressure(n, p): return "cram_set_pressure(nid=\(n), \(p))"
        case let .cramIrq(n): return "irq: cram device interrupt(nid=\(n))"
        case .cramSetPressureBoost: return "irq: cram_set_pressure: boost"
        case let .kswapdReclaim(f): return "kswapd: balance_pgdat: reclaim(folio \(f))"
        case let .memoryFailure(f): return "memory_failure(folio \(f))"
        }
    }

    /// The return value, rendered for the action: a folio, a nid, an errno.
    public func describeResult(_ action: Action, _ ret: Int, after s: ModelState<ConcreteAlgebra>) -> String {
        switch action {
        case .alloc:
            return ret >= 0 ? "folio \(ret) on node \(s.folio[ret].nid)" : "NULL (\(Errno.describe(ret)))"
        case .migrateAlloc, .offlineMigrate:
            return ret >= 0 ? "target on node \(ret)" : Errno.describe(ret)
        case .migrateMove:
            return "moved to node \(ret)"
        case let .movePages(_, _, n):
            return ret == n && ret > 0 ? "status \(ret) (already there)" : Errno.describe(ret)
        default:
            return Errno.describe(ret)
        }
    }

    var isCompressedScope: Bool { (0..<nodeCount).contains { isCompressed($0) } }
}
