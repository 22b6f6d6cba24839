/// The model's state, generic over the value algebra.
///
/// Field names are the kernel's, so a property file names them as a kernel
/// developer would. Sizes are fixed (`Scope.max*`) so that a state is one flat
/// value with no heap storage; a scope uses a prefix of each array and the
/// rest stays at its initial value.
public struct ModelState<A: ValueAlgebra> {
    public var node: InlineArray<4, NodeState<A>>
    public var folio: InlineArray<6, FolioState<A>>
    public var task: InlineArray<2, TaskState<A>>
    /// The in-flight operation of each execution context (`Context`).
    public var ctx: InlineArray<5, ContextState<A>>
}

/// A NUMA node: its pgdat, its one zone, and (for a private node) its
/// `struct node_private`, CRAM node and device.
public struct NodeState<A: ValueAlgebra> {
    /// Memory block added (`add_memory_driver_managed`), per block.
    public var present: InlineArray<2, A.Bit>
    /// Memory block online (`online_pages`), per block.
    public var online: InlineArray<2, A.Bit>
    /// Pageblocks of the block isolated by an `offline_pages` in progress.
    public var isolated: InlineArray<2, A.Bit>
    public var N_MEMORY: A.Bit
    /// v4: set at first online of a node whose `pgdat->private` is set.
    public var N_MEMORY_PRIVATE: A.Bit
    /// v3: set at registration, before any memory exists.
    public var N_PRIVATE: A.Bit

    /// v4 `pgdat->private`: the registration's intent.
    public var pgdat_private: A.Bit
    /// v4 `pgdat->node_private` owner: 0 none, else the driver's id.
    public var node_private: A.Num
    /// `node_private->refcount` (1 while registered, +1 per migrate_to in flight).
    public var refcount: A.Num
    /// Whether `node_private->ops` is set.
    public var ops: A.Bit
    /// `node_private->ops->flags` (NP_OPS_*), 0 without ops.
    public var ops_flags: A.Mask
    /// `node_private->migration_blocked`.
    public var migration_blocked: A.Bit

    /// v3 `private_nodes[nid]` memtype (0 NODE_MEM_NOTYPE).
    public var memtype: A.Num
    /// v3: how many `private_node_ops` are registered on the node.
    public var nr_private_ops: A.Num

    /// `zone->watermark_boost`.
    public var watermark_boost: A.Num
    /// `ZONE_BOOSTED_WATERMARK`.
    public var zone_boosted: A.Bit
    /// `pgdat->kswapd` is running.
    public var kswapd: A.Bit

    /// v4 `cram_nodes[nid]` is registered.
    public var cram: A.Bit
    /// `cram_node->pressure`, 0...CRAM_PRESSURE_MAX.
    public var pressure: A.Num
    /// `cram_node->purged`.
    public var purged: A.Bit
    /// `ops->memory_failure` was notified.
    public var memory_failure_notified: A.Bit

    /// Pages freed by CRAM and held by the driver until the device zeroes them
    /// (`flush_record` set, per-CPU flush buffer).
    public var flush_pages: A.Num
    /// Real units still held on the device by those pages.
    public var flush_real: A.Num
    /// Real units held on the device by pages returned to the buddy allocator
    /// without being scrubbed (0 unless a scrub is skipped).
    public var stale_real: A.Num
    /// Device interrupt pending: 0 none, 1 lthresh, 2 hthresh.
    public var irq: A.Num
    /// The device has raised lthresh and not yet hthresh.
    public var irq_above: A.Bit
}

/// One folio slot (an order-0 folio).
public struct FolioState<A: ValueAlgebra> {
    /// Allocated (refcount > 0).
    public var in_use: A.Bit
    /// `folio_nid()`.
    public var nid: A.Num
    /// The gfp mask of the allocation that placed the folio on its node.
    public var gfp: A.Mask
    /// The mask the caller itself passed, before the allocator or slub added bits.
    public var caller_gfp: A.Mask
    /// How the folio reached its node (`Path`).
    public var path: A.Num
    /// The task that maps it, or -1 for a kernel page.
    public var owner: A.Num
    /// Mapped into its owner's address space (anon, on the LRU when not isolated).
    public var mapped: A.Bit
    /// The PTE is writable.
    public var writable: A.Bit
    /// The VMA allows writes (VM_WRITE).
    public var vm_write: A.Bit
    /// Pinned with FOLL_LONGTERM.
    public var pinned: A.Bit
    /// On the LRU (false while isolated for migration or reclaim).
    public var lru: A.Bit
    /// Real units the folio takes on a compressed device (0 elsewhere).
    public var compressed_size: A.Num
    /// `PageHWPoison`.
    public var hwpoison: A.Bit
}

