import MemoryModel

// The names a property reads from the engine: every field of `ModelState`
// by the name `State.swift` gives it (the kernel's), and the quantities the
// kernel computes rather than stores (`Model+Derived.swift`).
//
// A test walks `ModelState.visit` and checks that every field it names is
// here, so a field added to the engine cannot be forgotten.

/// What a quantifier ranges over, and what a name like `node[...]` indexes.
public enum EntityKind: String, Sendable, CaseIterable {
    case node, folio, task, context

    /// The collection name a quantifier uses: `nodes`, `folios`, `tasks`, `contexts`.
    public var collection: String { rawValue + "s" }
}

/// The kind of a 32-bit word: which constants it may be tested against.
public enum MaskKind: String, Sendable {
    case gfp = "gfp mask"
    case npOps = "NP_OPS flags"
    case nodemask = "nodemask"
    case mpolFlags = "mempolicy flags"

    /// With its article, for messages: "a gfp mask", "NP_OPS flags".
    var described: String {
        switch self {
        case .gfp, .nodemask: "a " + rawValue
        case .npOps, .mpolFlags: rawValue
        }
    }
}

/// A boolean field of a node (`struct pglist_data`, `node_private`, CRAM node, device).
public enum NodeBitField: String, Sendable, CaseIterable {
    case N_MEMORY, N_MEMORY_PRIVATE, N_PRIVATE, pgdat_private, ops, migration_blocked
    case zone_boosted, kswapd, cram, purged, memory_failure_notified, irq_above

    func read<A: ValueAlgebra>(_ n: NodeState<A>) -> A.Bit {
        switch self {
        case .N_MEMORY: n.N_MEMORY
        case .N_MEMORY_PRIVATE: n.N_MEMORY_PRIVATE
        case .N_PRIVATE: n.N_PRIVATE
        case .pgdat_private: n.pgdat_private
        case .ops: n.ops
        case .migration_blocked: n.migration_blocked
        case .zone_boosted: n.zone_boosted
        case .kswapd: n.kswapd
        case .cram: n.cram
        case .purged: n.purged
        case .memory_failure_notified: n.memory_failure_notified
        case .irq_above: n.irq_above
        }
    }
}

/// A per-memory-block boolean of a node, read as `n.online[b]`.
public enum NodeBlockField: String, Sendable, CaseIterable {
    case present, online, isolated

    func read<A: ValueAlgebra>(_ n: NodeState<A>, _ b: Int) -> A.Bit {
        switch self {
        case .present: n.present[b]
        case .online: n.online[b]
        case .isolated: n.isolated[b]
        }
    }
}

/// An integer field of a node.
public enum NodeNumField: String, Sendable, CaseIterable {
    case node_private, refcount, memtype, nr_private_ops, watermark_boost, pressure
    case flush_pages, flush_real, stale_real, irq

    func read<A: ValueAlgebra>(_ n: NodeState<A>) -> A.Num {
        switch self {
        case .node_private: n.node_private
        case .refcount: n.refcount
        case .memtype: n.memtype
        case .nr_private_ops: n.nr_private_ops
        case .watermark_boost: n.watermark_boost
        case .pressure: n.pressure
        case .flush_pages: n.flush_pages
        case .flush_real: n.flush_real
        case .stale_real: n.stale_real
        case .irq: n.irq
        }
    }
}

/// A boolean the kernel computes for a node (or the scope fixes).
public enum NodeDerivedBit: String, Sendable, CaseIterable {
    /// The scope configures the node as a private node.
    case is_private
    /// The node's device compresses (it has a real capacity).
    case compressed
    /// `populated_zone()`: some of the node's memory is online.
    case populated
    /// `node_oom_eligible()` (RFC v4 17/27).
    case oom_eligible
}

/// An integer the kernel computes for a node (or the scope fixes).
public enum NodeDerivedNum: String, Sendable, CaseIterable {
    /// The node's id.
    case nid
    /// `node_present_pages()`: pages of online blocks (online_pages adds them).
    case present_pages
    /// `zone_managed_pages()`: online pages not isolated by offline_pages.
    case managed_pages
    /// Pages in use: folios, migration targets in flight, pages awaiting zeroing.
    case used_pages
    /// `NR_FREE_PAGES`: managed minus used.
    case free_pages
    /// Real units used on a compressed device.
    case real_used
    /// The device's real capacity in units (0 for a device that does not compress).
    case real_capacity
    /// `next_demotion_node()` (RFC v4 14/27), -1 for none.
    case next_demotion_node
}

/// A boolean field of a folio.
public enum FolioBitField: String, Sendable, CaseIterable {
    case in_use, mapped, writable, vm_write, pinned, lru, hwpoison

    func read<A: ValueAlgebra>(_ f: FolioState<A>) -> A.Bit {
        switch self {
        case .in_use: f.in_use
        case .mapped: f.mapped
        case .writable: f.writable
        case .vm_write: f.vm_write
        case .pinned: f.pinned
        case .lru: f.lru
        case .hwpoison: f.hwpoison
        }
    }
}

/// An integer field of a folio (`path` is one too, compared with path names).
public enum FolioNumField: String, Sendable, CaseIterable {
    case nid, owner, compressed_size, path

    func read<A: ValueAlgebra>(_ f: FolioState<A>) -> A.Num {
        switch self {
        case .nid: f.nid
        case .owner: f.owner
        case .compressed_size: f.compressed_size
        case .path: f.path
        }
    }
}

/// A gfp-mask field of a folio.
public enum FolioMaskField: String, Sendable, CaseIterable {
    case gfp, caller_gfp

