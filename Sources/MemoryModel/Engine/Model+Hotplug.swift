/// Registration of private nodes and memory hotplug (RFC v4 01, 22/27;
/// RFC v3 1/8; mm/memory_hotplug.c).
extension Model {
    /// v4 `node_private_register(nid, np)`: -EBUSY on an N_MEMORY node or for a
    /// second owner; the same owner again is a no-op.
    func nodePrivateRegister<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, owner: Int, _ a: A) -> A.Num {
        let node = s.node[n]
        let registered = !(node.node_private == 0)
        let nMemory = has(.registerOnNMemory) ? a.bit(false) : node.N_MEMORY
        let ret = ite(nMemory, a.num(Errno.EBUSY),
                      ite(registered && !(node.node_private == owner), a.num(Errno.EBUSY), a.num(0)))
        s.node[n].when(ret == 0 && !registered) { node in
            node.node_private = a.num(owner)
            node.refcount = a.num(1)
            node.pgdat_private = a.bit(true)
        }
        return ret
    }

    /// v4 `node_private_unregister(nid)`: -EBUSY while N_MEMORY_PRIVATE is set;
    /// otherwise clears the registration. It waits for temporary references
    /// (`node_private_migrate_to` in flight) to drain, so it is only enabled
    /// when none are held.
    func nodePrivateUnregister<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let node = s.node[n]
        let registered = !(node.node_private == 0)
        let busy = has(.unregisterWhileOnline) ? a.bit(false) : node.N_MEMORY_PRIVATE
        let ret = ite(registered && busy, a.num(Errno.EBUSY), a.num(0))
        let enabled = !(registered && !busy) || node.refcount <= 1
        s.node[n].when(registered && !busy) { node in
            node.node_private = a.num(0)
            node.refcount = a.num(0)
            node.pgdat_private = a.bit(false)
            node.ops = a.bit(false)
            node.ops_flags = a.mask(0)
            node.migration_blocked = a.bit(false)
            node.cram = a.bit(false)
            node.pressure = a.num(0)
        }
        return (enabled, ret)
    }

    /// v4 `node_private_set_ops(nid, ops)` (RFC v4 01, 12-19/27): -EINVAL for
    /// a flag whose dependency is missing (checked first, before the node is
    /// looked up); -ENODEV without a registration. Overwrites ops already set.
    func nodePrivateSetOps<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, flags: A.Mask, _ a: A) -> A.Num {
        let ret = ite(!opsFlagsValid(s, nid: n, flags: flags, a), a.num(Errno.EINVAL),
                      ite(s.node[n].node_private == 0, a.num(Errno.ENODEV), a.num(0)))
        s.node[n].when(ret == 0) { node in
            node.ops = a.bit(true)
            node.ops_flags = flags
        }
        return ret
    }

    /// The flag-dependency rules of `node_private_set_ops`.
    public func opsFlagsValid<A: ValueAlgebra>(_ s: ModelState<A>, nid n: Int, flags: A.Mask, _ a: A) -> A.Bit {
        // The callbacks are those of the ops being set: the node's driver's.
        let cb = a.bit(callbacks(n).isSuperset(of: [.migrateTo, .folioMigrate]))
        let migration = flags.any(NPOps.NP_OPS_MIGRATION)
        var ok = !migration || cb                                                   // 12/27
        if !has(.setOpsNoDependencies) {
            ok = ok && !(flags.any(NPOps.NP_OPS_MEMPOLICY) && !migration)            // 13/27
        }
        ok = ok && !(flags.any(NPOps.NP_OPS_MEMPOLICY) && flags.any(NPOps.NP_OPS_PROTECT_WRITE)) // 15/27
        ok = ok && !(flags.any(NPOps.NP_OPS_NUMA_BALANCING) && !migration)           // 18/27
        ok = ok && !(flags.any(NPOps.NP_OPS_COMPACTION) && !migration)               // 19/27
        return ok
    }

    /// v4 `node_private_clear_ops(nid, ops)` (RFC v4 01/27): -ENODEV if no
    /// node_private is registered, -EINVAL if the ops do not match (none set).
    func nodePrivateClearOps<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> A.Num {
        let ret = ite(s.node[n].node_private == 0, a.num(Errno.ENODEV),
                      ite(s.node[n].ops, a.num(0), a.num(Errno.EINVAL)))
        s.node[n].when(ret == 0) { node in
            node.ops = a.bit(false)
            node.ops_flags = a.mask(0)
        }
        return ret
    }

    /// v3 `node_register_private(nid, ops)` (RFC v3 1/8): -EINVAL for a
    /// different memtype, -EBUSY on an N_MEMORY node; sets N_PRIVATE at once.
    /// The second owner registers another memtype; the model holds at most
    /// two registrations per node.
    func nodeRegisterPrivateV3<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, owner: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let own = NodeMemtype(device(n)?.memtype ?? .accelerator).rawValue
        let memtype = owner == 1 ? own : (own == NodeMemtype.NODE_MEM_ACCELERATOR.rawValue
            ? NodeMemtype.NODE_MEM_COMPRESSED.rawValue : NodeMemtype.NODE_MEM_ACCELERATOR.rawValue)
        let node = s.node[n]
        let other = !(node.memtype == 0) && !(node.memtype == memtype)
        let ret = ite(other, a.num(Errno.EINVAL), ite(node.N_MEMORY, a.num(Errno.EBUSY), a.num(0)))
        s.node[n].when(ret == 0) { node in
            node.nr_private_ops = node.nr_private_ops + 1
            node.memtype = a.num(memtype)
            node.N_PRIVATE = a.bit(true)
        }
        return (node.nr_private_ops < 2, ret)
    }

    /// v3 `node_unregister_private(nid, ops)`: removes the ops; the last one
    /// clears the memtype and N_PRIVATE, whether or not memory is online.
    func nodeUnregisterPrivateV3<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let enabled = !(s.node[n].nr_private_ops == 0)
        s.node[n].nr_private_ops = s.node[n].nr_private_ops - 1
        s.node[n].when(s.node[n].nr_private_ops == 0) { node in
            node.memtype = a.num(0)
            node.N_PRIVATE = a.bit(false)
        }
        return (enabled, a.num(0))
    }

    /// v4 `add_private_memory_driver_managed()` (RFC v4 22/27): register the
    /// node's driver, add the block, online it (MMOP_ONLINE_MOVABLE).
    /// v3 `add_memory_driver_managed()`: add and online, no registration.
    func addPrivateMemory<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, block b: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let enabled = !s.node[n].present[b]
        var ret = a.num(0)
        if design == .v4 { ret = nodePrivateRegister(&s, nid: n, owner: 1, a) }
        s.when(ret == 0) { s in
            s.node[n].present[b] = a.bit(true)
            _ = onlinePages(&s, nid: n, block: b, a)
        }
        return (enabled, ret)
    }

    /// `online_pages()`: on the node's first memory, set N_MEMORY_PRIVATE if
    /// `pgdat->private` else N_MEMORY (v4 22/27; v3: N_MEMORY unless
    /// N_PRIVATE), rebuild zonelists; kswapd starts unless the node is private (v4).
    func onlinePages<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, block b: Int, _ a: A) -> A.Bit {
        let enabled = s.node[n].present[b] && !s.node[n].online[b]
        let first = !populated(s, n, a)
        s.node[n].online[b] = a.bit(true)
        s.node[n].when(first) { node in
            switch design {
            case .v4:
                node.N_MEMORY_PRIVATE = node.pgdat_private
                node.N_MEMORY = !node.pgdat_private
                node.kswapd = node.kswapd || !node.pgdat_private
            case .v3:
                node.N_MEMORY = !node.N_PRIVATE
                node.kswapd = a.bit(true)
            }
        }
        return enabled
    }

    /// `offline_pages()`, first step: isolate the block's pageblocks
    /// (`start_isolate_page_range`); the hotplug context then migrates
    /// folios out until the rest fits, or a signal ends it with -EINTR.
    /// `remove` is `offline_and_remove_private_memory()` (v4 22/27).
    func offlinePagesStart<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, block b: Int, remove: Bool, _ a: A) -> A.Bit {
        let enabled = s.ctx[Context.hotplug].pc == PC.idle.rawValue && s.node[n].online[b]
        s.node[n].isolated[b] = a.bit(true)
        s.ctx[Context.hotplug].pc = a.num(PC.offlinePages.rawValue)
        s.ctx[Context.hotplug].nid = a.num(n)
        s.ctx[Context.hotplug].arg = a.num(b)
        s.ctx[Context.hotplug].reason = a.num(remove ? 1 : 0)
        return enabled
    }

    /// `offline_pages()`: `do_migrate_range()` on one movable folio of the
    /// node, to another N_MEMORY node (`alloc_migration_target` with the
    /// source node as preferred and the source excluded). v4 skips private
    /// folios without NP_OPS_MIGRATION ("hot-unplug on non-migratable node"),
    /// so offlining such a node only ends by a signal.
    func offlineMigrate<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[Context.hotplug]
        let folio = s.folio[f]
        var movable = folio.in_use && folio.lru && !folio.pinned && !busy(s, f, a) && folio.nid == ctx.nid
        var others = a.mask(0)
        for n in 0..<nodeCount {
            let onNode = ctx.nid == n
            if design == .v4 && isPrivate(n) {
                movable = movable && (!onNode || !s.node[n].N_MEMORY_PRIVATE || hasOp(s, n, NPOps.NP_OPS_MIGRATION, a))
            }
            others = ite(s.node[n].N_MEMORY && !onNode, others.with(1 << UInt32(n)), others)
        }
        let enabled = ctx.pc == PC.offlinePages.rawValue && movable
        let gfp = a.mask(GFP.GFP_USER | GFP.__GFP_MOVABLE | GFP.__GFP_RETRY_MAYFAIL)
        let target = allocPages(s, .init(gfp: gfp, pref: ctx.nid, nodemask: others, useNodemask: a.bit(true), task: nil), a)
        s.when(target.ok) { s in
            moveFolio(&s, folio: f, to: target.nid, gfp: gfp, reason: .MR_MEMORY_HOTPLUG, size: a.num(0), a)
        }
        return (enabled, ite(target.ok, target.nid, a.num(Errno.ENOMEM)))
    }

    /// `offline_pages()`, last step: nothing movable is left in the way; the
    /// block goes offline, and with the node's last block its node state is
    /// cleared, zonelists rebuilt and kswapd stopped. For
    /// `offline_and_remove_private_memory()` the block is removed and
    /// `node_private_unregister()` follows: -EBUSY while other private memory
    /// remains.
    func offlinePagesFinish<A: ValueAlgebra>(_ s: inout ModelState<A>, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[Context.hotplug]
        var enabled = ctx.pc == PC.offlinePages.rawValue
        var ret = a.num(0)
        for n in 0..<nodeCount {
            let here = ctx.nid == n
            // Pages still in use block the offline: folios (poisoned ones
            // excepted: they go with the memory), pages CRAM's driver holds
            // until its flush work zeroes them, and target pages a migration
            // has allocated but not yet moved into (they are allocated pages
            // in the range, so test_pages_isolated fails until the move ends).
            var inUse = s.node[n].flush_pages
            for f in 0..<folioCount {
                let counts = s.folio[f].in_use && s.folio[f].nid == n && !s.folio[f].hwpoison
                inUse = inUse + ite(counts, a.num(1), a.num(0))
            }
            for c in 0..<Context.count {
                let target = s.ctx[c].pc == PC.migrateMove.rawValue && s.ctx[c].dst_nid == n
                inUse = inUse + ite(target, a.num(1), a.num(0))
            }
            enabled = enabled && (!here || inUse <= managedPages(s, n, a))
            for b in 0..<scope.nodes[n].blocks {
                s.when(here && ctx.arg == b) { s in
                    s.node[n].online[b] = a.bit(false)
                    s.node[n].isolated[b] = a.bit(false)
                    s.node[n].present[b] = ite(ctx.reason == 1, a.bit(false), s.node[n].present[b])
                }
            }
            let empty = !populated(s, n, a)
            s.when(here && empty) { s in
                s.node[n].N_MEMORY = a.bit(false)
                s.node[n].N_MEMORY_PRIVATE = a.bit(false)
                s.node[n].kswapd = a.bit(false)
                s.node[n].watermark_boost = a.num(0)
                s.node[n].zone_boosted = a.bit(false)
                // Poisoned pages go with the memory that held them.
                for f in 0..<folioCount {
                    s.folio[f].when(s.folio[f].in_use && s.folio[f].nid == n) { $0 = FolioState(a) }
                }
            }
            if design == .v4 && isPrivate(n) {
                var after = s
                let unregister = nodePrivateUnregister(&after, nid: n, a)
                let removing = here && ctx.reason == 1
                enabled = enabled && (!removing || unregister.enabled)
                s = ite(removing, after, s)
                ret = ite(removing, unregister.ret, ret)
            }
        }
        s.ctx[Context.hotplug] = ContextState(a)
        return (enabled, ret)
    }

    /// `offline_pages()` interrupted: `signal_pending()` gives -EINTR and the
    /// range is un-isolated.
    func offlinePagesSignal<A: ValueAlgebra>(_ s: inout ModelState<A>, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let ctx = s.ctx[Context.hotplug]
        for n in 0..<nodeCount {
            for b in 0..<scope.nodes[n].blocks {
                s.node[n].isolated[b] = ite(ctx.nid == n && ctx.arg == b, a.bit(false), s.node[n].isolated[b])
            }
        }
        s.ctx[Context.hotplug] = ContextState(a)
        return (ctx.pc == PC.offlinePages.rawValue, a.num(Errno.EINTR))
    }
}
