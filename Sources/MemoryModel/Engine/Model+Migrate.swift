/// Folio migration (mm/migrate.c, RFC v4 12-20/27), as the steps another
/// CPU can interleave with: isolate (the starter), allocate the target,
/// move (unmap, copy, `folio_migrate`, remap, free the source).
extension Model {
    /// Isolates the folio and hands the migration to context `c`.
    func startMigration<A: ValueAlgebra>(_ s: inout ModelState<A>, context c: Int, folio f: Int, target: A.Num,
                                         gfp: A.Mask, nodemask: A.Mask? = nil, reason: MigrateReason,
                                         viaMigrateTo: A.Bit, _ a: A) {
        s.folio[f].lru = a.bit(false)
        s.ctx[c].pc = a.num(PC.migrateAlloc.rawValue)
        s.ctx[c].folio = a.num(f)
        s.ctx[c].nid = target
        s.ctx[c].gfp = gfp
        s.ctx[c].nodemask = nodemask ?? a.mask(0)
        s.ctx[c].use_nodemask = a.bit(nodemask != nil)
        s.ctx[c].reason = a.num(reason.rawValue)
        s.ctx[c].via_migrate_to = viaMigrateTo
    }

    /// The checks of `node_private_migrate_to()` and the driver's `migrate_to`
    /// (CRAM: `cram_migrate_to`) for a private target; takes a temporary
    /// reference on success. 0, -ENODEV or -ENOSPC.
    func nodePrivateMigrateTo<A: ValueAlgebra>(_ s: inout ModelState<A>, target: A.Num, _ a: A) -> A.Num {
        var ret = a.num(Errno.ENODEV)
        for n in 0..<nodeCount where isPrivate(n) {
            let node = s.node[n]
            var err = ite(hasCallback(s, n, .migrateTo, a) && 0 < node.refcount, a.num(0), a.num(Errno.ENODEV))
            if isCRAM(n) {
                err = ite(!(err == 0) || !node.cram || node.purged, a.num(Errno.ENODEV), err)
                if !has(.demoteIgnoresPressure) {
                    err = ite(err == 0 && CRAM.CRAM_PRESSURE_MAX <= node.pressure, a.num(Errno.ENOSPC), err)
                }
            }
            ret = ite(target == n, err, ret)
            s.node[n].when(target == n && err == 0) { $0.refcount = $0.refcount + 1 }
        }
        return ret
    }

    /// Drops the temporary reference of a `node_private_migrate_to`.
    private func dropMigrateToRef<A: ValueAlgebra>(_ s: inout ModelState<A>, context c: Int, _ a: A) {
        let ctx = s.ctx[c]
        for n in 0..<nodeCount where isPrivate(n) {
            s.node[n].when(ctx.via_migrate_to && ctx.nid == n) { $0.refcount = $0.refcount - 1 }
        }
    }

    /// migrate_pages: allocate the target folio. A private target allocates
    /// through its driver (CRAM: `alloc_cram_folio`, NULL while
    /// `migration_blocked`); any other through `__alloc_pages`. Failure puts
    /// the folio back with -ENOMEM.
    func migrateAlloc<A: ValueAlgebra>(_ s: inout ModelState<A>, context c: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[c]
        let enabled = ctx.pc == PC.migrateAlloc.rawValue
        let task: Int? = c < Scope.maxTasks ? c : nil
        let normal = allocPages(s, .init(gfp: ctx.gfp, pref: ctx.nid, nodemask: ctx.nodemask,
                                         useNodemask: ctx.use_nodemask, task: task), a)
        var driver = (ok: a.bit(false), nid: a.num(-1))
        for n in 0..<nodeCount where isPrivate(n) && design == .v4 {
            var got = allocPages(s, .init(gfp: ctx.gfp, pref: a.num(n), nodemask: a.mask(0),
                                          useNodemask: a.bit(false), task: nil), a)
            if isCRAM(n) && !has(.demoteIgnoresPressure) {
                got.ok = got.ok && !s.node[n].migration_blocked
            }
            driver = (ite(ctx.nid == n, got.ok, driver.ok), ite(ctx.nid == n, got.nid, driver.nid))
        }
        let ok = ite(ctx.via_migrate_to, driver.ok, normal.ok)
        let dst = ite(ctx.via_migrate_to, driver.nid, normal.nid)
        s.when(!ok) { s in
            for f in 0..<folioCount { s.folio[f].when(ctx.folio == f) { $0.lru = a.bit(true) } }
            dropMigrateToRef(&s, context: c, a)
            s.ctx[c] = ContextState(a)
        }
        s.ctx[c].when(ok) { ctx in
            ctx.dst_nid = dst
            ctx.pc = a.num(PC.migrateMove.rawValue)
        }
        return (enabled, ite(ok, dst, a.num(Errno.ENOMEM)))
    }

