/// Hashing and comparing packed rows (`packedWordCount` words each).
///
/// The hash reads the words directly, never an unpacked state, and is fixed
/// (no per-process seed): fingerprints and therefore fingerprint-mode state
/// counts are the same on every run and machine.
@usableFromInline
enum RowHash {
    /// wyhash's multiply-fold: the 128-bit product folded to 64 bits.
    @inlinable @inline(__always)
    static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }

    /// A 64-bit hash of `count` words: one multiply-fold per word (wyhash
    /// style), then the murmur3 finalizer so every output bit depends on
    /// every input bit (the fingerprint collision bound assumes that).
    @inlinable
    static func hash(_ row: UnsafePointer<UInt64>, count: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count)
        for i in 0..<count {
            h = mum(row[i] ^ 0xA076_1D64_78BD_642F, h ^ 0xE703_7ED1_A0B4_28DB)
        }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    @inlinable @inline(__always)
    static func equal(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, count: Int) -> Bool {
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }
}
