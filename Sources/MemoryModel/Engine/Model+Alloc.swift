/// The page allocator: `__alloc_pages()` and the callers that reach it.
///
/// Faithful to mm/page_alloc.c for order-0 folios: `prepare_alloc_pages`
/// (zonelist by __GFP_THISNODE; cpusets add __GFP_HARDWALL and either the
/// task's mems as the nodemask or ALLOC_CPUSET), `get_page_from_freelist` at
/// the low watermark, then the slow path at the min watermark (where a
/// non-blocking __GFP_HIGH allocation drops ALLOC_CPUSET and the nodemask).
/// Reclaim, compaction and the OOM killer are separate actions of the model;
/// a slow path that finds nothing fails with NULL.
extension Model {
    /// One call of `__alloc_pages(gfp, 0, preferred_nid, nodemask)`.
    struct AllocRequest<A: ValueAlgebra> {
        var gfp: A.Mask
        var pref: A.Num
        var nodemask: A.Mask
        var useNodemask: A.Bit
        /// The task whose context allocates; nil for a kernel thread.
        var task: Int?
    }

    /// Whether zone `z` is on `preferred`'s FALLBACK zonelist, as
    /// `build_zonelists` builds it (v4: RFC v4 04/27; v3: upstream).
    public func inFallbackList<A: ValueAlgebra>(_ s: ModelState<A>, preferred p: Int, zone z: Int, _ a: A) -> A.Bit {
        let populatedZ = populated(s, z, a)
        if z == p {
            // The local node comes first when it has memory; v4 also puts a
            // private node first in its own list, v3 does not (it is not N_MEMORY).
            return design == .v4 ? populatedZ : populatedZ && s.node[z].N_MEMORY
        }
        var member = s.node[z].N_MEMORY
        if has(.privateInFallback) {
            member = member || (s.node[z].N_MEMORY_PRIVATE && !s.node[p].N_MEMORY_PRIVATE)
        }
        return populatedZ && member
    }

    /// Whether zone `z` is on `preferred`'s NOFALLBACK zonelist (just itself).
    func inNoFallbackList<A: ValueAlgebra>(_ s: ModelState<A>, preferred p: Int, zone z: Int, _ a: A) -> A.Bit {
        z == p ? populated(s, z, a) : a.bit(false)
    }

    /// v4 `numa_zone_alloc_allowed()` (RFC v4 03/27) / v3 `numa_zone_allowed()` (RFC v3 3/8).
    func zoneAllowed<A: ValueAlgebra>(_ s: ModelState<A>, zone z: Int, gfp: A.Mask, allocCpuset: A.Bit,
                                      task: Int?, _ a: A) -> A.Bit {
        let cpusetCheck = a.bit(scope.cpusetsEnabled) && allocCpuset
        switch design {
        case .v4:
            var gate = a.bit(true)
            if !has(.gateIgnoresGFPPrivate) {
                gate = !(!gfp.any(GFP.__GFP_PRIVATE) && s.node[z].N_MEMORY_PRIVATE)
            }
            return gate && (!cpusetCheck || cpusetNodeAllowed(s, zone: z, gfp: gfp, task: task, a))
        case .v3:
            let plain = gfp.any(GFP.__GFP_THISNODE) || s.node[z].N_MEMORY
            return ite(cpusetCheck, cpusetNodeAllowedV3(s, zone: z, gfp: gfp, task: task, a), plain)
        }
    }

    /// `cpuset_node_allowed()` upstream: the task's mems, or, without
    /// __GFP_HARDWALL and a hardwall cpuset, its nearest hardwall ancestor's
    /// (the top cpuset: every node). A kernel thread may use any node.
    func cpusetNodeAllowed<A: ValueAlgebra>(_ s: ModelState<A>, zone z: Int, gfp: A.Mask, task: Int?, _ a: A) -> A.Bit {
        guard let t = task else { return a.bit(true) }
        let inMems = memsAllowed(s, task: t, a).any(1 << UInt32(z))
        return inMems || (!gfp.any(GFP.__GFP_HARDWALL) && a.bit(!scope.tasks[t].hardwall))
    }

    /// v3 `cpuset_current_node_allowed()` (RFC v3 4/8): with __GFP_THISNODE
    /// the cpuset's effective_mems (private nodes included), else the
    /// sysram-only mems_allowed; an interrupt (no task) gets N_MEMORY only.
    func cpusetNodeAllowedV3<A: ValueAlgebra>(_ s: ModelState<A>, zone z: Int, gfp: A.Mask, task: Int?, _ a: A) -> A.Bit {
        guard let t = task else { return s.node[z].N_MEMORY }
        let thisnode = gfp.any(GFP.__GFP_THISNODE)
        let bit = UInt32(1) << UInt32(z)
        let inMems = ite(thisnode, a.bit(effectiveMems(t) & bit != 0), memsAllowed(s, task: t, a).any(bit))
        let ancestor = a.bit(!scope.tasks[t].hardwall) && !gfp.any(GFP.__GFP_HARDWALL)
            && (thisnode || s.node[z].N_MEMORY)
        return inMems || ancestor
    }