    /// migrate_pages: move to the allocated target; `size` is the compressed
    /// size the page takes if the target is a compressed device.
    ///
    /// A folio pinned since the migration isolated it (move_pages does not
    /// refuse a pinned folio up front) cannot move: `folio_migrate_mapping()`
    /// fails to freeze a refcount the pin raised, migrate_pages gives up with
    /// -EAGAIN, the target is freed and the folio goes back on the LRU.
    func migrateMove<A: ValueAlgebra>(_ s: inout ModelState<A>, context c: Int, size: A.Num, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[c]
        let enabled = ctx.pc == PC.migrateMove.rawValue
        var pinned = a.bit(false)
        for f in 0..<folioCount { pinned = pinned || (ctx.folio == f && s.folio[f].pinned) }
        for f in 0..<folioCount {
            s.folio[f].when(ctx.folio == f && pinned) { $0.lru = a.bit(true) }
            s.when(ctx.folio == f && !pinned) { s in
                for r in [MigrateReason.MR_SYSCALL, .MR_MEMPOLICY_MBIND, .MR_NUMA_MISPLACED, .MR_LONGTERM_PIN,
                          .MR_DEMOTION, .MR_PROMOTION] {
                    s.when(ctx.reason == r.rawValue) { s in
                        moveFolio(&s, folio: f, to: ctx.dst_nid, gfp: ctx.gfp, reason: r, size: size, a)
                    }
                }
            }
        }
        dropMigrateToRef(&s, context: c, a)
        s.ctx[c] = ContextState(a)
        return (enabled, ite(pinned, a.num(Errno.EAGAIN), ctx.dst_nid))
    }

