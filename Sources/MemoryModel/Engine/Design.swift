/// A design: one revision of the private-node series, modelled completely.
public enum Design: String, Sendable, CaseIterable, Codable {
    /// RFC v4 (Feb 2026): N_MEMORY_PRIVATE, __GFP_PRIVATE, node_private_ops
    /// with NP_OPS_* flags, mm/cram.
    case v4
    /// RFC v3 (Jan 2026): N_PRIVATE, private_memtype, __GFP_THISNODE as the
    /// gate, cpuset.mems.sysram, page_allocated/page_freed, zswap direct nodes.
    case v3

    /// The shipped scope `check` and `prove` explore when none is given:
    /// `default` exercises the v4 design end to end, but its GFP_PRIVATE
    /// caller does not exist in v3, whose smallest end-to-end scope is
    /// `v3-numa`.
    public var defaultScope: String {
        switch self {
        case .v4: "default"
        case .v3: "v3-numa"
        }
    }

    public var summary: String {
        switch self {
        case .v4: "RFC v4: N_MEMORY_PRIVATE, __GFP_PRIVATE, node_private_ops (NP_OPS_*), mm/cram"
        case .v3: "RFC v3: N_PRIVATE, __GFP_THISNODE gate, cpuset.mems.sysram, zswap direct nodes"
        }
    }

    /// Where the design is posted.
    public var source: String {
        switch self {
        case .v4: "20260222084842.1824063-1-gourry@gourry.net"
        case .v3: "20260108203755.1163107-1-gourry@gourry.net"
        }
    }
}

/// A seeded bug: one small deliberate change to one mechanism of v4.
///
/// Mutants are the checker's negative controls: each must be caught by a
/// property its description says it breaks.
public enum Mutant: String, Sendable, CaseIterable, Codable {
    case gateIgnoresGFPPrivate = "gate-ignores-gfp-private"
    case privateInFallback = "private-in-fallback"
    case demoteIgnoresPressure = "demote-ignores-pressure"
    case writableOnArrival = "writable-on-arrival"
    case unregisterWhileOnline = "unregister-while-online"
    case noScrubOnFree = "no-scrub-on-free"
    case setOpsNoDependencies = "set-ops-no-dependencies"
    case registerOnNMemory = "register-on-n-memory"
    case mprotectUpgradesWrite = "mprotect-upgrades-write"

    public var summary: String {
        switch self {
        case .gateIgnoresGFPPrivate:
            "numa_zone_alloc_allowed() forgets the __GFP_PRIVATE test: a __GFP_THISNODE allocation reaches a private node (breaks isolation)"
        case .privateInFallback:
            "build_zonelists() keeps N_MEMORY_PRIVATE nodes in the FALLBACK lists of N_MEMORY nodes (breaks the fallback-list promise)"
        case .demoteIgnoresPressure:
            "cram_migrate_to() and alloc_cram_folio() ignore pressure and migration_blocked: demotion continues at CRAM_PRESSURE_MAX (breaks backpressure and capacity)"
        case .writableOnArrival:
            "remove_migration_pte() keeps the write bit on folios arriving on an NP_OPS_PROTECT_WRITE node (breaks read-only compressed memory)"
        case .unregisterWhileOnline:
            "node_private_unregister() drops the -EBUSY check while N_MEMORY_PRIVATE is set (breaks state-follows-memory)"
        case .noScrubOnFree:
            "cram_free_folio_cb() returns the folio to the buddy allocator without zeroing it (breaks scrub-before-reuse and capacity)"
        case .setOpsNoDependencies:
            "node_private_set_ops() accepts NP_OPS_MEMPOLICY without NP_OPS_MIGRATION (breaks the flag dependencies)"
        case .registerOnNMemory:
            "node_private_register() drops the -EBUSY check on an N_MEMORY node (breaks N_MEMORY / N_MEMORY_PRIVATE exclusion)"
        case .mprotectUpgradesWrite:
            "change_pte_range() makes NP_OPS_PROTECT_WRITE folios writable on mprotect(PROT_WRITE) (breaks read-only compressed memory)"
        }
    }

    /// The design a mutant applies to.
    public var design: Design { .v4 }

    /// The properties the mutant's summary says it breaks, and the shipped
    /// scope where `check` shows it: the smallest one where the property
    /// holds on the design as posted and the mutant's code path is reached.
    /// (`cram` leaves out node_private_clear_ops, whose missing
    /// N_MEMORY_PRIVATE check already breaks read-only compressed memory in
    /// the default scope; `flags` is the scope with set_ops choices.)
    public var breaks: (properties: [String], scope: String) {
        switch self {
        case .gateIgnoresGFPPrivate: (["isolation"], "default")
        case .privateInFallback: (["fallback_lists"], "default")
        case .demoteIgnoresPressure: (["demotion_backpressure"], "default")
        case .writableOnArrival: (["cram_read_only"], "cram")
        case .unregisterWhileOnline: (["state_follows_memory", "unregister_busy"], "default")
        case .noScrubOnFree: (["scrub"], "default")
        case .setOpsNoDependencies: (["flag_dependencies"], "flags")
        case .registerOnNMemory: (["mutual_exclusion"], "default")
        case .mprotectUpgradesWrite: (["cram_read_only"], "cram")
        }
    }
}

/// How a folio reached its node: the kernel path that put it there.
public enum Path: Int, Sendable, CaseIterable {
    case none = 0
    case pageFault, kmalloc, kmallocNode, allocPagesNode, privateService, zswapStore
    case movePages, mbind, demotion, promotion, numaBalancing, longtermPin, hotplug, compaction

    public var name: String {
        switch self {
        case .none: "none"
        case .pageFault: "page_fault"
        case .kmalloc: "kmalloc"
        case .kmallocNode: "kmalloc_node"
        case .allocPagesNode: "alloc_pages_node"
        case .privateService: "private_service"
        case .zswapStore: "zswap_store"
        case .movePages: "move_pages"
        case .mbind: "mbind"
        case .demotion: "demotion"
        case .promotion: "promotion"
        case .numaBalancing: "numa_balancing"
        case .longtermPin: "longterm_pin"
        case .hotplug: "hotplug"
        case .compaction: "compaction"
        }
    }

    public init(_ caller: Caller) {
        switch caller {
        case .pageFault: self = .pageFault
        case .kmalloc: self = .kmalloc
        case .kmallocNode: self = .kmallocNode
        case .allocPagesNode: self = .allocPagesNode
        case .privateService: self = .privateService
        case .zswapStore: self = .zswapStore
        }
    }
}

/// v3 `enum private_memtype` (RFC v3 1/8).
public enum NodeMemtype: Int, Sendable {
    case NODE_MEM_NOTYPE = 0, NODE_MEM_ZSWAP, NODE_MEM_COMPRESSED, NODE_MEM_ACCELERATOR, NODE_MEM_DEMOTE_ONLY

    public init(_ memtype: PrivateDevice.Memtype) {
        switch memtype {
        case .cram: self = .NODE_MEM_COMPRESSED
        case .zswap: self = .NODE_MEM_ZSWAP
        case .accelerator: self = .NODE_MEM_ACCELERATOR
        case .demoteOnly: self = .NODE_MEM_DEMOTE_ONLY
        }
    }
}