    /// `__alloc_pages()`: the nid the folio lands on, or failure.
    func allocPages<A: ValueAlgebra>(_ s: ModelState<A>, _ req: AllocRequest<A>, _ a: A) -> (ok: A.Bit, nid: A.Num) {
        // prepare_alloc_pages()
        var gfp = req.gfp
        var nodemask = req.nodemask
        var useNodemask = req.useNodemask
        var allocCpuset = a.bit(false)
        if scope.cpusetsEnabled {
            gfp = gfp.with(GFP.__GFP_HARDWALL)
            if let t = req.task {
                nodemask = ite(useNodemask, nodemask, memsAllowed(s, task: t, a))
                allocCpuset = useNodemask
                useNodemask = a.bit(true)
            } else {
                allocCpuset = a.bit(true)
            }
        }
        // get_page_from_freelist(ALLOC_WMARK_LOW)
        let fast = walkZonelist(s, req.pref, gfp: gfp, nodemask: nodemask, useNodemask: useNodemask,
                                allocCpuset: allocCpuset, task: req.task, low: true, a)
        // __alloc_pages_slowpath(): ALLOC_WMARK_MIN|ALLOC_CPUSET, except that a
        // non-blocking __GFP_HIGH allocation ignores cpuset mems and the nodemask.
        let ignoresCpuset = !gfp.any(GFP.__GFP_DIRECT_RECLAIM) && gfp.any(GFP.__GFP_HIGH)
        let slowCpuset = a.bit(scope.cpusetsEnabled) && !ignoresCpuset
        let slow = walkZonelist(s, req.pref, gfp: gfp, nodemask: nodemask, useNodemask: useNodemask && slowCpuset,
                                allocCpuset: slowCpuset, task: req.task, low: false, a)
        return (fast.ok || slow.ok, ite(fast.ok, fast.nid, slow.nid))
    }

    /// One `for_next_zone_zonelist_nodemask` walk at the low or min watermark.
    private func walkZonelist<A: ValueAlgebra>(
        _ s: ModelState<A>, _ pref: A.Num, gfp: A.Mask, nodemask: A.Mask, useNodemask: A.Bit,
        allocCpuset: A.Bit, task: Int?, low: Bool, _ a: A
    ) -> (ok: A.Bit, nid: A.Num) {
        let thisnode = gfp.any(GFP.__GFP_THISNODE)
        var ok = a.bit(false)
        var nid = a.num(-1)
        for p in 0..<nodeCount {
            if let k = pref.known, k != p { continue }
            var found = a.bit(false)
            var chosen = a.num(-1)
            for z in [p] + distanceOrder(p) {
                let member = ite(thisnode, inNoFallbackList(s, preferred: p, zone: z, a),
                                 inFallbackList(s, preferred: p, zone: z, a))
                let inMask = !useNodemask || nodemask.any(1 << UInt32(z))
                let marks = scope.nodes[z].watermarks
                let mark = s.node[z].watermark_boost + (low ? marks.low : marks.min)
                let usable = member && inMask && mark < freePages(s, z, a)
                    && zoneAllowed(s, zone: z, gfp: gfp, allocCpuset: allocCpuset, task: task, a)
                chosen = ite(!found && usable, a.num(z), chosen)
                found = found || usable
            }
            let here = pref == p
            ok = ok || (here && found)
            nid = ite(here, chosen, nid)
        }
        return (ok, nid)
    }

    // MARK: Mempolicy

    /// The preferred nid and nodemask a task's mempolicy gives an allocation
    /// (`policy_node`/`policy_nodemask`, with RFC v4 13/27's MPOL_F_PRIVATE
    /// rule), and the interleave node it advances to.
    func policyTarget<A: ValueAlgebra>(_ s: ModelState<A>, task t: Int, _ a: A)
        -> (pref: A.Num, nodemask: A.Mask, useNodemask: A.Bit, private: A.Bit, ilNext: A.Num) {
        let pol = s.task[t]
        let local = a.num(scope.tasks[t].cpuNode)
        let first = firstNode(pol.nodes, a)
        let fPrivate = design == .v4 ? pol.flags.any(MPOL.MPOL_F_PRIVATE) : a.bit(false)
        let bind = pol.mode == MPOL.MPOL_BIND
        let localInPolicy = pol.nodes.any(1 << UInt32(scope.tasks[t].cpuNode))
        let bindPref = ite(fPrivate && !localInPolicy, first, local)
        let ilNext = nextNodeIn(pol.il_prev, pol.nodes, a)
        let pref = ite(pol.mode == MPOL.MPOL_PREFERRED, first,
                       ite(bind, bindPref, ite(pol.mode == MPOL.MPOL_INTERLEAVE, ilNext, local)))
        return (pref, pol.nodes, bind, fPrivate, ilNext)
    }