/// A user task's cpuset and mempolicy.
public struct TaskState<A: ValueAlgebra> {
    /// The cpuset's mems (a nodemask); v3 narrows it to system RAM
    /// (`Model.memsAllowed`).
    public var mems_allowed: A.Mask
    /// `pol->mode`.
    public var mode: A.Num
    /// `pol->nodes`.
    public var nodes: A.Mask
    /// `pol->flags` (MPOL_F_PRIVATE).
    public var flags: A.Mask
    /// `current->il_prev`: the last interleave node.
    public var il_prev: A.Num
}

/// The program counter and locals of a multi-step operation.
public struct ContextState<A: ValueAlgebra> {
    /// `PC` raw value; 0 when idle.
    public var pc: A.Num
    /// The folio being moved.
    public var folio: A.Num
    /// Target nid (migration) or the node acted on (offline, pressure).
    public var nid: A.Num
    /// Memory block (offline_pages) or new pressure (cram_set_pressure).
    public var arg: A.Num
    /// The gfp mask the target allocation uses.
    public var gfp: A.Mask
    /// The nodemask the target allocation uses (when `use_nodemask`).
    public var nodemask: A.Mask
    public var use_nodemask: A.Bit
    /// `MigrateReason` raw value, or 1 for offline_and_remove.
    public var reason: A.Num
    /// The target goes through `node_private_migrate_to` (a private target).
    public var via_migrate_to: A.Bit
    /// The destination page, once allocated (migrate_pages: move).
    public var dst_nid: A.Num
}

// MARK: - Initial values

extension NodeState {
    @inlinable
    public init(_ a: A) {
        let f = a.bit(false)
        present = InlineArray(repeating: f)
        online = InlineArray(repeating: f)
        isolated = InlineArray(repeating: f)
        N_MEMORY = f
        N_MEMORY_PRIVATE = f
        N_PRIVATE = f
        pgdat_private = f
        node_private = a.num(0)
        refcount = a.num(0)
        ops = f
        ops_flags = a.mask(0)
        migration_blocked = f
        memtype = a.num(0)
        nr_private_ops = a.num(0)
        watermark_boost = a.num(0)
        zone_boosted = f
        kswapd = f
        cram = f
        pressure = a.num(0)
        purged = f
        memory_failure_notified = f
        flush_pages = a.num(0)
        flush_real = a.num(0)
        stale_real = a.num(0)
        irq = a.num(0)
        irq_above = f
    }
}

extension FolioState {
    @inlinable
    public init(_ a: A) {
        let f = a.bit(false)
        in_use = f
        nid = a.num(0)
        gfp = a.mask(0)
        caller_gfp = a.mask(0)
        path = a.num(0)
        owner = a.num(-1)
        mapped = f
        writable = f
        vm_write = f
        pinned = f
        lru = f
        compressed_size = a.num(0)
        hwpoison = f
    }
}

extension TaskState {
    @inlinable
    public init(_ a: A) {
        mems_allowed = a.mask(0)
        mode = a.num(0)
        nodes = a.mask(0)
        flags = a.mask(0)
        il_prev = a.num(0)
    }
}

extension ContextState {
    @inlinable
    public init(_ a: A) {
        pc = a.num(0)
        folio = a.num(0)
        nid = a.num(0)
        arg = a.num(0)
        gfp = a.mask(0)
        nodemask = a.mask(0)
        use_nodemask = a.bit(false)
        reason = a.num(0)
        via_migrate_to = a.bit(false)
        dst_nid = a.num(0)
    }
}
