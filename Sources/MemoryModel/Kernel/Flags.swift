/// NP_OPS_* flags of `struct node_private_ops` (RFC v4 01, 12-20/27).
public enum NPOps {
    public static let NP_OPS_MIGRATION: UInt32 = 1 << 0
    public static let NP_OPS_MEMPOLICY: UInt32 = 1 << 1
    public static let NP_OPS_DEMOTION: UInt32 = 1 << 2
    public static let NP_OPS_PROTECT_WRITE: UInt32 = 1 << 3
    public static let NP_OPS_RECLAIM: UInt32 = 1 << 4
    public static let NP_OPS_NUMA_BALANCING: UInt32 = 1 << 5
    public static let NP_OPS_COMPACTION: UInt32 = 1 << 6
    public static let NP_OPS_LONGTERM_PIN: UInt32 = 1 << 7
    /// Patch 17's code: a private node relieves OOM pressure only if it
    /// participates in both reclaim and demotion. (The v4 cover letter's
    /// "(MIGRATION | DEMOTION)" is a slip.)
    public static let NP_OPS_OOM_ELIGIBLE: UInt32 = NP_OPS_RECLAIM | NP_OPS_DEMOTION

    public static let names: [(name: String, value: UInt32)] = [
        ("NP_OPS_MIGRATION", NP_OPS_MIGRATION), ("NP_OPS_MEMPOLICY", NP_OPS_MEMPOLICY),
        ("NP_OPS_DEMOTION", NP_OPS_DEMOTION), ("NP_OPS_PROTECT_WRITE", NP_OPS_PROTECT_WRITE),
        ("NP_OPS_RECLAIM", NP_OPS_RECLAIM), ("NP_OPS_NUMA_BALANCING", NP_OPS_NUMA_BALANCING),
        ("NP_OPS_COMPACTION", NP_OPS_COMPACTION), ("NP_OPS_LONGTERM_PIN", NP_OPS_LONGTERM_PIN),
        ("NP_OPS_OOM_ELIGIBLE", NP_OPS_OOM_ELIGIBLE),
    ]

    public static func value(named name: String) -> UInt32? { names.first { $0.name == name }?.value }

    public static func describe(_ flags: UInt32) -> String {
        if flags == 0 { return "0" }
        return names.filter { $0.value.nonzeroBitCount == 1 && flags & $0.value != 0 }
            .map(\.name).joined(separator: "|")
    }
}

/// Error codes the modelled kernel functions return, as negative numbers.
public enum Errno {
    public static let EINTR = -4
    public static let ENXIO = -6
    public static let ENOMEM = -12
    public static let EACCES = -13
    public static let EFAULT = -14
    public static let EBUSY = -16
    public static let ENODEV = -19
    public static let EINVAL = -22
    public static let ENOSPC = -28
    public static let ENOENT = -2
    public static let EAGAIN = -11

    public static let names: [(name: String, value: Int)] = [
        ("EINTR", EINTR), ("ENXIO", ENXIO), ("ENOMEM", ENOMEM), ("EACCES", EACCES), ("EFAULT", EFAULT),
        ("EBUSY", EBUSY), ("ENODEV", ENODEV), ("EINVAL", EINVAL), ("ENOSPC", ENOSPC), ("ENOENT", ENOENT),
        ("EAGAIN", EAGAIN),
    ]

    /// `-EBUSY` for -16, `0` for 0, the number otherwise.
    public static func describe(_ value: Int) -> String {
        if let n = names.first(where: { $0.value == value }) { return "-" + n.name }
        return String(value)
    }
}

/// Mempolicy modes (include/uapi/linux/mempolicy.h) and v4's MPOL_F_PRIVATE.
public enum MPOL {
    public static let MPOL_DEFAULT = 0
    public static let MPOL_PREFERRED = 1
    public static let MPOL_BIND = 2
    public static let MPOL_INTERLEAVE = 3
    /// RFC v4 13/27: set when every private node in the mask has NP_OPS_MEMPOLICY.
    public static let MPOL_F_PRIVATE: UInt32 = 1 << 5

    public static let modeNames = ["MPOL_DEFAULT", "MPOL_PREFERRED", "MPOL_BIND", "MPOL_INTERLEAVE"]
}

/// CRAM constants (RFC v4 23/27).
public enum CRAM {
    public static let CRAM_PRESSURE_MAX = 1000
}
