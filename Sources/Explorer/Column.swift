/// A growable array of plain values in one allocation, for the explorer's
/// per-state columns (rows, parent pointers, candidate keys).
///
/// Unlike `Array` it has no copy-on-write check or retain on the hot path;
/// its owner (a class) calls `deallocate()` in `deinit`. Not thread-safe:
/// the explorer's phases decide who may touch it (see `StateStore`).
@usableFromInline
struct Column<Element: BitwiseCopyable> {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    @usableFromInline
    func deallocate() {
        base.deallocate()
    }

    @inlinable
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inlinable @inline(__always)
    mutating func append(_ x: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = x
        count += 1
    }

    /// Appends `n` uninitialized-then-copied elements from `source`.
    @inlinable @inline(__always)
    mutating func append(contentsOf source: UnsafePointer<Element>, count n: Int) {
        if count + n > capacity { grow(to: Swift.max(capacity * 2, count + n)) }
        (base + count).update(from: source, count: n)
        count += n
    }

    /// The bytes the column holds after growing to hold `n` elements.
    @inlinable
    func bytes(holding n: Int) -> Int {
        var c = capacity
        while c < n { c *= 2 }
        return c * MemoryLayout<Element>.stride
    }

    @inlinable
    var bytes: Int { capacity * MemoryLayout<Element>.stride }

    @usableFromInline
    mutating func grow(to newCapacity: Int) {
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    @inlinable
    mutating func removeAll() {
        count = 0
    }
}
