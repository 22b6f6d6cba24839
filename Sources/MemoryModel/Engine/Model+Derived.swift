/// Quantities the kernel computes from the state rather than stores.
extension Model {
    /// Pages the node's zone manages: online blocks not isolated by offline_pages.
    public func managedPages<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Num {
        managedPages(of: s.node[n], n, a)
    }

    /// The same, for node n's state on its own.
    func managedPages<A: ValueAlgebra>(of node: NodeState<A>, _ n: Int, _ a: A) -> A.Num {
        let perBlock = scope.nodes[n].pagesPerBlock
        var pages = a.num(0)
        for b in 0..<scope.nodes[n].blocks {
            pages = pages + ite(node.online[b] && !node.isolated[b], a.num(perBlock), a.num(0))
        }
        return pages
    }

    /// Whether any of the node's memory is online (its zone is populated).
    public func populated<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Bit {
        var any = a.bit(false)
        for b in 0..<scope.nodes[n].blocks { any = any || s.node[n].online[b] }
        return any
    }

    /// Pages in use on the node: its folios, target pages of migrations in
    /// flight, and pages CRAM holds until the device zeroes them.
    public func usedPages<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Num {
        var used = s.node[n].flush_pages
        for f in 0..<folioCount {
            used = used + ite(s.folio[f].in_use && s.folio[f].nid == n, a.num(1), a.num(0))
        }
        for c in 0..<Context.count {
            used = used + ite(s.ctx[c].pc == PC.migrateMove.rawValue && s.ctx[c].dst_nid == n, a.num(1), a.num(0))
        }
        return used
    }

    /// `zone_page_state(zone, NR_FREE_PAGES)`.
    public func freePages<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Num {
        managedPages(s, n, a) - usedPages(s, n, a)
    }

    /// Real units used on a compressed device: resident folios' compressed
    /// sizes, pages awaiting the device's zeroing, and unscrubbed free pages.
    public func realUsed<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Num {
        var used = s.node[n].flush_real + s.node[n].stale_real
        for f in 0..<folioCount {
            let here = s.folio[f].in_use && s.folio[f].nid == n
            used = used + ite(here, s.folio[f].compressed_size, a.num(0))
        }
        return used
    }

    /// `folio_is_private_managed()` for a folio on node n (RFC v4 05/27):
    /// the node is N_MEMORY_PRIVATE (v4) or N_PRIVATE (v3).
    public func privateManaged<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int) -> A.Bit {
        design == .v4 ? s.node[n].N_MEMORY_PRIVATE : s.node[n].N_PRIVATE
    }

    /// The node's `node_private_ops->flags` (0 without ops).
    public func opsFlags<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Mask {
        ite(s.node[n].ops, s.node[n].ops_flags, a.mask(0))
    }

    /// Whether the node's registered ops have `flag` (always false for DRAM).
    public func hasOp<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ flag: UInt32, _ a: A) -> A.Bit {
        isPrivate(n) ? opsFlags(s, n, a).any(flag) : a.bit(false)
    }

    /// Whether the folio is on an N_MEMORY_PRIVATE node whose ops lack `flag`:
    /// in v4 a mechanism touches a private folio only if its node opted in
    /// (NP_OPS_MIGRATION, NUMA_BALANCING, COMPACTION, LONGTERM_PIN; 12-20/27).
    func privateWithout<A: ValueAlgebra>(_ s: ModelState<A>, folio f: Int, _ flag: UInt32, _ a: A) -> A.Bit {
        guard design == .v4 else { return a.bit(false) }
        var lacking = a.bit(false)
        for n in 0..<nodeCount where isPrivate(n) {
            lacking = lacking || (s.folio[f].nid == n && s.node[n].N_MEMORY_PRIVATE && !hasOp(s, n, flag, a))
        }
        return lacking
    }

    /// Whether the node's registered driver supplies a callback: the ops are
    /// set, and the registered owner is the node's own driver.
    func hasCallback<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ cb: DriverCallbacks, _ a: A) -> A.Bit {
        guard isPrivate(n), callbacks(n).contains(cb) else { return a.bit(false) }
        return s.node[n].ops && s.node[n].node_private == 1
    }

    /// `node_oom_eligible()` (RFC v4 17/27): a private node only counts for
    /// OOM if it participates in both reclaim and demotion.
    public func nodeOOMEligible<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Bit {
        guard design == .v4, isPrivate(n) else { return a.bit(true) }
        return !s.node[n].N_MEMORY_PRIVATE || opsFlags(s, n, a).all(NPOps.NP_OPS_OOM_ELIGIBLE)
    }

    /// `next_demotion_node(n)` (RFC v4 14/27): the nearest private node with
    /// NP_OPS_DEMOTION and memory; only N_MEMORY nodes demote. -1 for none.
    public func nextDemotionNode<A: ValueAlgebra>(_ s: ModelState<A>, _ n: Int, _ a: A) -> A.Num {
        guard design == .v4, !isPrivate(n) else { return a.num(-1) }
        var target = a.num(-1)
        for m in distanceOrder(n).reversed() where isPrivate(m) {
            let eligible = s.node[m].N_MEMORY_PRIVATE && hasOp(s, m, NPOps.NP_OPS_DEMOTION, a)
            target = ite(eligible, a.num(m), target)
        }
        return ite(s.node[n].N_MEMORY, target, a.num(-1))
    }

    /// The nodes a task may allocate from by its cpuset: `current->mems_allowed`.
    /// In v3 that is the cpuset's system-RAM part (`cpuset.mems.sysram`, RFC
    /// v3 4/8), which the cpuset hotplug update keeps to the N_MEMORY nodes.
    public func memsAllowed<A: ValueAlgebra>(_ s: ModelState<A>, task t: Int, _ a: A) -> A.Mask {
        guard design == .v3 else { return s.task[t].mems_allowed }
        var sysram = a.mask(0)
        for n in 0..<nodeCount { sysram = ite(s.node[n].N_MEMORY, sysram.with(1 << UInt32(n)), sysram) }
        return s.task[t].mems_allowed & sysram
    }

    /// Whether a context holds the folio isolated.
    func busy<A: ValueAlgebra>(_ s: ModelState<A>, _ f: Int, _ a: A) -> A.Bit {
        var held = a.bit(false)
        for c in 0..<Context.count {
            held = held || (!(s.ctx[c].pc == PC.idle.rawValue) && s.ctx[c].folio == f
                && !(s.ctx[c].pc == PC.offlinePages.rawValue) && !(s.ctx[c].pc == PC.cramSetPressureBoost.rawValue))
        }
        return held
    }

    /// The lowest free folio slot, and whether there is one.
    func freeSlot<A: ValueAlgebra>(_ s: ModelState<A>, _ a: A) -> (exists: A.Bit, slot: A.Num) {
        var slot = a.num(-1)
        var exists = a.bit(false)
        for f in (0..<folioCount).reversed() {
            slot = ite(s.folio[f].in_use, slot, a.num(f))
            exists = exists || !s.folio[f].in_use
        }
        return (exists, slot)
    }
}