    func read<A: ValueAlgebra>(_ f: FolioState<A>) -> A.Mask {
        switch self {
        case .gfp: f.gfp
        case .caller_gfp: f.caller_gfp
        }
    }
}

/// An integer field of a task.
public enum TaskNumField: String, Sendable, CaseIterable {
    case mode, il_prev

    func read<A: ValueAlgebra>(_ t: TaskState<A>) -> A.Num {
        switch self {
        case .mode: t.mode
        case .il_prev: t.il_prev
        }
    }
}

/// A mask field of a task: two nodemasks and the mempolicy flags.
public enum TaskMaskField: String, Sendable, CaseIterable {
    case mems_allowed, nodes, flags

    var kind: MaskKind { self == .flags ? .mpolFlags : .nodemask }

    func read<A: ValueAlgebra>(_ t: TaskState<A>) -> A.Mask {
        switch self {
        case .mems_allowed: t.mems_allowed
        case .nodes: t.nodes
        case .flags: t.flags
        }
    }
}

/// A boolean of an in-flight operation's context.
public enum ContextBitField: String, Sendable, CaseIterable {
    case use_nodemask, via_migrate_to

    func read<A: ValueAlgebra>(_ c: ContextState<A>) -> A.Bit {
        switch self {
        case .use_nodemask: c.use_nodemask
        case .via_migrate_to: c.via_migrate_to
        }
    }
}

/// An integer of an in-flight operation's context.
public enum ContextNumField: String, Sendable, CaseIterable {
    case pc, folio, nid, arg, reason, dst_nid

    func read<A: ValueAlgebra>(_ c: ContextState<A>) -> A.Num {
        switch self {
        case .pc: c.pc
        case .folio: c.folio
        case .nid: c.nid
        case .arg: c.arg
        case .reason: c.reason
        case .dst_nid: c.dst_nid
        }
    }
}

/// A mask of an in-flight operation's context.
public enum ContextMaskField: String, Sendable, CaseIterable {
    case gfp, nodemask

    var kind: MaskKind { self == .gfp ? .gfp : .nodemask }

    func read<A: ValueAlgebra>(_ c: ContextState<A>) -> A.Mask {
        switch self {
        case .gfp: c.gfp
        case .nodemask: c.nodemask
        }
    }
}

/// An argument of the action a transition property looks at.
public enum ActionArgument: String, Sendable, CaseIterable {
    case nid, block, owner, folio, task, caller, size, policy, context, pressure
    /// `offline_pages`: whether it is offline_and_remove_private_memory (1) or not (0).
    case remove
    /// `mprotect`: whether PROT_WRITE is asked for (1) or not (0).
    case write
    /// The gfp mask of an allocation.
    case gfp
    /// The NP_OPS flags of `node_private_set_ops`.
    case flags
}

/// Named constants: kernel flags, node states, errnos, modes, paths.
enum Constants {
    /// Integer constants: errnos (as positive numbers: write `-EBUSY`), mempolicy
    /// modes, v3 memtypes, migrate reasons, CRAM_PRESSURE_MAX.
    static let integers: [String: Int] = {
        var table: [String: Int] = [:]
        for (name, value) in Errno.names { table[name] = -value }
        for (value, name) in MPOL.modeNames.enumerated() { table[name] = value }
        let memtypes = ["NODE_MEM_NOTYPE", "NODE_MEM_ZSWAP", "NODE_MEM_COMPRESSED", "NODE_MEM_ACCELERATOR", "NODE_MEM_DEMOTE_ONLY"]
        for (value, name) in memtypes.enumerated() { table[name] = value }
        let reasons = ["MR_COMPACTION", "MR_MEMORY_HOTPLUG", "MR_SYSCALL", "MR_MEMPOLICY_MBIND", "MR_NUMA_MISPLACED",
                       "MR_LONGTERM_PIN", "MR_DEMOTION", "MR_PROMOTION"]
        for (value, name) in reasons.enumerated() { table[name] = value }
        table["CRAM_PRESSURE_MAX"] = CRAM.CRAM_PRESSURE_MAX
        // The steps of multi-step operations, for `ctx[c].pc` (Action.swift's `PC`).
        let steps = ["STEP_IDLE", "STEP_MIGRATE_ALLOC", "STEP_MIGRATE_MOVE", "STEP_DEMOTE_MIGRATE_TO",
                     "STEP_OFFLINE_PAGES", "STEP_CRAM_SET_PRESSURE_BOOST"]
        for (value, name) in steps.enumerated() { table[name] = value }
        table["NUMA_NO_NODE"] = -1
        return table
    }()

    /// Mask constants and their kinds.
    static let masks: [String: (value: UInt32, kind: MaskKind)] = {
        var table: [String: (value: UInt32, kind: MaskKind)] = [:]
        for (name, value) in GFP.names { table[name] = (value, .gfp) }
        for (name, value) in NPOps.names { table[name] = (value, .npOps) }
        table["MPOL_F_PRIVATE"] = (MPOL.MPOL_F_PRIVATE, .mpolFlags)
        return table
    }()

    /// Node states usable as a quantifier's set or after `in`: `forall n in N_MEMORY: ...`.
    static let nodeStates: [String: NodeBitField] = [
        "N_MEMORY": .N_MEMORY, "N_MEMORY_PRIVATE": .N_MEMORY_PRIVATE, "N_PRIVATE": .N_PRIVATE,
    ]

    /// Path names (`f.path == demotion`), by value.
    static let paths: [String: Int] = Dictionary(uniqueKeysWithValues: Path.allCases.map { ($0.name, $0.rawValue) })
}
