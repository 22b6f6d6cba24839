/// A set of packed rows: the rows one after another in one arena, indexed by
/// an open-addressing hash table (linear probing, at most 70% full).
///
/// A table slot is one word: the upper 32 bits of the row's hash as a tag,
/// and the row's index + 1 (0 marks an empty slot). The tag settles almost
/// every mismatch without touching the arena; the probe start uses the lower
/// bits, so the two are independent. Rows get indices 0, 1, 2, ... in the
/// order they are appended, and are never removed except all at once.
///
/// A value type with manual memory: its owner calls `deallocate()`.
@usableFromInline
struct RowTable {
    @usableFromInline let words: Int
    @usableFromInline var rows: Column<UInt64>
    @usableFromInline var count: Int
    @usableFromInline var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline var slotCount: Int

    @usableFromInline
    init(words: Int, capacity: Int = 1024) {
        self.words = words
        rows = Column(capacity: max(1, words) * capacity)
        count = 0
        slotCount = RowTable.slotCount(for: capacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
    }

    @usableFromInline
    func deallocate() {
        rows.deallocate()
        slots.deallocate()
    }

    /// The smallest power of two that holds `n` rows at most 70% full.
    @usableFromInline
    static func slotCount(for n: Int) -> Int {
        var s = 16
        while n * 10 > s * 7 { s *= 2 }
        return s
    }

    /// The row with index `i`.
    @inlinable @inline(__always)
    func row(_ i: Int) -> UnsafePointer<UInt64> {
        UnsafePointer(rows.base + i * words)
    }

    /// The index of `row` (whose hash is `hash`), or nil if absent.
    @inlinable
    func find(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Int? {
        let mask = slotCount - 1
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[i]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if RowHash.equal(rows.base + index * words, row, count: words) { return index }
            }
            i = (i + 1) & mask
        }
    }

    /// Appends `row`, which the caller knows is absent; its index.
    @inlinable
    @discardableResult
    mutating func appendNew(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Int {
        if (count + 1) * 10 > slotCount * 7 { rehash(slotCount: slotCount * 2) }
        let index = count
        rows.append(contentsOf: row, count: words)
        count += 1
        place(index: index, hash: hash)
        return index
    }

    /// Adds `row` unless present; whether it was added, and its index.
    @inlinable
    mutating func insert(_ row: UnsafePointer<UInt64>, hash: UInt64) -> (inserted: Bool, index: Int) {
        if let index = find(row, hash: hash) { return (false, index) }
        return (true, appendNew(row, hash: hash))
    }

    @inlinable @inline(__always)
    func place(index: Int, hash: UInt64) {
        let mask = slotCount - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (hash >> 32) << 32 | UInt64(index + 1)
    }

    /// Doubles the table, rehashing each row from the arena (hashes are not
    /// kept: 8 bytes a state saved for a rare pass).
    @usableFromInline
    mutating func rehash(slotCount newCount: Int) {
        slots.deallocate()
        slotCount = newCount
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: 0, count: newCount)
        for index in 0..<count {
            place(index: index, hash: RowHash.hash(row(index), count: words))
        }
    }

    /// Empties the set for the next use, keeping the arena's memory. The
    /// table shrinks to fit the last use, so that clearing costs in
    /// proportion to the last use (a BFS worker clears once a level, and a
    /// long tail of small levels may follow a wide one).
    @usableFromInline
    mutating func removeAll() {
        let fitting = RowTable.slotCount(for: count)
        if slotCount > 4 * fitting {
            slots.deallocate()
            slotCount = fitting
            slots = .allocate(capacity: fitting)
            slots.initialize(repeating: 0, count: fitting)
        } else {
            slots.update(repeating: 0, count: slotCount)
        }
        rows.removeAll()
        count = 0
    }

    @inlinable
    var bytes: Int { rows.bytes + slotCount * 8 }

    /// `bytes` after appending one more row.
    @inlinable
    var bytesAfterAppend: Int {
        let table = (count + 1) * 10 > slotCount * 7 ? slotCount * 2 : slotCount
        return rows.bytes(holding: (count + 1) * words) + table * 8
    }
}

/// A set of 64-bit fingerprints (open addressing, linear probing, at most
/// 70% full). Fingerprint 0 marks an empty slot, so a zero hash is stored
/// as 1: one more way for two states to collide, within the reported bound.
@usableFromInline
struct FingerprintTable {
    @usableFromInline var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline var slotCount: Int
    @usableFromInline var count: Int

    @usableFromInline
    init(capacity: Int = 1024) {
        slotCount = RowTable.slotCount(for: capacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        count = 0
    }

    @usableFromInline
    func deallocate() {
        slots.deallocate()
    }

    @inlinable @inline(__always)
    static func fingerprint(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    @inlinable
    func contains(hash: UInt64) -> Bool {
        let fp = Self.fingerprint(hash)
        let mask = slotCount - 1
        var i = Int(truncatingIfNeeded: fp) & mask
        while true {
            let entry = slots[i]
            if entry == 0 { return false }
            if entry == fp { return true }
            i = (i + 1) & mask
        }
    }

    /// Adds a fingerprint the caller knows is absent.
    @inlinable
    mutating func appendNew(hash: UInt64) {
        if (count + 1) * 10 > slotCount * 7 { rehash(slotCount: slotCount * 2) }
        place(Self.fingerprint(hash))
        count += 1
    }

    @inlinable @inline(__always)
    func place(_ fp: UInt64) {
        let mask = slotCount - 1
        var i = Int(truncatingIfNeeded: fp) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = fp
    }

    @usableFromInline
    mutating func rehash(slotCount newCount: Int) {
        let old = slots
        let oldCount = slotCount
        slotCount = newCount
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: 0, count: newCount)
        for i in 0..<oldCount where old[i] != 0 { place(old[i]) }
        old.deallocate()
    }

    @inlinable
    var bytes: Int { slotCount * 8 }

    @inlinable
    var bytesAfterAppend: Int {
        ((count + 1) * 10 > slotCount * 7 ? slotCount * 2 : slotCount) * 8
    }
}
