import Testing
@testable import Explorer

/// The row set and fingerprint set under growth, and the hash pinned (a
/// fingerprint-mode state count depends on it).
@Suite struct StoreTests {
    @Test func rowTableFindsEveryRowAcrossRehashes() {
        var table = RowTable(words: 3, capacity: 4)
        defer { table.deallocate() }
        var row: [UInt64] = [0, 0, 0]
        for i in 0..<5_000 {
            row = [UInt64(i), UInt64(i) &* 31, 7]
            let hash = row.withUnsafeBufferPointer { RowHash.hash($0.baseAddress!, count: 3) }
            let (inserted, index) = row.withUnsafeBufferPointer { table.insert($0.baseAddress!, hash: hash) }
            #expect(inserted && index == i)
        }
        #expect(table.count == 5_000)
        for i in [0, 1, 2_500, 4_999] {
            row = [UInt64(i), UInt64(i) &* 31, 7]
            let hash = row.withUnsafeBufferPointer { RowHash.hash($0.baseAddress!, count: 3) }
            #expect(row.withUnsafeBufferPointer { table.find($0.baseAddress!, hash: hash) } == i)
            #expect(row.withUnsafeBufferPointer { table.insert($0.baseAddress!, hash: hash) }.inserted == false)
            #expect(Array(UnsafeBufferPointer(start: table.row(i), count: 3)) == row)
        }
        row = [5_000, 0, 7]
        let hash = row.withUnsafeBufferPointer { RowHash.hash($0.baseAddress!, count: 3) }
        #expect(row.withUnsafeBufferPointer { table.find($0.baseAddress!, hash: hash) } == nil)
        // At most 70% full.
        #expect(table.count * 10 <= table.slotCount * 7)
        table.removeAll()
        #expect(table.count == 0)
        #expect(row.withUnsafeBufferPointer { table.find($0.baseAddress!, hash: hash) } == nil)
    }

    @Test func fingerprintTableAcrossRehashes() {
        var table = FingerprintTable(capacity: 4)
        defer { table.deallocate() }
        for i in 0..<5_000 { table.appendNew(hash: UInt64(i) &* 0x9E37_79B9_7F4A_7C15) }
        #expect(table.count == 5_000)
        #expect(table.contains(hash: 0))  // stored as 1, found as 1
        #expect(table.contains(hash: 4_999 &* 0x9E37_79B9_7F4A_7C15))
        #expect(!table.contains(hash: 12_345))
    }

    @Test func exactStoreKeepsParents() {
        let store = ExactStore(words: 1)
        var row: UInt64 = 10
        let root = store.appendNew(&row, hash: RowHash.hash(&row, count: 1), parent: rootParent, action: 0)
        row = 11
        let child = store.appendNew(&row, hash: RowHash.hash(&row, count: 1), parent: root, action: 2)
        #expect(root == 0 && child == 1)
        #expect(store.parent(of: 1) == 0 && store.action(of: 1) == 2)
        #expect(store.parent(of: 0) == rootParent)
        #expect(store.contains(&row, hash: RowHash.hash(&row, count: 1)))
        #expect(store.bytesAfterAppend >= store.bytes)
    }

    @Test func hashIsPinned() {
        var words: [UInt64] = [1, 2, 3]
        #expect(RowHash.hash(&words, count: 3) == 15_441_473_855_575_732_204)
        #expect(RowHash.hash(&words, count: 0) == 8_848_935_107_335_307_795)
    }
}

@Suite struct StatisticsTests {
    @Test func descriptionSaysTheBoundAndTheVacuity() throws {
        let r = try explore(Grid(width: 1, height: 3), .with(storage: .fingerprint), [.reachable("x=1") { $0.x == 1 }])
        let text = r.statistics.description
        #expect(text.hasPrefix("states 3, transitions 4, depth 2\n"))
        // 3² / 2⁶⁵ = 2.44e-19
        #expect(text.contains("fingerprints: probability that a state was omitted <= 2.4e-19"))
        #expect(text.contains("actions that never fired: 0"))
        #expect(text.contains("reachable 'x=1' was not witnessed"))
        #expect((r.statistics.peakMemoryBytes ?? 0) > 0)
        #expect(ExplorationStatistics.fixed(0.96, 1) == "1.0")
        #expect(ExplorationStatistics.scientific(9.96e-5) == "1.0e-4")
    }
}
