/// Compressed RAM (mm/cram, RFC v4 14-16, 23, 27/27), reclaim and
/// memory_failure, and the device behind a compressed node.
extension Model {
    /// `cram_register()`: the CRAM driver sets its ops (flags from the scope,
    /// through `node_private_set_ops`), registers the CRAM node, and starts
    /// kswapd on the node (private nodes get none at online).
    func cramRegister<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let enabled = !s.node[n].cram
        let flags = a.mask(device(n)?.ops ?? 0)
        // Only CRAM's own registration can take CRAM's ops.
        let owned = s.node[n].node_private == 1
        var withOps = s
        let setOps = nodePrivateSetOps(&withOps, nid: n, flags: flags, a)
        s = ite(owned, withOps, s)
        let ret = ite(owned, setOps, a.num(Errno.ENODEV))
        s.node[n].when(ret == 0) { node in
            node.cram = a.bit(true)
            node.pressure = a.num(0)
            node.purged = a.bit(false)
            node.kswapd = a.bit(true)
        }
        return (enabled, ret)
    }

    /// Whether node n's kswapd would reclaim: below the high watermark
    /// (boost included) or boosted, and `zone_reclaim_allowed()` (v4 16/27:
    /// a private node needs NP_OPS_RECLAIM).
    func kswapdReclaims<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Bit {
        let high = s.node[n].watermark_boost + scope.nodes[n].watermarks.high
        var allowed = a.bit(true)
        if design == .v4 && isPrivate(n) { allowed = hasOp(s, n, NPOps.NP_OPS_RECLAIM, a) }
        return s.node[n].kswapd && allowed && (freePages(s, n, a) <= high || s.node[n].zone_boosted)
    }

    /// `shrink_folio_list()` on an N_MEMORY node picks an anon folio to demote:
    /// isolated, and handed to `demote_folio_list()` unless `can_demote()`
    /// refuses (the target's `migration_blocked`, 14/27).
    func demote<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        var target = a.num(-1)
        var reclaims = a.bit(false)
        for n in 0..<nodeCount where !isPrivate(n) {
            let here = folio.nid == n
            target = ite(here, nextDemotionNode(s, n, a), target)
            reclaims = reclaims || (here && kswapdReclaims(s, n, a))
        }
        var blocked = a.bit(false)
        if !has(.demoteIgnoresPressure) {
            for m in 0..<nodeCount where isPrivate(m) { blocked = blocked || (target == m && s.node[m].migration_blocked) }
        }
        let enabled = s.ctx[Context.kswapd].pc == PC.idle.rawValue && folio.in_use && folio.mapped && folio.lru
            && !folio.pinned && !busy(s, f, a) && reclaims && !(target == -1) && !blocked
        s.folio[f].lru = a.bit(false)
        s.ctx[Context.kswapd].pc = a.num(PC.demoteMigrateTo.rawValue)
        s.ctx[Context.kswapd].folio = a.num(f)
        s.ctx[Context.kswapd].nid = target
        return enabled
    }

    /// `demote_folio_list()` → `node_private_migrate_to(..., MR_DEMOTION)` →
    /// `cram_migrate_to()`: -ENODEV or -ENOSPC at CRAM_PRESSURE_MAX put the
    /// folio back (it is left for swap); otherwise migration proceeds.
    func demoteMigrateTo<A: ValueAlgebra>(_ s: inout ModelState<A>, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[Context.kswapd]
        let enabled = ctx.pc == PC.demoteMigrateTo.rawValue
        let ret = nodePrivateMigrateTo(&s, target: ctx.nid, a)
        s.ctx[Context.kswapd].pc = a.num(PC.migrateAlloc.rawValue)
        s.ctx[Context.kswapd].gfp = a.mask(cramAllocGFP)
        s.ctx[Context.kswapd].reason = a.num(MigrateReason.MR_DEMOTION.rawValue)
        s.ctx[Context.kswapd].via_migrate_to = a.bit(true)
        s.when(!(ret == 0)) { s in
            for f in 0..<folioCount { s.folio[f].when(ctx.folio == f) { $0.lru = a.bit(true) } }
            s.ctx[Context.kswapd] = ContextState(a)
        }
        return (enabled, ret)
    }

    /// A write fault on a present folio (`handle_pte_fault`). A private folio
    /// whose ops have `handle_fault` goes there first (15/27): `cram_fault`
    /// isolates it under the PTL (if it cannot, the fault just retries) and
    /// promotes it to the task's node; otherwise `do_wp_page()` makes the
    /// PTE writable. -EFAULT (SIGSEGV) in a VMA without VM_WRITE.
    func writeFault<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let folio = s.folio[f]
        let enabled = folio.in_use && folio.mapped && folio.owner == t && !folio.writable
            && !busy(s, f, a) && s.ctx[t].pc == PC.idle.rawValue
        var handled = a.bit(false)
        if design == .v4 {
            for n in 0..<nodeCount where isPrivate(n) {
                handled = handled || (folio.nid == n && s.node[n].N_MEMORY_PRIVATE && hasCallback(s, n, .handleFault, a))
            }
        }
        let ret = ite(folio.vm_write, a.num(0), a.num(Errno.EFAULT))
        s.when(folio.vm_write && handled && folio.lru) { s in
            let gfp = a.mask(GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL)
            startMigration(&s, context: t, folio: f, target: a.num(scope.tasks[t].cpuNode), gfp: gfp,
                           reason: .MR_PROMOTION, viaMigrateTo: a.bit(false), a)
        }
        s.folio[f].when(folio.vm_write && !handled) { $0.writable = a.bit(true) }
        return (enabled, ret)
    }

    /// `mprotect()`: `change_pte_range()` sets the write bit only where the
    /// VMA allows it and never on an NP_OPS_PROTECT_WRITE folio (15/27).
    func mprotect<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, write: Bool, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let enabled = folio.in_use && folio.mapped && folio.owner == t && (write ? !folio.vm_write : folio.vm_write)
        var protect = a.bit(false)
        if design == .v4 && !has(.mprotectUpgradesWrite) {
            for n in 0..<nodeCount where isPrivate(n) {
                protect = protect || (folio.nid == n && hasOp(s, n, NPOps.NP_OPS_PROTECT_WRITE, a))
            }
        }
        s.folio[f].vm_write = a.bit(write)
        s.folio[f].writable = a.bit(write) && !protect && !busy(s, f, a)
        return enabled
    }

    /// A user store through a writable PTE: on a compressed device the page
    /// recompresses to `size` real units, behind the allocator's back.
    func store<A: ValueAlgebra>(_ s: inout ModelState<A>, task t: Int, folio f: Int, size: A.Num, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let enabled = folio.in_use && folio.mapped && folio.owner == t && folio.writable
            && onCompressedDevice(folio.nid, a) && !(folio.compressed_size == size)
        s.folio[f].compressed_size = size
        return enabled
    }

    /// `cram_set_pressure(nid, p)`, first half (23/27): clamp to
    /// CRAM_PRESSURE_MAX, set the pressure and `migration_blocked`. Nothing
    /// without a CRAM node. The boost follows as a second step.
    func cramSetPressure<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, pressure p: A.Num, _ a: A) -> A.Bit {
        let enabled = s.ctx[Context.irq].pc == PC.idle.rawValue && s.node[n].cram
        let clamped = ite(p <= CRAM.CRAM_PRESSURE_MAX, p, a.num(CRAM.CRAM_PRESSURE_MAX))
        s.node[n].pressure = clamped
        s.node[n].migration_blocked = CRAM.CRAM_PRESSURE_MAX <= clamped
        s.ctx[Context.irq].pc = a.num(PC.cramSetPressureBoost.rawValue)
        s.ctx[Context.irq].nid = a.num(n)
        s.ctx[Context.irq].arg = clamped
        return enabled
    }

    /// The device's threshold interrupt (27/27): "lthresh" calls
    /// `cram_set_pressure(nid, CRAM_PRESSURE_MAX)`, "hthresh" `(nid, 0)`.
    func cramIrq<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> A.Bit {
        let irq = s.node[n].irq
        let enabled = !(irq == 0) && s.ctx[Context.irq].pc == PC.idle.rawValue
        s.node[n].irq = a.num(0)
        s.when(s.node[n].cram) { s in
            _ = cramSetPressure(&s, nid: n, pressure: ite(irq == 1, a.num(CRAM.CRAM_PRESSURE_MAX), a.num(0)), a)
        }
        return enabled
    }

    /// `cram_set_pressure()`, second half: `watermark_boost = managed * p /
    /// 1000` on the populated zone, ZONE_BOOSTED_WATERMARK and a kswapd
    /// wakeup when boosted. CRAM's `reclaim_policy` sets managed_watermarks,
    /// so kswapd leaves the boost alone.
    func cramSetPressureBoost<A: ValueAlgebra>(_ s: inout ModelState<A>, _ a: A) -> A.Bit {
        let ctx = s.ctx[Context.irq]
        for n in 0..<nodeCount where isCRAM(n) {
            s.node[n].when(ctx.nid == n) { node in
                // managed * p / 1000, split on the (small) managed page count so
                // that every product has a constant factor.
                let managed = managedPages(of: node, n, a)
                var boost = a.num(0)
                for pages in 1...max(1, scope.nodes[n].pages) {
                    boost = ite(managed == pages, ctx.arg * pages / CRAM.CRAM_PRESSURE_MAX, boost)
                }
                node.watermark_boost = boost
                node.zone_boosted = 0 < boost
            }
        }
        s.ctx[Context.irq] = ContextState(a)
        return ctx.pc == PC.cramSetPressureBoost.rawValue
    }

    /// kswapd's `balance_pgdat()` reclaims an anon folio of a node it runs on:
    /// swap-out, so the folio is freed (through CRAM's scrub on a CRAM node).
    func kswapdReclaim<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        var reclaims = a.bit(false)
        for n in 0..<nodeCount { reclaims = reclaims || (folio.nid == n && kswapdReclaims(s, n, a)) }
        let enabled = folio.in_use && folio.mapped && folio.lru && !folio.pinned && !busy(s, f, a) && reclaims
        freePage(&s, nid: folio.nid, size: folio.compressed_size, a)
        s.folio[f] = FolioState(a)
        return enabled
    }

    /// `memory_failure()`: PageHWPoison, the private node's `memory_failure`
    /// callback notified (21/27), then the usual handling: unmapped and
    /// kept away from the allocator.
    func memoryFailure<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let enabled = folio.in_use && !folio.hwpoison && !busy(s, f, a)
        for n in 0..<nodeCount where isPrivate(n) {
            s.node[n].when(folio.nid == n && hasCallback(s, n, .memoryFailure, a)) {
                $0.memory_failure_notified = a.bit(true)
            }
        }
        s.folio[f].hwpoison = a.bit(true)
        s.folio[f].mapped = a.bit(false)
        s.folio[f].writable = a.bit(false)
        s.folio[f].lru = a.bit(false)
        s.folio[f].pinned = a.bit(false)
        return enabled
    }

    /// The compressed device's thresholds: reaching lthresh raises its
    /// interrupt once; falling back to hthresh raises the other. Runs after
    /// every step, because real usage changes behind any of them.
    func deviceInterrupts<A: ValueAlgebra>(_ s: inout ModelState<A>, _ a: A) {
        guard design == .v4 else { return }
        for n in 0..<nodeCount {
            guard let dev = device(n), let low = dev.lowThreshold else { continue }
            let used = realUsed(s, n, a)
            let rise = !s.node[n].irq_above && low <= used
            let fall = s.node[n].irq_above && used <= (dev.highThreshold ?? 0)
            s.node[n].irq = ite(rise, a.num(1), ite(fall, a.num(2), s.node[n].irq))
            s.node[n].irq_above = ite(rise, a.bit(true), ite(fall, a.bit(false), s.node[n].irq_above))
        }
    }
}
