/// A bounded configuration of the model: which nodes, folio slots, tasks and
/// callers there are, and which data values the explorer tries.
///
/// A scope is a YAML file a user can write (`scopes/*.yaml`); `Scope+YAML.swift`
/// reads it with file:line:column diagnostics.
public struct Scope: Sendable, Equatable {
    /// The scope's name (the file name without `.yaml` for shipped scopes).
    public var name: String
    /// A one-line description.
    public var summary: String
    /// Nodes, by nid: node i in this list is nid i.
    public var nodes: [NodeConfig]
    /// How many folio slots the model has (each an order-0 folio).
    public var folios: Int
    /// User tasks, by index.
    public var tasks: [TaskConfig]
    /// Which allocation callers run, each with its gfp mask and target.
    public var callers: [CallerConfig]
    /// Compressed sizes a page may take on a compressed device, in real units
    /// (an incompressible page is `pageUnits`).
    public var compressedSizes: [Int]
    /// Real units of an uncompressed page.
    public var pageUnits: Int
    /// Values a driver passes to `cram_set_pressure` (0...CRAM_PRESSURE_MAX).
    public var pressureValues: [Int]
    /// NP_OPS flag sets `node_private_set_ops` is called with (beyond each
    /// node's own `ops`), for exploring the flag-dependency rules.
    public var setOpsChoices: [UInt32]
    /// `cpusets_enabled()`.
    public var cpusetsEnabled: Bool
    /// Slots in CRAM's per-CPU flush buffer (RFC v4 27/27).
    public var flushBuffer: Int
    /// Action families the explorer leaves out (by family name, `list actions`).
    public var excludedActions: [String]
    /// The depth bound of a search in this scope.
    public var depth: Int

    public init(
        name: String, summary: String = "", nodes: [NodeConfig], folios: Int, tasks: [TaskConfig],
        callers: [CallerConfig], compressedSizes: [Int] = [1, 4], pageUnits: Int = 4,
        pressureValues: [Int] = [0, 1000], setOpsChoices: [UInt32] = [], cpusetsEnabled: Bool = true,
        flushBuffer: Int = 1, excludedActions: [String] = [], depth: Int = 12
    ) {
        self.name = name
        self.summary = summary
        self.nodes = nodes
        self.folios = folios
        self.tasks = tasks
        self.callers = callers
        self.compressedSizes = compressedSizes
        self.pageUnits = pageUnits
        self.pressureValues = pressureValues
        self.setOpsChoices = setOpsChoices
        self.cpusetsEnabled = cpusetsEnabled
        self.flushBuffer = flushBuffer
        self.excludedActions = excludedActions
        self.depth = depth
    }

    /// The largest sizes the engine's fixed-width state holds.
    public static let maxNodes = 4
    public static let maxBlocks = 2
    public static let maxFolios = 6
    public static let maxTasks = 2
}

/// One NUMA node.
public struct NodeConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Ordinary system RAM: N_MEMORY once online.
        case dram
        /// A private memory node (v4 N_MEMORY_PRIVATE, v3 N_PRIVATE).
        case `private`
    }
    public var kind: Kind
    /// Memory blocks (each added, onlined and offlined as a unit).
    public var blocks: Int
    /// Pages per memory block.
    public var pagesPerBlock: Int
    /// Zone watermarks, in pages (`_watermark[WMARK_MIN/LOW/HIGH]`).
    public var watermarks: Watermarks
    /// Node distance order: the other nids from nearest to farthest. Empty
    /// means by nid, which is what a two-socket box with one CXL device gives.
    public var distanceOrder: [Int]
    /// For private nodes: the device and driver behind the node.
    public var device: PrivateDevice?

    public init(kind: Kind, blocks: Int = 1, pagesPerBlock: Int, watermarks: Watermarks = .init(),
                distanceOrder: [Int] = [], device: PrivateDevice? = nil) {
        self.kind = kind
        self.blocks = blocks
        self.pagesPerBlock = pagesPerBlock
        self.watermarks = watermarks
        self.distanceOrder = distanceOrder
        self.device = device
    }

    public var pages: Int { blocks * pagesPerBlock }
}

public struct Watermarks: Sendable, Equatable {
    public var min: Int
    public var low: Int
    public var high: Int
    public init(min: Int = 0, low: Int = 0, high: Int = 0) {
        self.min = min
        self.low = low
        self.high = high
    }
}

/// The device and driver behind a private node.
public struct PrivateDevice: Sendable, Equatable {
    /// What the memory is (v3 `private_memtype`; v4 says it through the driver).
    public enum Memtype: String, Sendable, Equatable, CaseIterable {
        /// Compressed RAM: mm/cram in v4, NODE_MEM_COMPRESSED in v3.
        case cram
        /// v3 zswap direct nodes (NODE_MEM_ZSWAP): a compressed device used by zswap.
        case zswap
        /// Device memory an accelerator driver manages (NODE_MEM_ACCELERATOR).
        case accelerator
        /// A node only reached by demotion (NODE_MEM_DEMOTE_ONLY).
        case demoteOnly = "demote-only"
    }
    public var memtype: Memtype
    /// NP_OPS_* flags the driver registers (v4).
    public var ops: UInt32
    /// Real capacity of a compressed device, in real units; nil when the
    /// device is not compressed (real = advertised).
    public var realCapacity: Int?
    /// The device raises its "lthresh" interrupt when real usage reaches this.
    public var lowThreshold: Int?
    /// ... and its "hthresh" interrupt when real usage falls back to this.
    public var highThreshold: Int?

