import Foundation

/// gfp_t bits, as include/linux/gfp_types.h defines them, plus v4's
/// `__GFP_PRIVATE` (RFC v4 02/27 takes the unused bit 0x200).
///
/// `__GFP_SKIP_ZERO`, `__GFP_SKIP_KASAN` and `__GFP_NOLOCKDEP` are 0 in a
/// kernel without CONFIG_KASAN_HW_TAGS and CONFIG_LOCKDEP, which is what the
/// model assumes.
public enum GFP {
    public static let __GFP_DMA: UInt32 = 0x01
    public static let __GFP_HIGHMEM: UInt32 = 0x02
    public static let __GFP_DMA32: UInt32 = 0x04
    public static let __GFP_MOVABLE: UInt32 = 0x08
    public static let __GFP_RECLAIMABLE: UInt32 = 0x10
    public static let __GFP_HIGH: UInt32 = 0x20
    public static let __GFP_IO: UInt32 = 0x40
    public static let __GFP_FS: UInt32 = 0x80
    public static let __GFP_ZERO: UInt32 = 0x100
    public static let __GFP_PRIVATE: UInt32 = 0x200
    public static let __GFP_DIRECT_RECLAIM: UInt32 = 0x400
    public static let __GFP_KSWAPD_RECLAIM: UInt32 = 0x800
    public static let __GFP_WRITE: UInt32 = 0x1000
    public static let __GFP_NOWARN: UInt32 = 0x2000
    public static let __GFP_RETRY_MAYFAIL: UInt32 = 0x4000
    public static let __GFP_NOFAIL: UInt32 = 0x8000
    public static let __GFP_NORETRY: UInt32 = 0x10000
    public static let __GFP_MEMALLOC: UInt32 = 0x20000
    public static let __GFP_COMP: UInt32 = 0x40000
    public static let __GFP_NOMEMALLOC: UInt32 = 0x80000
    public static let __GFP_HARDWALL: UInt32 = 0x100000
    public static let __GFP_THISNODE: UInt32 = 0x200000
    public static let __GFP_ACCOUNT: UInt32 = 0x400000
    public static let __GFP_ZEROTAGS: UInt32 = 0x800000

    public static let __GFP_RECLAIM: UInt32 = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM
    public static let GFP_ATOMIC: UInt32 = __GFP_HIGH | __GFP_KSWAPD_RECLAIM
    public static let GFP_KERNEL: UInt32 = __GFP_RECLAIM | __GFP_IO | __GFP_FS
    public static let GFP_KERNEL_ACCOUNT: UInt32 = GFP_KERNEL | __GFP_ACCOUNT
    public static let GFP_NOWAIT: UInt32 = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN
    public static let GFP_NOIO: UInt32 = __GFP_RECLAIM
    public static let GFP_NOFS: UInt32 = __GFP_RECLAIM | __GFP_IO
    public static let GFP_USER: UInt32 = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL
    public static let GFP_HIGHUSER: UInt32 = GFP_USER | __GFP_HIGHMEM
    public static let GFP_HIGHUSER_MOVABLE: UInt32 = GFP_HIGHUSER | __GFP_MOVABLE
    /// RFC v4 02/27: `GFP_PRIVATE = __GFP_PRIVATE | __GFP_THISNODE`.
    public static let GFP_PRIVATE: UInt32 = __GFP_PRIVATE | __GFP_THISNODE

    /// Every name, single bits first, in a fixed order (printing picks from it).
    public static let names: [(name: String, value: UInt32)] = [
        ("__GFP_DMA", __GFP_DMA), ("__GFP_HIGHMEM", __GFP_HIGHMEM), ("__GFP_DMA32", __GFP_DMA32),
        ("__GFP_MOVABLE", __GFP_MOVABLE), ("__GFP_RECLAIMABLE", __GFP_RECLAIMABLE),
        ("__GFP_HIGH", __GFP_HIGH), ("__GFP_IO", __GFP_IO), ("__GFP_FS", __GFP_FS),
        ("__GFP_ZERO", __GFP_ZERO), ("__GFP_PRIVATE", __GFP_PRIVATE),
        ("__GFP_DIRECT_RECLAIM", __GFP_DIRECT_RECLAIM), ("__GFP_KSWAPD_RECLAIM", __GFP_KSWAPD_RECLAIM),
        ("__GFP_WRITE", __GFP_WRITE), ("__GFP_NOWARN", __GFP_NOWARN),
        ("__GFP_RETRY_MAYFAIL", __GFP_RETRY_MAYFAIL), ("__GFP_NOFAIL", __GFP_NOFAIL),
        ("__GFP_NORETRY", __GFP_NORETRY), ("__GFP_MEMALLOC", __GFP_MEMALLOC), ("__GFP_COMP", __GFP_COMP),
        ("__GFP_NOMEMALLOC", __GFP_NOMEMALLOC), ("__GFP_HARDWALL", __GFP_HARDWALL),
        ("__GFP_THISNODE", __GFP_THISNODE), ("__GFP_ACCOUNT", __GFP_ACCOUNT), ("__GFP_ZEROTAGS", __GFP_ZEROTAGS),
        ("__GFP_RECLAIM", __GFP_RECLAIM), ("GFP_ATOMIC", GFP_ATOMIC), ("GFP_KERNEL", GFP_KERNEL),
        ("GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT), ("GFP_NOWAIT", GFP_NOWAIT), ("GFP_NOIO", GFP_NOIO),
        ("GFP_NOFS", GFP_NOFS), ("GFP_USER", GFP_USER), ("GFP_HIGHUSER", GFP_HIGHUSER),
        ("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE), ("GFP_PRIVATE", GFP_PRIVATE),
    ]

    public static func value(named name: String) -> UInt32? {
        names.first { $0.name == name }?.value
    }

    /// Parses `GFP_KERNEL|__GFP_THISNODE` (names or hex/decimal numbers joined by `|`).
    public static func parse(_ text: String) -> UInt32? {
        var result: UInt32 = 0
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            let word = part.trimmingCharacters(in: .whitespaces)
            if let v = value(named: word) {
                result |= v
            } else if word.hasPrefix("0x"), let v = UInt32(word.dropFirst(2), radix: 16) {
                result |= v
            } else if let v = UInt32(word) {
                result |= v
            } else {
                return nil
            }
        }
        return result
    }

    /// The kernel's way of writing a mask: the largest composite names that fit
    /// exactly (GFP_KERNEL before its bits), then single bits, then leftover hex.
    public static func describe(_ mask: UInt32) -> String {
        if mask == 0 { return "0" }
        var rest = mask
        var parts: [String] = []
        let composites = names.filter { $0.value.nonzeroBitCount > 1 }
            .sorted { $0.value.nonzeroBitCount > $1.value.nonzeroBitCount }
        for (name, value) in composites where rest & value == value && name != "__GFP_RECLAIM" {
            parts.append(name)
            rest &= ~value
        }
        for (name, value) in names where value.nonzeroBitCount == 1 && rest & value != 0 {
            parts.append(name)
            rest &= ~value
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.joined(separator: "|")
    }
}