    /// `first_node(mask)`, -1 for an empty mask.
    func firstNode<A: ValueAlgebra>(_ mask: A.Mask, _ a: A) -> A.Num {
        var r = a.num(-1)
        for n in (0..<nodeCount).reversed() { r = ite(mask.any(1 << UInt32(n)), a.num(n), r) }
        return r
    }

    /// `next_node_in(prev, mask)`: the next node after prev, wrapping.
    func nextNodeIn<A: ValueAlgebra>(_ prev: A.Num, _ mask: A.Mask, _ a: A) -> A.Num {
        var r = a.num(-1)
        for p in 0..<nodeCount {
            var next = a.num(-1)
            for n in ((p + 1)..<(p + 1 + nodeCount)).reversed() {
                let m = n % nodeCount
                next = ite(mask.any(1 << UInt32(m)), a.num(m), next)
            }
            r = ite(prev == p, next, r)
        }
        return r
    }

    /// Whether a data-valued nid is one of the compressed-device nodes.
    func onCompressedDevice<A: ValueAlgebra>(_ nid: A.Num, _ a: A) -> A.Bit {
        var r = a.bit(false)
        for n in 0..<nodeCount where isCompressed(n) { r = r || nid == n }
        return r
    }

    // MARK: The callers

    /// One allocation by a scope caller; places a new folio in the lowest free slot.
    func alloc<A: ValueAlgebra>(_ s: inout ModelState<A>, caller c: Int, nid: Int, task t: Int,
                                _ data: ActionData<A>, _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        let caller = scope.callers[c].caller
        let slot = freeSlot(s, a)
        let none = a.mask(0)
        var gfp = data.mask
        var result: (ok: A.Bit, nid: A.Num)
        let task: Int? = caller == .privateService ? nil : t
        switch caller {
        case .pageFault, .kmalloc:
            // vma_alloc_folio() / alloc_pages(): the task's mempolicy decides.
            let pol = policyTarget(s, task: t, a)
            if caller == .pageFault { gfp = ite(pol.private, gfp.with(GFP.__GFP_PRIVATE), gfp) }
            result = allocPages(s, .init(gfp: gfp, pref: pol.pref, nodemask: pol.nodemask,
                                         useNodemask: pol.useNodemask, task: task), a)
            s.task[t].when(s.task[t].mode == MPOL.MPOL_INTERLEAVE && result.ok) { $0.il_prev = pol.ilNext }
        case .kmallocNode:
            // ___slab_alloc(): first the node alone (__GFP_THISNODE), then any.
            let thisnode = gfp.with(GFP.__GFP_THISNODE)
            let first = allocPages(s, .init(gfp: thisnode, pref: a.num(nid), nodemask: none,
                                            useNodemask: a.bit(false), task: task), a)
            let second = allocPages(s, .init(gfp: gfp, pref: a.num(nid), nodemask: none,
                                             useNodemask: a.bit(false), task: task), a)
            result = (first.ok || second.ok, ite(first.ok, first.nid, second.nid))
            gfp = ite(first.ok, thisnode, gfp)
        case .allocPagesNode, .privateService:
            result = allocPages(s, .init(gfp: gfp, pref: a.num(nid), nodemask: none,
                                         useNodemask: a.bit(false), task: task), a)
        case .zswapStore:
            // RFC v3 7/8: the direct nodes as the nodemask; then
            // node_private_allocated() refuses (-ENXIO) a page no registered
            // region covers, and zswap frees it and falls back to software.
            let got = allocPages(s, .init(gfp: gfp, pref: a.num(nid), nodemask: a.mask(zswapDirectNodes),
                                          useNodemask: a.bit(true), task: task), a)
            var covered = a.bit(false)
            for n in 0..<nodeCount where isPrivate(n) {
                covered = covered || (got.nid == n && !(s.node[n].nr_private_ops == 0))
            }
            result = (got.ok && covered, got.nid)
        }
        let ok = result.ok
        let user = caller == .pageFault
        for f in 0..<folioCount {
            s.folio[f].when(ok && slot.slot == f) { folio in
                folio.in_use = a.bit(true)
                folio.nid = result.nid
                folio.gfp = gfp
                folio.caller_gfp = data.mask
                folio.path = a.num(Path(caller).rawValue)
                folio.owner = a.num(user ? t : -1)
                folio.mapped = a.bit(user)
                folio.writable = a.bit(user)
                folio.vm_write = a.bit(user)
                folio.pinned = a.bit(false)
                folio.lru = a.bit(user)
                folio.compressed_size = ite(onCompressedDevice(result.nid, a), data.value, a.num(0))
                folio.hwpoison = a.bit(false)
            }
        }
        return (slot.exists, ite(ok, slot.slot, a.num(Errno.ENOMEM)))
    }
}