    public init(memtype: Memtype, ops: UInt32 = 0, realCapacity: Int? = nil,
                lowThreshold: Int? = nil, highThreshold: Int? = nil) {
        self.memtype = memtype
        self.ops = ops
        self.realCapacity = realCapacity
        self.lowThreshold = lowThreshold
        self.highThreshold = highThreshold
    }

    public var isCompressed: Bool { realCapacity != nil }
}

/// A user task: where it runs, its cpuset and mempolicy.
public struct TaskConfig: Sendable, Equatable {
    /// `numa_node_id()` of the CPU the task runs on (a DRAM node).
    public var cpuNode: Int
    /// cpuset.mems; nil means every node (the top cpuset).
    public var cpuset: [Int]?
    /// A hardwall cpuset (cpuset.mem_hardwall or mem_exclusive).
    public var hardwall: Bool
    /// The mempolicy the task starts with.
    public var mempolicy: MempolicyConfig
    /// Policies the explorer tries with `mbind`/`set_mempolicy`.
    public var policies: [MempolicyConfig]

    public init(cpuNode: Int = 0, cpuset: [Int]? = nil, hardwall: Bool = false,
                mempolicy: MempolicyConfig = .init(), policies: [MempolicyConfig] = []) {
        self.cpuNode = cpuNode
        self.cpuset = cpuset
        self.hardwall = hardwall
        self.mempolicy = mempolicy
        self.policies = policies
    }
}

public struct MempolicyConfig: Sendable, Equatable {
    /// One of MPOL.MPOL_DEFAULT, MPOL_PREFERRED, MPOL_BIND, MPOL_INTERLEAVE.
    public var mode: Int
    public var nodes: [Int]
    public init(mode: Int = MPOL.MPOL_DEFAULT, nodes: [Int] = []) {
        self.mode = mode
        self.nodes = nodes
    }
}

/// An allocation caller the explorer runs.
public struct CallerConfig: Sendable, Equatable {
    public var caller: Caller
    /// The gfp mask the caller passes, for callers that take one; nil means
    /// the caller's own fixed mask (`Caller.defaultGFP`).
    public var gfp: UInt32?
    /// The nid a node-targeted caller passes; nil means every node in turn.
    public var nid: Int?

    public init(_ caller: Caller, gfp: UInt32? = nil, nid: Int? = nil) {
        self.caller = caller
        self.gfp = gfp
        self.nid = nid
    }

    public var effectiveGFP: UInt32 { gfp ?? caller.defaultGFP }
}

/// The allocation callers the model knows, each with its real gfp mask.
public enum Caller: String, Sendable, Equatable, CaseIterable {
    /// An anonymous user page fault: `vma_alloc_folio(GFP_HIGHUSER_MOVABLE)`
    /// under the task's mempolicy (mm/memory.c, mm/mempolicy.c).
    case pageFault = "page_fault"
    /// `kmalloc(size, gfp)`: a new slab page through `alloc_pages` under the
    /// task's mempolicy (mm/slub.c `allocate_slab`).
    case kmalloc
    /// `kmalloc_node(size, gfp, nid)`: slub first tries the node with
    /// `__GFP_THISNODE` added, then without (mm/slub.c `___slab_alloc`).
    case kmallocNode = "kmalloc_node"
    /// `alloc_pages_node(nid, gfp, 0)` (include/linux/gfp.h).
    case allocPagesNode = "alloc_pages_node"
    /// A private-node service (CRAM, a driver) allocating with `GFP_PRIVATE`
    /// on its node (RFC v4 02/27).
    case privateService = "private_service"
    /// v3 zswap direct store: `__alloc_pages(GFP_NOWAIT|__GFP_NORETRY|
    /// __GFP_HIGHMEM|__GFP_MOVABLE|__GFP_THISNODE, 0, nid, &zswap_direct_nodes)`
    /// (RFC v3 7/8).
    case zswapStore = "zswap_store"

    public var defaultGFP: UInt32 {
        switch self {
        case .pageFault: GFP.GFP_HIGHUSER_MOVABLE
        case .kmalloc, .kmallocNode, .allocPagesNode: GFP.GFP_KERNEL
        case .privateService: GFP.GFP_PRIVATE
        case .zswapStore:
            GFP.GFP_NOWAIT | GFP.__GFP_NORETRY | GFP.__GFP_HIGHMEM | GFP.__GFP_MOVABLE | GFP.__GFP_THISNODE
        }
    }

    /// Whether the caller names a node.
    public var takesNid: Bool {
        switch self {
        case .pageFault, .kmalloc: false
        case .kmallocNode, .allocPagesNode, .privateService, .zswapStore: true
        }
    }
}
