/// The visited set of an exhaustive search, with how each state was first
/// reached.
///
/// States get ids 0, 1, 2, ... in the order they are stored (for BFS: level
/// by level, in the order fixed by `BFS`). For each id the store keeps the
/// parent's id and the index of the action taken from it (for an initial
/// state: `rootParent` and the index in `initialStates`), 8 bytes a state,
/// enough to rebuild a trace by replay (`TraceBuilder`).
///
/// Threads: one thread appends, between parallel phases; during a phase
/// workers only read (`contains`, `row`). Hence `@unchecked Sendable`.
@usableFromInline
protocol StateStore: AnyObject, Sendable {
    associatedtype Snapshot: StoreSnapshot
    /// Whether `row(_:)` works: the store keeps the packed rows.
    static var keepsRows: Bool { get }
    var count: Int { get }
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool
    /// A read-only view for workers, valid until the next `appendNew`: a
    /// plain struct, so lookups on the hot path touch no class property
    /// (no exclusivity check, no retain).
    var snapshot: Snapshot { get }
    /// Stores a state the caller knows is absent; its id.
    func appendNew(_ row: UnsafePointer<UInt64>, hash: UInt64, parent: UInt32, action: UInt32) -> UInt32
    /// The packed row of state `id` (only if `keepsRows`).
    func row(_ id: Int) -> UnsafePointer<UInt64>
    func parent(of id: Int) -> UInt32
    func action(of id: Int) -> UInt32
    /// Bytes held: rows or fingerprints, hash table, parent pointers.
    var bytes: Int { get }
    /// `bytes` after one more `appendNew`.
    var bytesAfterAppend: Int { get }
    /// The probability bound that some reachable state was wrongly taken as
    /// visited (nil for exact storage).
    var omissionProbabilityBound: Double? { get }
}

/// Membership lookups of a `StateStore` frozen between appends.
@usableFromInline
protocol StoreSnapshot {
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool
}

extension RowTable: StoreSnapshot {
    @inlinable @inline(__always)
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
        find(row, hash: hash) != nil
    }
}

extension FingerprintTable: StoreSnapshot {
    @inlinable @inline(__always)
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
        contains(hash: hash)
    }
}

/// The parent marker of an initial state.
@usableFromInline
let rootParent = UInt32.max

/// Most states a store can number (ids are UInt32, `rootParent` reserved).
@usableFromInline
let storeIdLimit = Int(UInt32.max) - 1

/// Stores every packed row: exact, 8 × `packedWordCount` bytes a state plus
/// the table and parents.
@usableFromInline
final class ExactStore: StateStore, @unchecked Sendable {
    // Unchecked exclusivity: the phase discipline above already rules out
    // overlapping accesses, and the dynamic check costs on every state.
    @exclusivity(unchecked) @usableFromInline var table: RowTable
    @exclusivity(unchecked) @usableFromInline var parents: Column<UInt32>
    @exclusivity(unchecked) @usableFromInline var actions: Column<UInt32>

    @usableFromInline
    init(words: Int) {
        table = RowTable(words: words, capacity: 4096)
        parents = Column(capacity: 4096)
        actions = Column(capacity: 4096)
    }

    deinit {
        table.deallocate()
        parents.deallocate()
        actions.deallocate()
    }

    @inlinable static var keepsRows: Bool { true }
    @inlinable var count: Int { table.count }
    @inlinable var snapshot: RowTable { table }

    @inlinable
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
        table.find(row, hash: hash) != nil
    }

    @inlinable
    func appendNew(_ row: UnsafePointer<UInt64>, hash: UInt64, parent: UInt32, action: UInt32) -> UInt32 {
        parents.append(parent)
        actions.append(action)
        return UInt32(truncatingIfNeeded: table.appendNew(row, hash: hash))
    }

    @inlinable func row(_ id: Int) -> UnsafePointer<UInt64> { table.row(id) }
    @inlinable func parent(of id: Int) -> UInt32 { parents[id] }
    @inlinable func action(of id: Int) -> UInt32 { actions[id] }
    @inlinable var bytes: Int { table.bytes + parents.bytes + actions.bytes }

    @inlinable
    var bytesAfterAppend: Int {
        table.bytesAfterAppend + parents.bytes(holding: count + 1) + actions.bytes(holding: count + 1)
    }

    @inlinable var omissionProbabilityBound: Double? { nil }
}

/// Stores a 64-bit fingerprint of each row: 8 bytes a state (at most 70%
/// full, so about 11 to 23) plus parents. Rows of the frontier live outside.
@usableFromInline
final class FingerprintStore: StateStore, @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var table: FingerprintTable
    @exclusivity(unchecked) @usableFromInline var parents: Column<UInt32>
    @exclusivity(unchecked) @usableFromInline var actions: Column<UInt32>

    @usableFromInline
    init() {
        table = FingerprintTable(capacity: 4096)
        parents = Column(capacity: 4096)
        actions = Column(capacity: 4096)
    }

    deinit {
        table.deallocate()
        parents.deallocate()
        actions.deallocate()
    }

    @inlinable static var keepsRows: Bool { false }
    @inlinable var count: Int { table.count }
    @inlinable var snapshot: FingerprintTable { table }

    @inlinable
    func contains(_ row: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
        table.contains(hash: hash)
    }

    @inlinable
    func appendNew(_ row: UnsafePointer<UInt64>, hash: UInt64, parent: UInt32, action: UInt32) -> UInt32 {
        parents.append(parent)
        actions.append(action)
        table.appendNew(hash: hash)
        return UInt32(truncatingIfNeeded: table.count - 1)
    }

    @inlinable
    func row(_ id: Int) -> UnsafePointer<UInt64> {
        preconditionFailure("FingerprintStore keeps no rows: the search must keep its own frontier")
    }

    @inlinable func parent(of id: Int) -> UInt32 { parents[id] }
    @inlinable func action(of id: Int) -> UInt32 { actions[id] }
    @inlinable var bytes: Int { table.bytes + parents.bytes + actions.bytes }

    @inlinable
    var bytesAfterAppend: Int {
        table.bytesAfterAppend + parents.bytes(holding: count + 1) + actions.bytes(holding: count + 1)
    }

    /// n(n-1)/2 pairs, each colliding with probability 2⁻⁶⁴: at most n²/2⁶⁵.
    @inlinable
    var omissionProbabilityBound: Double? {
        let n = Double(count)
        return min(1, n * n / 0x1p65)
    }
}