    /// The effect of a completed migration on the folio, its new PTE and the
    /// source page.
    func moveFolio<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, to dst: A.Num, gfp: A.Mask,
                                    reason: MigrateReason, size: A.Num, _ a: A) {
        let old = s.folio[f]
        freePage(&s, nid: old.nid, size: old.compressed_size, a)
        var protect = a.bit(false)
        if design == .v4 && !has(.writableOnArrival) {
            for n in 0..<nodeCount where isPrivate(n) {
                protect = protect || (dst == n && hasOp(s, n, NPOps.NP_OPS_PROTECT_WRITE, a))
            }
        }
        s.folio[f].nid = dst
        s.folio[f].gfp = gfp
        s.folio[f].path = a.num(reason.path.rawValue)
        s.folio[f].lru = a.bit(true)
        s.folio[f].compressed_size = ite(onCompressedDevice(dst, a), size, a.num(0))
        switch reason {
        case .MR_LONGTERM_PIN:
            s.folio[f].pinned = a.bit(true)
        case .MR_PROMOTION:
            // cram_fault returned VM_FAULT_RETRY; the retried write fault finds
            // the folio on DRAM and do_wp_page() makes the PTE writable.
            s.folio[f].writable = old.vm_write
        default:
            break
        }
        // remove_migration_pte(): never writable on a PROTECT_WRITE node (15/27).
        s.folio[f].writable = s.folio[f].writable && !protect
    }

    /// `move_pages(2)` for one page: -ENODEV for a node without memory, -EACCES
    /// outside the cpuset, -ENOENT for a private folio without
    /// NP_OPS_MIGRATION (v4 12/27), the nid if it is already there, -EBUSY if
    /// it cannot be isolated; otherwise the migration starts.
    func movePages<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, nid n: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let folio = s.folio[f]
        let enabled = folio.in_use && folio.mapped && folio.owner == t && s.ctx[t].pc == PC.idle.rawValue
        let node = s.node[n]
        let hasMemory = design == .v4 ? node.N_MEMORY || node.N_MEMORY_PRIVATE : node.N_MEMORY
        var ret = ite(hasMemory, a.num(0), a.num(Errno.ENODEV))
        ret = ite(ret == 0 && !memsAllowed(s, task: t, a).any(1 << UInt32(n)), a.num(Errno.EACCES), ret)
        ret = ite(ret == 0 && privateWithout(s, folio: f, NPOps.NP_OPS_MIGRATION, a), a.num(Errno.ENOENT), ret)
        // add_page_for_migration(): a folio already on the node reports the
        // nid as its status and is not isolated.
        let alreadyThere = ret == 0 && folio.nid == n
        ret = ite(alreadyThere, a.num(n), ret)
        ret = ite(ret == 0 && !alreadyThere && (!folio.lru || busy(s, f, a)), a.num(Errno.EBUSY), ret)
        // migrate_folios_to_node(): a private target goes through its driver.
        let checks = ret == 0 && !alreadyThere
        let toPrivate = design == .v4 && isPrivate(n) ? node.N_MEMORY_PRIVATE : a.bit(false)
        var referenced = s
        let migrateTo = nodePrivateMigrateTo(&referenced, target: a.num(n), a)
        let err = ite(toPrivate, migrateTo, a.num(0))
        s = ite(checks && toPrivate, referenced, s)
        ret = ite(checks, err, ret)
        s.when(checks && err == 0) { s in
            let gfp = ite(toPrivate, a.mask(cramAllocGFP), a.mask(GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE))
            startMigration(&s, context: t, folio: f, target: a.num(n), gfp: gfp, reason: .MR_SYSCALL,
                           viaMigrateTo: toPrivate, a)
        }
        return (enabled, ret)
    }

    /// The mask `alloc_cram_folio` and driver `migrate_to` allocations use (23/27).
    var cramAllocGFP: UInt32 {
        GFP.GFP_PRIVATE | GFP.__GFP_KSWAPD_RECLAIM | GFP.__GFP_HIGHMEM | GFP.__GFP_MOVABLE
            | GFP.__GFP_NOWARN | GFP.__GFP_NORETRY
    }

    /// `mbind(2)`/`set_mempolicy(2)` through `mpol_set_nodemask()` (v4 13/27):
    /// the mask is cut to the cpuset's nodes with memory; a private node
    /// without NP_OPS_MEMPOLICY makes it -EINVAL, private nodes that all have
    /// it set MPOL_F_PRIVATE. v3: private nodes are outside mems_allowed.
    func mbind<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, policy p: Int, _ a: A) -> A.Num {
        let pol = scope.tasks[t].policies[p]
        let requested = Self.nodemask(pol.nodes)
        guard pol.mode != MPOL.MPOL_DEFAULT else {
            s.task[t].mode = a.num(MPOL.MPOL_DEFAULT)
            s.task[t].nodes = a.mask(0)
            s.task[t].flags = a.mask(0)
            return a.num(0)
        }
        var allowed = a.mask(0)
        var anyPrivate = a.bit(false)
        var lacking = a.bit(false)
        for n in 0..<nodeCount where requested & (1 << UInt32(n)) != 0 {
            let bit = UInt32(1) << UInt32(n)
            let node = s.node[n]
            let memory = design == .v4 ? node.N_MEMORY || node.N_MEMORY_PRIVATE : node.N_MEMORY
            let keep = memory && memsAllowed(s, task: t, a).any(bit)
            allowed = ite(keep, allowed.with(bit), allowed)
            if design == .v4 && isPrivate(n) {
                let priv = keep && node.N_MEMORY_PRIVATE
                anyPrivate = anyPrivate || priv
                lacking = lacking || (priv && !hasOp(s, n, NPOps.NP_OPS_MEMPOLICY, a))
            }
        }
        let ret = ite(allowed == a.mask(0) || lacking, a.num(Errno.EINVAL), a.num(0))
        s.task[t].when(ret == 0) { task in
            task.mode = a.num(pol.mode)
            task.nodes = allowed
            task.flags = ite(anyPrivate, a.mask(MPOL.MPOL_F_PRIVATE), a.mask(0))
        }
        return ret
    }

    /// MPOL_MF_MOVE: migrate a folio the task's policy does not allow, through
    /// `alloc_migration_target_by_mpol` (adds __GFP_PRIVATE under
    /// MPOL_F_PRIVATE). The queue skips private folios without NP_OPS_MIGRATION.
    func mbindMigrate<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let pol = s.task[t]
        var misplaced = a.bit(false)
        for n in 0..<nodeCount { misplaced = misplaced || (folio.nid == n && !pol.nodes.any(1 << UInt32(n))) }
        let enabled = folio.in_use && folio.mapped && folio.owner == t && folio.lru && !folio.pinned
            && !busy(s, f, a) && s.ctx[t].pc == PC.idle.rawValue && !(pol.mode == MPOL.MPOL_DEFAULT)
            && misplaced && migratable(s, folio: f, a)
        let target = policyTarget(s, task: t, a)
        let gfp = ite(target.private, a.mask(GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_PRIVATE), a.mask(GFP.GFP_HIGHUSER_MOVABLE))
        startMigration(&s, context: t, folio: f, target: target.pref, gfp: gfp,
                       nodemask: ite(target.useNodemask, target.nodemask, a.mask(~0)),
                       reason: .MR_MEMPOLICY_MBIND, viaMigrateTo: a.bit(false), a)
        return enabled
    }

    /// `folio_managed_allows_migrate()` (v4 12/27): a private folio migrates
    /// only with NP_OPS_MIGRATION.
    func migratable<A: ValueAlgebra>(_ s: ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        !privateWithout(s, folio: f, NPOps.NP_OPS_MIGRATION, a)
    }

    /// NUMA balancing: a hinting fault finds the folio away from the task's
    /// node and `migrate_misplaced_folio()` moves it there. A private folio
    /// is scanned only with NP_OPS_NUMA_BALANCING (v4 18/27).
    func migrateMisplaced<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let local = scope.tasks[t].cpuNode
        let scanned = !privateWithout(s, folio: f, NPOps.NP_OPS_NUMA_BALANCING, a)
        let enabled = folio.in_use && folio.mapped && folio.owner == t && folio.lru && !folio.pinned
            && !busy(s, f, a) && s.ctx[t].pc == PC.idle.rawValue && !(folio.nid == local) && scanned
        let gfp = (GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE | GFP.__GFP_NOMEMALLOC | GFP.__GFP_NORETRY
            | GFP.__GFP_NOWARN) & ~GFP.__GFP_RECLAIM
        startMigration(&s, context: t, folio: f, target: a.num(local), gfp: a.mask(gfp),
                       reason: .MR_NUMA_MISPLACED, viaMigrateTo: a.bit(false), a)
        return enabled
    }

    /// Compaction moves a folio within its zone; a private zone is compacted
    /// only with NP_OPS_COMPACTION (v4 19/27; kcompactd is not started).
    func compactZone<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let allowed = !privateWithout(s, folio: f, NPOps.NP_OPS_COMPACTION, a)
        let enabled = folio.in_use && folio.lru && folio.mapped && !folio.pinned && !busy(s, f, a)
            && allowed && !(folio.path == Path.compaction.rawValue)
        s.folio[f].path = a.num(Path.compaction.rawValue)
        return enabled
    }

    /// `pin_user_pages(FOLL_LONGTERM)`: a private folio is pinnable only with
    /// NP_OPS_LONGTERM_PIN (v4 20/27); otherwise GUP migrates it
    /// (`{NUMA_NO_NODE, GFP_USER|__GFP_NOWARN}`: the source node's list),
    /// which needs NP_OPS_MIGRATION, else -ENOMEM.
    func pinLongterm<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let folio = s.folio[f]
        let enabled = folio.in_use && folio.mapped && folio.owner == t && !folio.pinned && !busy(s, f, a)
            && s.ctx[t].pc == PC.idle.rawValue
        let pinnable = !privateWithout(s, folio: f, NPOps.NP_OPS_LONGTERM_PIN, a)
        let canMigrate = migratable(s, folio: f, a) && folio.lru
        let ret = ite(pinnable, a.num(0), ite(canMigrate, a.num(0), a.num(Errno.ENOMEM)))
        s.folio[f].when(pinnable) { $0.pinned = a.bit(true) }
        s.when(!pinnable && canMigrate) { s in
            startMigration(&s, context: t, folio: f, target: folio.nid, gfp: a.mask(GFP.GFP_USER | GFP.__GFP_NOWARN),
                           reason: .MR_LONGTERM_PIN, viaMigrateTo: a.bit(false), a)
        }
        return (enabled, ret)
    }
}
