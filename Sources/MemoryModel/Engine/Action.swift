/// One transition of the model: a kernel call, or one atomic step of a
/// kernel operation that other CPUs may interleave with.
///
/// Structure (which node, folio, task, context) is in the case; data the
/// prover makes symbolic (gfp masks, NP_OPS flags, pressure values, compressed
/// sizes) is what `ActionData` lifts.
public enum Action: Hashable, Sendable, Codable {
    // Registration and hotplug (RFC v4 01, 22/27; v3 1/8).
    case addPrivateMemory(nid: Int, block: Int)
    case register(nid: Int, owner: Int)
    case unregister(nid: Int)
    case setOps(nid: Int, flags: UInt32)
    case clearOps(nid: Int)
    case cramRegister(nid: Int)
    case onlinePages(nid: Int, block: Int)
    case offlinePages(nid: Int, block: Int, remove: Bool)
    case offlineMigrate(folio: Int)
    case offlineFinish
    case offlineSignal

    // Allocation and free.
    case alloc(caller: Int, nid: Int, task: Int, size: Int)
    case folioPut(folio: Int)
    case cramFlushWork(nid: Int)

    // Migration (RFC v4 12-20/27).
    case movePages(task: Int, folio: Int, nid: Int)
    case mbind(task: Int, policy: Int)
    case mbindMigrate(task: Int, folio: Int)
    case migrateMisplaced(task: Int, folio: Int)
    case compactZone(folio: Int)
    case pinLongterm(task: Int, folio: Int)
    case migrateAlloc(context: Int)
    case migrateMove(context: Int, size: Int)

    // Compressed RAM (RFC v4 14-16, 23, 27/27).
    case demote(folio: Int)
    case demoteMigrateTo
    case writeFault(task: Int, folio: Int)
    case mprotect(task: Int, folio: Int, write: Bool)
    case store(task: Int, folio: Int, size: Int)
    case cramSetPressure(nid: Int, pressure: Int)
    case cramIrq(nid: Int)
    case cramSetPressureBoost
    case kswapdReclaim(folio: Int)
    case memoryFailure(folio: Int)
}

/// The data arguments of an action, in the algebra: concrete in the
/// explorer, symbolic constants in the prover.
public struct ActionData<A: ValueAlgebra> {
    /// The gfp mask of an allocation, or the NP_OPS flags of `setOps`.
    public var mask: A.Mask
    /// The compressed size of a page, or the pressure of `cramSetPressure`.
    public var value: A.Num

    public init(mask: A.Mask, value: A.Num) {
        self.mask = mask
        self.value = value
    }
}

/// The execution contexts that run multi-step operations: one per task,
/// then the kernel's own.
public enum Context {
    /// Task `t`'s context is `t`.
    public static func task(_ t: Int) -> Int { t }
    /// kswapd / proactive reclaim: demotion.
    public static let kswapd = Scope.maxTasks
    /// The memory hotplug path: offline_pages.
    public static let hotplug = Scope.maxTasks + 1
    /// The CRAM device's interrupt handler and the driver's pressure calls.
    public static let irq = Scope.maxTasks + 2
    public static let count = Scope.maxTasks + 3

    public static func name(_ c: Int) -> String {
        switch c {
        case kswapd: "kswapd"
        case hotplug: "hotplug"
        case irq: "irq"
        default: "task\(c)"
        }
    }
}

/// The program counter of a context.
public enum PC: Int, Sendable {
    case idle = 0
    /// migrate_pages: allocate the target folio.
    case migrateAlloc
    /// migrate_pages: unmap, copy, remap, free the source.
    case migrateMove
    /// demote_folio_list: node_private_migrate_to on the demotion target.
    case demoteMigrateTo
    /// offline_pages: the range is isolated; migrating folios out.
    case offlinePages
    /// cram_set_pressure: pressure set; watermark_boost not yet.
    case cramSetPressureBoost
}

/// Why a folio migrates (`enum migrate_reason`); decides the arrival path.
///
/// `MR_PROMOTION` is the model's own name for `cram_fault`'s migration,
/// which the kernel issues as MR_NUMA_MISPLACED (RFC v4 23/27); the model
/// keeps it apart so that a folio's `path` says it was promoted by a write
/// fault rather than moved by NUMA balancing.
public enum MigrateReason: Int, Sendable {
    case MR_COMPACTION = 0, MR_MEMORY_HOTPLUG, MR_SYSCALL, MR_MEMPOLICY_MBIND, MR_NUMA_MISPLACED,
         MR_LONGTERM_PIN, MR_DEMOTION, MR_PROMOTION

    public var path: Path {
        switch self {
        case .MR_COMPACTION: .compaction
        case .MR_MEMORY_HOTPLUG: .hotplug
        case .MR_SYSCALL: .movePages
        case .MR_MEMPOLICY_MBIND: .mbind
        case .MR_NUMA_MISPLACED: .numaBalancing
        case .MR_LONGTERM_PIN: .longtermPin
        case .MR_DEMOTION: .demotion
        case .MR_PROMOTION: .promotion
        }
    }
}
