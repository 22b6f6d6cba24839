/// Packing a concrete state into the explorer's fixed-width rows of words.
///
/// A `StateLayout` is computed once per model. It gives every field the
/// scope uses (a prefix of each fixed-size array, `Model.inScope`) a slot of
/// bits, sized for exactly the values the scope's actions can write there:
/// a field is stored as `value - base` when those values are contiguous, and
/// as its index in a sorted table otherwise (gfp masks, nodemasks, pressure).
/// A field with one possible value takes no bits. Slots follow one another
/// across word boundaries, in the order `ModelState.visit` names the fields.
///
/// Packing is exact: a value outside its field's set is a model bug (or a
/// stale layout after an engine change) and stops the run with the field's
/// name, rather than colliding with another state. Array entries the scope
/// does not use are not stored; they must hold their initial values, which
/// `pack` asserts in debug builds and `firstUnpackableField` reports.
public struct StateLayout: Sendable {
    /// Words of one packed state.
    public let wordCount: Int
    /// Bits actually used (the rest of the last word is zero).
    public let bitCount: Int
    @usableFromInline let shape: Shape
    @usableFromInline let slots: [Slot]
    /// The value tables of table-coded slots, one after another, each sorted.
    @usableFromInline let tables: [Int]

    /// The in-scope part of the fixed-size arrays.
    @usableFromInline
    struct Shape: Sendable {
        @usableFromInline var nodeCount: Int
        @usableFromInline var blocks: InlineArray<4, Int>
        @usableFromInline var folioCount: Int
        @usableFromInline var taskCount: Int

        @inlinable init(nodeCount: Int, blocks: InlineArray<4, Int>, folioCount: Int, taskCount: Int) {
            self.nodeCount = nodeCount
            self.blocks = blocks
            self.folioCount = folioCount
            self.taskCount = taskCount
        }
    }

    /// Where one field lives and how its value is coded.
    @usableFromInline
    struct Slot: Sendable {
        /// The smallest value (range-coded); unused for a table.
        @usableFromInline var base: Int
        /// Start of the field's table in `tables`, or -1 for a range.
        @usableFromInline var table: Int32
        /// How many values the field may take.
        @usableFromInline var count: Int32
        @usableFromInline var word: UInt16
        @usableFromInline var shift: UInt8
        @usableFromInline var width: UInt8
        /// Where the field lives in a `ModelState<ConcreteAlgebra>`'s memory.
        @usableFromInline var byteOffset: Int32
        @usableFromInline var kind: FieldKind

        @inlinable init(base: Int, table: Int, count: Int, offset: Int, width: Int, at field: FieldAddress) {
            self.base = base
            self.table = Int32(table)
            self.count = Int32(count)
            self.byteOffset = Int32(field.byteOffset)
            self.kind = field.kind
            word = UInt16(offset / 64)
            shift = UInt8(offset % 64)
            self.width = UInt8(width)
        }
    }

    /// A layout with no fields, for a model under construction.
    public init() {
        wordCount = 1
        bitCount = 0
        shape = Shape(nodeCount: 0, blocks: InlineArray(repeating: 0), folioCount: 0, taskCount: 0)
        slots = []
        tables = []
    }

    /// The layout of `model`'s states.
    public init(model: Model) {
        var blocks = InlineArray<4, Int>(repeating: 0)
        for n in 0..<model.nodeCount { blocks[n] = model.scope.nodes[n].blocks }
        let shape = Shape(nodeCount: model.nodeCount, blocks: blocks, folioCount: model.folioCount,
                          taskCount: model.taskCount)
        self.shape = shape
        var recorder = FieldRecorder()
        var prototype = model.initialState(ConcreteAlgebra())
        withUnsafeMutablePointer(to: &prototype) { state in
            recorder.base = UnsafeRawPointer(state)
            Self.walk(&state.pointee, shape, &recorder)
        }
        Self.checkAddresses(recorder.addresses)
        let domains = PackedDomains(model)
        var slots: [Slot] = []
        var tables: [Int] = []
        var offset = 0
        for (ref, address) in zip(recorder.fields, recorder.addresses) {
            let values = domains.values(ref)
            precondition(!values.isEmpty, "packing: \(ref.name) has no possible value")
            let width = values.count <= 1 ? 0 : Int.bitWidth - (values.count - 1).leadingZeroBitCount
            precondition(width <= 64, "packing: \(ref.name) needs \(width) bits")
            let contiguous = values.last! - values.first! == values.count - 1
            precondition(values.count <= Int(Int32.max) && tables.count + values.count <= Int(Int32.max)
                         && offset < 64 * Int(UInt16.max), "packing: \(ref.name) does not fit a layout")
            slots.append(Slot(base: values.first!, table: contiguous ? -1 : tables.count, count: values.count,
                              offset: offset, width: width, at: address))
            if !contiguous { tables += values }
            offset += width
        }
        self.slots = slots
        self.tables = tables
        bitCount = offset
        wordCount = max(1, (offset + 63) / 64)
    }

    // MARK: The explorer's hot path

    /// Writes `state` into `words` (exactly `wordCount` of them).
    ///
    /// One loop over the slots, reading each field at its byte offset in the
    /// state (recorded once by walking a state in place): no copy of the
    /// state, no per-field dispatch. The walk in `init` and these offsets
    /// name the same fields in the same order; `PackingTests` round-trips
    /// every sampled state through both.
    @inlinable
    public func pack(_ state: ModelState<ConcreteAlgebra>, into words: UnsafeMutableBufferPointer<UInt64>) {
        precondition(words.count == wordCount, "packing: a row has \(wordCount) words, not \(words.count)")
        assert(firstStrayField(state) == nil,
               "packing: \(firstStrayField(state)?.name ?? "") is outside the scope but not at its initial value")
        for i in 0..<wordCount { words[i] = 0 }
        withUnsafeBytes(of: state) { raw in
            slots.withUnsafeBufferPointer { slots in
                tables.withUnsafeBufferPointer { tables in
                    for index in slots.indices {
                        let slot = slots[index]
                        let value = slot.kind.load(raw, Int(slot.byteOffset))
                        let code = slot.table < 0 ? value &- slot.base : Self.search(value, tables, slot)
                        guard code >= 0 && code < Int(slot.count) else { outOfRange(index, value) }
                        if slot.width == 0 { continue }
                        let bits = UInt64(truncatingIfNeeded: code), shift = UInt64(slot.shift)
                        let word = Int(slot.word)
                        words[word] |= bits &<< shift
                        if shift + UInt64(slot.width) > 64 { words[word + 1] |= bits &>> (64 - shift) }
                    }
                }
            }
        }
    }

    /// The state `pack` wrote into `words`.
    @inlinable
    public func unpack(_ words: UnsafeBufferPointer<UInt64>) -> ModelState<ConcreteAlgebra> {
        precondition(words.count == wordCount, "packing: a row has \(wordCount) words, not \(words.count)")
        var s = Self.blank
        withUnsafeMutableBytes(of: &s) { raw in
            slots.withUnsafeBufferPointer { slots in
                tables.withUnsafeBufferPointer { tables in
                    for slot in slots {
                        var code = 0
                        if slot.width != 0 {
                            let word = Int(slot.word), shift = UInt64(slot.shift), width = UInt64(slot.width)
                            var bits = words[word] &>> shift
                            if shift + width > 64 { bits |= words[word + 1] &<< (64 - shift) }
                            if width < 64 { bits &= (1 &<< width) &- 1 }
                            code = Int(truncatingIfNeeded: bits)
                            assert(code < Int(slot.count), "packing: code \(code) of \(slot.count): not a packed row")
                        }
                        let value = slot.table < 0 ? slot.base &+ code : tables[Int(slot.table) + code]
                        slot.kind.store(value, raw, Int(slot.byteOffset))
                    }
                }
            }
        }
        return s
    }

    /// Stops the run: a field holds a value its slot cannot code, so the
    /// state cannot be stored exactly (a model bug, or a stale layout).
    @usableFromInline
    func outOfRange(_ index: Int, _ value: Int) -> Never {
        var recorder = FieldRecorder()
        var s = Self.blank
        Self.walk(&s, shape, &recorder)
        preconditionFailure("packing: \(recorder.fields[index].name) = \(value) is not a value this scope can produce")
    }

    /// Every field at its initial value (the engine's `ModelState` initial values).
    @usableFromInline
    static var blank: ModelState<ConcreteAlgebra> {
        let a = ConcreteAlgebra()
        return ModelState(node: InlineArray(repeating: NodeState(a)), folio: InlineArray(repeating: FolioState(a)),
                          task: InlineArray(repeating: TaskState(a)), ctx: InlineArray(repeating: ContextState(a)))
    }

    /// The recorded addresses are distinct, in the state, and aligned: the
    /// walk reached each field in place (an accessor that went through a
    /// temporary would break this) and no two fields share storage.
    static func checkAddresses(_ addresses: [FieldAddress]) {
        var seen = Set<Int32>()
        for field in addresses {
            precondition(field.byteOffset >= 0 && field.byteOffset + field.kind.size <= MemoryLayout<ModelState<ConcreteAlgebra>>.size
                         && field.byteOffset % field.kind.size == 0 && seen.insert(Int32(field.byteOffset)).inserted,
                         "packing: a field was not walked in place (offset \(field.byteOffset))")
        }
    }

    /// The index of `value` in the slot's sorted table, or -1.
    @inlinable @inline(__always)
    static func search(_ value: Int, _ tables: UnsafeBufferPointer<Int>, _ slot: Slot) -> Int {
        let start = Int(slot.table), count = Int(slot.count)
        var lo = 0
        if count <= 8 {
            // Small tables: count the smaller entries, without branches to
            // mispredict.
            for i in start..<(start + count) { lo &+= tables[i] < value ? 1 : 0 }
        } else {
            var hi = count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if tables[start + mid] < value { lo = mid + 1 } else { hi = mid }
            }
        }
        return lo < count && tables[start + lo] == value ? lo : -1
    }

    // MARK: Checks that do not stop the run

    /// The first array entry outside the scope that is not at its initial value.
    @inlinable
    func firstStrayField(_ state: ModelState<ConcreteAlgebra>) -> FieldRef? {
        var s = state
        var check = InitialCheck()
        for n in 0..<Scope.maxNodes {
            let from = n < shape.nodeCount ? shape.blocks[n] : 0
            for b in from..<Scope.maxBlocks {
                check.bit(&s.node[n].present[b], .block(n, .present, b))
                check.bit(&s.node[n].online[b], .block(n, .online, b))
                check.bit(&s.node[n].isolated[b], .block(n, .isolated, b))
            }
            if n >= shape.nodeCount { Self.walk(node: &s.node[n], n, blocks: 0, &check) }
        }
        for f in shape.folioCount..<Scope.maxFolios { Self.walk(folio: &s.folio[f], f, &check) }
        for t in shape.taskCount..<Scope.maxTasks {
            Self.walk(task: &s.task[t], t, &check)
            Self.walk(context: &s.ctx[t], t, &check)
        }
        return check.stray
    }

    /// Why `state` cannot be packed (a stray entry, or a field outside the
    /// values the layout allows), or nil when it can: the check `pack`
    /// makes, as a message instead of a trap.
    public func firstUnpackableField(_ state: ModelState<ConcreteAlgebra>) -> String? {
        if let stray = firstStrayField(state) { return "\(stray.name) is outside the scope but not initial" }
        var s = state
        var check = RangeCheck(layout: self)
        Self.walk(&s, shape, &check)
        return check.problem
    }

    /// Each stored field's qualified name (as `ModelState.visit` names it),
    /// its bits, and the values it may take.
    public var fieldDescriptions: [(name: String, bits: Int, values: [Int])] {
        var recorder = FieldRecorder()
        var s = Self.blank
        Self.walk(&s, shape, &recorder)
        return zip(recorder.fields, slots).map { ref, slot in
            let count = Int(slot.count), start = Int(slot.table)
            let values = start < 0 ? Array(slot.base..<(slot.base + count)) : Array(tables[start..<(start + count)])
            return (ref.name, Int(slot.width), values)
        }
    }

    @usableFromInline
    struct InitialCheck: FieldCoder {
        @usableFromInline var stray: FieldRef?
        @inlinable init() {}
        @inlinable static var writes: Bool { false }
        @inlinable mutating func code(_ value: Int, _ field: FieldRef) -> Int {
            if stray == nil && value != field.initialValue { stray = field }
            return value
        }
    }

    struct RangeCheck: FieldCoder {
        let layout: StateLayout
        var index = 0
        var problem: String?
        static var writes: Bool { false }
        mutating func code(_ value: Int, _ field: FieldRef) -> Int {
            let slot = layout.slots[index]
            index += 1
            let code = slot.table < 0 ? value &- slot.base
                : layout.tables.withUnsafeBufferPointer { StateLayout.search(value, $0, slot) }
            if problem == nil && !(code >= 0 && code < Int(slot.count)) {
                problem = "\(field.name) = \(value) is not a value this scope can produce"
            }
            return value
        }
    }

    struct FieldRecorder: FieldCoder {
        var fields: [FieldRef] = []
        /// With `base` set (a walk over a state in place): each field's address.
        var addresses: [FieldAddress] = []
        var base: UnsafeRawPointer?
        static var writes: Bool { false }
        static var locates: Bool { true }
        mutating func code(_ value: Int, _ field: FieldRef) -> Int {
            fields.append(field)
            return value
        }
        mutating func locate(_ address: UnsafeRawPointer, _ kind: FieldKind) {
            guard let base else { return }
            addresses.append(FieldAddress(byteOffset: address - base, kind: kind))
        }
    }
}

// MARK: - Walking the fields

/// Something that sees every stored field in order, as an integer, and may
/// replace it: packing reads, unpacking writes, the layout records names.
@usableFromInline
protocol FieldCoder {
    /// Whether the walk stores what `code` returns.
    static var writes: Bool { get }
    /// Whether the coder wants each field's address (`locate`).
    static var locates: Bool { get }
    mutating func code(_ value: Int, _ field: FieldRef) -> Int
    mutating func locate(_ address: UnsafeRawPointer, _ kind: FieldKind)
}

extension FieldCoder {
    @inlinable static var locates: Bool { false }
    @inlinable mutating func locate(_ address: UnsafeRawPointer, _ kind: FieldKind) {}

    @inlinable @inline(__always)
    mutating func bit(_ value: inout Bool, _ field: FieldRef) {
        if Self.locates { locate(UnsafeRawPointer(withUnsafeMutablePointer(to: &value) { $0 }), .bit) }
        let coded = code(value ? 1 : 0, field)
        if Self.writes { value = coded != 0 }
    }
    @inlinable @inline(__always)
    mutating func num(_ value: inout Int, _ field: FieldRef) {
        if Self.locates { locate(UnsafeRawPointer(withUnsafeMutablePointer(to: &value) { $0 }), .num) }
        let coded = code(value, field)
        if Self.writes { value = coded }
    }
    @inlinable @inline(__always)
    mutating func mask(_ value: inout UInt32, _ field: FieldRef) {
        if Self.locates { locate(UnsafeRawPointer(withUnsafeMutablePointer(to: &value) { $0 }), .mask) }
        let coded = code(Int(value), field)
        if Self.writes { value = UInt32(truncatingIfNeeded: coded) }
    }
}

/// How a field of each kind is stored in a concrete state: `Bool`, `Int` or
/// `UInt32` at a byte offset (the packing's view of `FieldKind`).
extension FieldKind {
    @inlinable var size: Int {
        switch self {
        case .bit: MemoryLayout<Bool>.size
        case .num: MemoryLayout<Int>.size
        case .mask: MemoryLayout<UInt32>.size
        }
    }

    @inlinable @inline(__always)
    func load(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        switch self {
        case .bit: raw.load(fromByteOffset: offset, as: Bool.self) ? 1 : 0
        case .num: raw.load(fromByteOffset: offset, as: Int.self)
        case .mask: Int(raw.load(fromByteOffset: offset, as: UInt32.self))
        }
    }

    @inlinable @inline(__always)
    func store(_ value: Int, _ raw: UnsafeMutableRawBufferPointer, _ offset: Int) {
        switch self {
        case .bit: raw.storeBytes(of: value != 0, toByteOffset: offset, as: Bool.self)
        case .num: raw.storeBytes(of: value, toByteOffset: offset, as: Int.self)
        case .mask: raw.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: offset, as: UInt32.self)
        }
    }
}

/// A field's place in a concrete state's memory.
@usableFromInline
struct FieldAddress: Sendable {
    @usableFromInline var byteOffset: Int
    @usableFromInline var kind: FieldKind
}

extension StateLayout {
    /// Visits the scope's fields in `ModelState.visit` order: nodes (with their
    /// blocks), folio slots, tasks, then the tasks' contexts and the kernel's.
    @inlinable @inline(__always)
    static func walk<C: FieldCoder>(_ s: inout ModelState<ConcreteAlgebra>, _ shape: Shape, _ c: inout C) {
        for n in 0..<shape.nodeCount { walk(node: &s.node[n], n, blocks: shape.blocks[n], &c) }
        for f in 0..<shape.folioCount { walk(folio: &s.folio[f], f, &c) }
        for t in 0..<shape.taskCount { walk(task: &s.task[t], t, &c) }
        for t in 0..<shape.taskCount { walk(context: &s.ctx[t], t, &c) }
        for k in Scope.maxTasks..<Context.count { walk(context: &s.ctx[k], k, &c) }
    }

    @inlinable @inline(__always)
    static func walk<C: FieldCoder>(node x: inout NodeState<ConcreteAlgebra>, _ n: Int, blocks: Int, _ c: inout C) {
        for b in 0..<blocks { c.bit(&x.present[b], .block(n, .present, b)) }
        for b in 0..<blocks { c.bit(&x.online[b], .block(n, .online, b)) }
        for b in 0..<blocks { c.bit(&x.isolated[b], .block(n, .isolated, b)) }
        c.bit(&x.N_MEMORY, .node(n, .N_MEMORY))
        c.bit(&x.N_MEMORY_PRIVATE, .node(n, .N_MEMORY_PRIVATE))
        c.bit(&x.N_PRIVATE, .node(n, .N_PRIVATE))
        c.bit(&x.pgdat_private, .node(n, .pgdat_private))
        c.num(&x.node_private, .node(n, .node_private))
        c.num(&x.refcount, .node(n, .refcount))
        c.bit(&x.ops, .node(n, .ops))
        c.mask(&x.ops_flags, .node(n, .ops_flags))
        c.bit(&x.migration_blocked, .node(n, .migration_blocked))
        c.num(&x.memtype, .node(n, .memtype))
        c.num(&x.nr_private_ops, .node(n, .nr_private_ops))
        c.num(&x.watermark_boost, .node(n, .watermark_boost))
        c.bit(&x.zone_boosted, .node(n, .zone_boosted))
        c.bit(&x.kswapd, .node(n, .kswapd))
        c.bit(&x.cram, .node(n, .cram))
        c.num(&x.pressure, .node(n, .pressure))
        c.bit(&x.purged, .node(n, .purged))
        c.bit(&x.memory_failure_notified, .node(n, .memory_failure_notified))
        c.num(&x.flush_pages, .node(n, .flush_pages))
        c.num(&x.flush_real, .node(n, .flush_real))
        c.num(&x.stale_real, .node(n, .stale_real))
        c.num(&x.irq, .node(n, .irq))
        c.bit(&x.irq_above, .node(n, .irq_above))
    }

    @inlinable @inline(__always)
    static func walk<C: FieldCoder>(folio x: inout FolioState<ConcreteAlgebra>, _ f: Int, _ c: inout C) {
        c.bit(&x.in_use, .folio(f, .in_use))
        c.num(&x.nid, .folio(f, .nid))
        c.mask(&x.gfp, .folio(f, .gfp))
        c.mask(&x.caller_gfp, .folio(f, .caller_gfp))
        c.num(&x.path, .folio(f, .path))
        c.num(&x.owner, .folio(f, .owner))
        c.bit(&x.mapped, .folio(f, .mapped))
        c.bit(&x.writable, .folio(f, .writable))
        c.bit(&x.vm_write, .folio(f, .vm_write))
        c.bit(&x.pinned, .folio(f, .pinned))
        c.bit(&x.lru, .folio(f, .lru))
        c.num(&x.compressed_size, .folio(f, .compressed_size))
        c.bit(&x.hwpoison, .folio(f, .hwpoison))
    }

    @inlinable @inline(__always)
    static func walk<C: FieldCoder>(task x: inout TaskState<ConcreteAlgebra>, _ t: Int, _ c: inout C) {
        c.mask(&x.mems_allowed, .task(t, .mems_allowed))
        c.num(&x.mode, .task(t, .mode))
        c.mask(&x.nodes, .task(t, .nodes))
        c.mask(&x.flags, .task(t, .flags))
        c.num(&x.il_prev, .task(t, .il_prev))
    }

    @inlinable @inline(__always)
    static func walk<C: FieldCoder>(context x: inout ContextState<ConcreteAlgebra>, _ k: Int, _ c: inout C) {
        c.num(&x.pc, .ctx(k, .pc))
        c.num(&x.folio, .ctx(k, .folio))
        c.num(&x.nid, .ctx(k, .nid))
        c.num(&x.arg, .ctx(k, .arg))
        c.mask(&x.gfp, .ctx(k, .gfp))
        c.mask(&x.nodemask, .ctx(k, .nodemask))
        c.bit(&x.use_nodemask, .ctx(k, .use_nodemask))
        c.num(&x.reason, .ctx(k, .reason))
        c.bit(&x.via_migrate_to, .ctx(k, .via_migrate_to))
        c.num(&x.dst_nid, .ctx(k, .dst_nid))
    }
}

/// One field of the state, by entry and name (`node[1].pressure`).
@usableFromInline
enum FieldRef: Sendable, Equatable {
    case node(Int, NodeField)
    case block(Int, BlockField, Int)
    case folio(Int, FolioField)
    case task(Int, TaskField)
    case ctx(Int, ContextField)

    @usableFromInline
    enum NodeField: String, Sendable {
        case N_MEMORY, N_MEMORY_PRIVATE, N_PRIVATE, pgdat_private, node_private, refcount, ops, ops_flags,
             migration_blocked, memtype, nr_private_ops, watermark_boost, zone_boosted, kswapd, cram, pressure,
             purged, memory_failure_notified, flush_pages, flush_real, stale_real, irq, irq_above
    }
    @usableFromInline
    enum BlockField: String, Sendable { case present, online, isolated }
    @usableFromInline
    enum FolioField: String, Sendable {
        case in_use, nid, gfp, caller_gfp, path, owner, mapped, writable, vm_write, pinned, lru, compressed_size,
             hwpoison
    }
    @usableFromInline
    enum TaskField: String, Sendable { case mems_allowed, mode, nodes, flags, il_prev }
    @usableFromInline
    enum ContextField: String, Sendable {
        case pc, folio, nid, arg, gfp, nodemask, use_nodemask, reason, via_migrate_to, dst_nid
    }

    /// The qualified name `ModelState.visit` gives the field.
    @usableFromInline
    var name: String {
        switch self {
        case let .node(n, f): "node[\(n)].\(f.rawValue)"
        case let .block(n, f, b): "node[\(n)].\(f.rawValue)[\(b)]"
        case let .folio(i, f): "folio[\(i)].\(f.rawValue)"
        case let .task(t, f): "task[\(t)].\(f.rawValue)"
        case let .ctx(k, f): "ctx[\(k)].\(f.rawValue)"
        }
    }

    /// The field's value in `ModelState`'s initial values (`State.swift`):
    /// 0 or false, except a folio's owner (-1).
    @inlinable
    var initialValue: Int {
        if case .folio(_, .owner) = self { return -1 }
        return 0
    }
}

// MARK: - What each field can hold

/// The values each field can take in the model's states, read off the
/// engine's writes and the model's action list: a field no action of the
/// scope writes keeps its initial value and takes no bits. Sets are exact
/// where that is cheap (gfp masks, pressures, compressed sizes) and
/// over-approximate elsewhere (every subset of a policy's nodemask, every
/// nid for a folio).
struct PackedDomains {
    let model: Model
    let v4: Bool
    /// Per node and block: whether add/online/offline actions touch it.
    var adds = Set<[Int]>(), onlines = Set<[Int]>(), offlines = Set<[Int]>()
    var registerOwners: [Set<Int>]
    var opsFlags: [Set<Int>]
    var cramRegistered: [Bool]
    /// Pressures `cram_set_pressure` may set on the node, after clamping.
    var pressures: [Set<Int>]
    var offlineBlocks = Set<Int>(), offlineRemoves = Set<Int>()
    /// Per task, the targets of its move_pages calls.
    var moveTargets: [Set<Int>]
    var mbindMigrates: [Bool], misplaced: [Bool], pins: [Bool], writeFaults: [Bool]
    var mbindPolicies: [[MempolicyConfig]]
    var allocCallers = Set<Int>()
    var userOwners = Set<Int>()
    var sizes: Set<Int> = [0]
    var demotes = false, offlineMigrates = false, compacts = false, memoryFailures = false

    init(_ model: Model) {
        self.model = model
        v4 = model.design == .v4
        let nodes = model.nodeCount, tasks = model.taskCount
        registerOwners = Array(repeating: [], count: nodes)
        opsFlags = Array(repeating: [], count: nodes)
        cramRegistered = Array(repeating: false, count: nodes)
        pressures = Array(repeating: [], count: nodes)
        moveTargets = Array(repeating: [], count: tasks)
        mbindMigrates = Array(repeating: false, count: tasks)
        misplaced = mbindMigrates
        pins = mbindMigrates
        writeFaults = mbindMigrates
        mbindPolicies = Array(repeating: [], count: tasks)
        for action in model.actions {
            switch action {
            case let .addPrivateMemory(n, b):
                adds.insert([n, b])
                if v4 { registerOwners[n].insert(1) }  // add_private_memory_driver_managed registers owner 1
            case let .onlinePages(n, b): onlines.insert([n, b])
            case let .offlinePages(n, b, remove):
                offlines.insert([n, b])
                offlineBlocks.insert(b)
                offlineRemoves.insert(remove ? 1 : 0)
            case let .register(n, owner): registerOwners[n].insert(owner)
            case let .setOps(n, flags): opsFlags[n].insert(Int(flags))
            case let .cramRegister(n):
                cramRegistered[n] = true
                opsFlags[n].insert(Int(model.device(n)?.ops ?? 0))
            case let .cramSetPressure(n, p): pressures[n].insert(min(p, CRAM.CRAM_PRESSURE_MAX))
            case let .cramIrq(n): pressures[n].formUnion([CRAM.CRAM_PRESSURE_MAX, 0])  // lthresh, hthresh
            case let .alloc(c, _, t, size):
                allocCallers.insert(c)
                sizes.insert(size)
                if model.scope.callers[c].caller == .pageFault { userOwners.insert(t) }
            case let .store(_, _, size), let .migrateMove(_, size): sizes.insert(size)
            case let .movePages(t, _, n): moveTargets[t].insert(n)
            case let .mbind(t, p): mbindPolicies[t].append(model.scope.tasks[t].policies[p])
            case let .mbindMigrate(t, _): mbindMigrates[t] = true
            case let .migrateMisplaced(t, _): misplaced[t] = true
            case let .pinLongterm(t, _): pins[t] = true
            case let .writeFault(t, _): writeFaults[t] = true  // migrates only in v4 (cram_fault)
            case .demote: demotes = true
            case .offlineMigrate: offlineMigrates = true
            case .compactZone: compacts = true
            case .memoryFailure: memoryFailures = true
            default: break
            }
        }
        // Every migration starts on a mapped folio (one on the LRU, for
        // offline_pages): a task migrates only folios it faulted in, and
        // without user folios nothing migrates, demotes or compacts.
        for t in 0..<tasks where !userOwners.contains(t) {
            moveTargets[t] = []
            mbindMigrates[t] = false
            misplaced[t] = false
            pins[t] = false
            writeFaults[t] = false
        }
        if userOwners.isEmpty {
            demotes = false
            offlineMigrates = false
            compacts = false
        }
    }

    /// The field's possible values, sorted, without repeats.
    func values(_ field: FieldRef) -> [Int] {
        let set: Set<Int> = switch field {
        case let .block(n, f, b): block(n, f, b)
        case let .node(n, f): node(n, f)
        case let .folio(_, f): folio(f)
        case let .task(t, f): task(t, f)
        case let .ctx(k, f): k < Scope.maxTasks ? taskContext(k, f) : kernelContext(k, f)
        }
        return set.sorted()
    }

    private static let bit: Set<Int> = [0, 1]
    private func bit(_ varies: Bool, else constant: Int = 0) -> Set<Int> { varies ? Self.bit : [constant] }
    private func nids() -> Set<Int> { Set(0..<model.nodeCount) }
    private var privates: Set<Int> { Set((0..<model.nodeCount).filter(model.isPrivate)) }

    // MARK: Nodes

    /// DRAM blocks are online from boot and no action offlines them.
    private func block(_ n: Int, _ f: FieldRef.BlockField, _ b: Int) -> Set<Int> {
        let boot = model.isPrivate(n) ? 0 : 1
        let key = [n, b]
        switch f {
        case .present: return bit(adds.contains(key), else: boot)
        case .online: return bit(adds.contains(key) || onlines.contains(key) || offlines.contains(key), else: boot)
        case .isolated: return bit(offlines.contains(key))
        }
    }

    private func node(_ n: Int, _ f: FieldRef.NodeField) -> Set<Int> {
        let boot = model.isPrivate(n) ? 0 : 1
        let hotplugged = (0..<model.scope.nodes[n].blocks).contains {
            adds.contains([n, $0]) || onlines.contains([n, $0]) || offlines.contains([n, $0])
        }
        let registered = !registerOwners[n].isEmpty
        let cram = model.isCRAM(n)
        let pressured = cram && !pressures[n].isEmpty
        let interrupts = v4 && model.device(n)?.lowThreshold != nil
        let flushes = cram && !model.has(.noScrubOnFree)
        let stale = model.isCompressed(n) && (!v4 || (cram && model.has(.noScrubOnFree)))
        switch f {
        case .N_MEMORY: return bit(hotplugged, else: boot)
        case .N_MEMORY_PRIVATE: return bit(v4 && hotplugged)
        case .N_PRIVATE: return bit(!v4 && registered)
        case .pgdat_private, .ops: return bit(v4 && registered && (f == .pgdat_private || !opsFlags[n].isEmpty))
        case .node_private: return v4 ? registerOwners[n].union([0]) : [0]
        case .refcount:
            // 1 for the registration, plus one per context holding a
            // node_private_migrate_to reference: a task's move_pages, kswapd's demotion.
            guard v4 && registered else { return [0] }
            let holders = moveTargets.filter { $0.contains(n) }.count + (demotes ? 1 : 0)
            return Set(0...(1 + holders))
        case .ops_flags: return v4 ? opsFlags[n].union([0]) : [0]
        case .migration_blocked: return bit(pressured && pressures[n].contains { CRAM.CRAM_PRESSURE_MAX <= $0 })
        case .memtype:
            // node_register_private: owner 1 registers the node's own memtype, owner 2 another.
            guard !v4 else { return [0] }
            let own = NodeMemtype(model.device(n)?.memtype ?? .accelerator).rawValue
            let other = own == NodeMemtype.NODE_MEM_ACCELERATOR.rawValue
                ? NodeMemtype.NODE_MEM_COMPRESSED.rawValue : NodeMemtype.NODE_MEM_ACCELERATOR.rawValue
            return Set(registerOwners[n].map { $0 == 1 ? own : other }).union([0])
        case .nr_private_ops: return !v4 && registered ? [0, 1, 2] : [0]
        case .watermark_boost:
            // cram_set_pressure's boost: managed * p / CRAM_PRESSURE_MAX.
            guard pressured else { return [0] }
            var boosts: Set<Int> = [0]
            for p in pressures[n] {
                for pages in 1...max(1, model.scope.nodes[n].pages) { boosts.insert(p * pages / CRAM.CRAM_PRESSURE_MAX) }
            }
            return boosts
        case .zone_boosted: return bit(pressured)
        case .kswapd: return bit(hotplugged || cramRegistered[n], else: boot)
        case .cram: return bit(cramRegistered[n])
        case .pressure: return cram ? pressures[n].union([0]) : [0]
        case .purged: return [0]  // nothing in the engine sets cram_node->purged
        case .memory_failure_notified:
            return bit(v4 && model.isPrivate(n) && model.callbacks(n).contains(.memoryFailure) && memoryFailures)
        case .flush_pages: return flushes ? Set(0...max(0, model.scope.flushBuffer)) : [0]
        case .flush_real:
            guard flushes else { return [0] }
            return Self.sums(of: sizes, upTo: model.scope.flushBuffer, cap: nil)
        case .stale_real:
            guard stale else { return [0] }
            // staleAfterFree saturates at the real capacity plus a page.
            let cap = (model.device(n)?.realCapacity ?? 0) + model.scope.pageUnits
            return Self.sums(of: sizes, upTo: nil, cap: cap)
        case .irq: return interrupts ? [0, 1, 2] : [0]
        case .irq_above: return bit(interrupts)
        }
    }

    /// Sums of `count` (or any number of) terms from `terms`, saturating at `cap`.
    static func sums(of terms: Set<Int>, upTo count: Int?, cap: Int?) -> Set<Int> {
        precondition(terms.allSatisfy { $0 >= 0 }, "packing: compressed sizes must not be negative")
        var all: Set<Int> = [0]
        var frontier: Set<Int> = [0]
        var rounds = 0
        while !frontier.isEmpty && rounds < (count ?? Int.max) {
            var next = Set<Int>()
            for x in frontier {
                for t in terms {
                    let sum = cap.map { x + t <= $0 ? x + t : $0 } ?? x + t
                    if all.insert(sum).inserted { next.insert(sum) }
                }
            }
            frontier = next
            rounds += 1
        }
        return all
    }

    // MARK: Folios

    /// Whether user folios exist: only a page fault maps a folio, and only a
    /// mapped folio is on the LRU, migrates, is pinned or owned.
    private var userFolios: Bool { !userOwners.isEmpty }

    private func folio(_ f: FieldRef.FolioField) -> Set<Int> {
        switch f {
        case .in_use: return Self.bit
        case .nid: return nids()
        case .gfp:
            var masks = allocGFPs
            for t in 0..<model.taskCount { masks.formUnion(taskContext(t, .gfp)) }
            masks.formUnion(kernelContext(Context.kswapd, .gfp))
            if offlineMigrates { masks.insert(Int(Self.offlineGFP)) }
            return masks
        case .caller_gfp: return Set(allocCallers.map { Int(model.scope.callers[$0].effectiveGFP) }).union([0])
        case .path:
            var paths: Set<Int> = [Path.none.rawValue]
            for c in allocCallers { paths.insert(Path(model.scope.callers[c].caller).rawValue) }
            for t in 0..<model.taskCount {
                // 0 is an idle context's reason, not a migration's.
                for r in taskContext(t, .reason) where r != 0 { paths.insert(Self.reasonPath(r)) }
            }
            if demotes { paths.insert(Path.demotion.rawValue) }
            if offlineMigrates { paths.insert(Path.hotplug.rawValue) }
            if compacts { paths.insert(Path.compaction.rawValue) }
            return paths
        case .owner: return userOwners.union([-1])
        case .mapped, .writable, .vm_write, .lru: return bit(userFolios)
        case .pinned: return bit(userFolios && pins.contains(true))
        case .compressed_size: return sizes
        case .hwpoison: return bit(memoryFailures)
        }
    }

    private static func reasonPath(_ raw: Int) -> Int {
        MigrateReason(rawValue: raw).map { $0.path.rawValue } ?? Path.none.rawValue
    }

    /// The masks an allocation stores in `folio.gfp`: the caller's, with
    /// __GFP_PRIVATE under MPOL_F_PRIVATE (a user fault) or __GFP_THISNODE
    /// when slub's first try succeeds (kmalloc_node).
    private var allocGFPs: Set<Int> {
        var masks: Set<Int> = [0]
        let fPrivate = (0..<model.taskCount).contains { task($0, .flags).contains(Int(MPOL.MPOL_F_PRIVATE)) }
        for c in allocCallers {
            let m = model.scope.callers[c].effectiveGFP
            masks.insert(Int(m))
            switch model.scope.callers[c].caller {
            case .pageFault where fPrivate: masks.insert(Int(m | GFP.__GFP_PRIVATE))
            case .kmallocNode: masks.insert(Int(m | GFP.__GFP_THISNODE))
            default: break
            }
        }
        return masks
    }

    // The gfp masks of the engine's migrations (Model+Migrate.swift,
    // Model+CRAM.swift, Model+Hotplug.swift). A change there that is not
    // made here stops `pack` with the field's name; PackingTests find it.
    static let movePagesGFP = GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE
    static let mbindGFP = GFP.GFP_HIGHUSER_MOVABLE
    static let misplacedGFP = (GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE | GFP.__GFP_NOMEMALLOC
        | GFP.__GFP_NORETRY | GFP.__GFP_NOWARN) & ~GFP.__GFP_RECLAIM
    static let pinGFP = GFP.GFP_USER | GFP.__GFP_NOWARN
    static let promotionGFP = GFP.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL
    static let offlineGFP = GFP.GFP_USER | GFP.__GFP_MOVABLE | GFP.__GFP_RETRY_MAYFAIL

    // MARK: Tasks and contexts

    private func task(_ t: Int, _ f: FieldRef.TaskField) -> Set<Int> {
        let cfg = model.scope.tasks[t]
        let policies = mbindPolicies[t]
        switch f {
        case .mems_allowed: return [Int(model.effectiveMems(t))]
        case .mode: return Set(policies.map(\.mode)).union([cfg.mempolicy.mode])
        case .nodes:
            // mpol_set_nodemask keeps a nonempty part of the requested mask.
            var masks: Set<Int> = [Int(Model.nodemask(cfg.mempolicy.nodes))]
            for p in policies {
                if p.mode == MPOL.MPOL_DEFAULT { masks.insert(0); continue }
                let requested = Int(Model.nodemask(p.nodes))
                var sub = requested
                while sub != 0 {
                    masks.insert(sub)
                    sub = (sub - 1) & requested
                }
            }
            return masks
        case .flags:
            let privateMask = policies.contains { p in
                p.mode != MPOL.MPOL_DEFAULT && p.nodes.contains { $0 < model.nodeCount && model.isPrivate($0) }
            }
            return v4 && privateMask ? [0, Int(MPOL.MPOL_F_PRIVATE)] : [0]
        case .il_prev:
            // Advances to next_node_in(il_prev, nodes) under MPOL_INTERLEAVE:
            // -1 only for an empty interleave mask (a scope's starting policy).
            var values: Set<Int> = [cfg.cpuNode]
            var masks = policies.filter { $0.mode == MPOL.MPOL_INTERLEAVE }.map(\.nodes)
            if cfg.mempolicy.mode == MPOL.MPOL_INTERLEAVE { masks.append(cfg.mempolicy.nodes) }
            for m in masks { values.formUnion(m.isEmpty ? [-1] : m) }
            return values
        }
    }

    /// A task's context: the migrations the task starts.
    private func taskContext(_ t: Int, _ f: FieldRef.ContextField) -> Set<Int> {
        guard t < model.taskCount else { return [0] }
        let moves = !moveTargets[t].isEmpty
        // pin_user_pages migrates only a v4 private folio (v3 pins in place);
        // a write fault migrates only through v4's cram_fault.
        let pinMigrates = v4 && pins[t], promotes = v4 && writeFaults[t]
        let migrates = moves || mbindMigrates[t] || misplaced[t] || pinMigrates || promotes
        let toPrivate = v4 && moveTargets[t].contains { model.isPrivate($0) }
        let cpuNode = model.scope.tasks[t].cpuNode
        switch f {
        case .pc: return migrates ? [PC.idle.rawValue, PC.migrateAlloc.rawValue, PC.migrateMove.rawValue] : [0]
        case .folio: return migrates ? Set(0..<model.folioCount) : [0]
        case .nid:
            var nids = moveTargets[t].union([0])
            if misplaced[t] || promotes { nids.insert(cpuNode) }
            if pinMigrates { nids.formUnion(self.nids()) }  // the folio's own node
            if mbindMigrates[t] {
                // policy_node: a node of the policy's mask, or the local node;
                // first_node() of an empty starting mask is -1.
                nids.formUnion(self.nids())
                let start = model.scope.tasks[t].mempolicy
                if start.mode != MPOL.MPOL_DEFAULT && start.nodes.isEmpty { nids.insert(-1) }
            }
            return nids
        case .arg: return [0]
        case .gfp:
            var masks: Set<Int> = [0]
            if moves { masks.insert(Int(Self.movePagesGFP)) }
            if toPrivate { masks.insert(Int(model.cramAllocGFP)) }
            if mbindMigrates[t] {
                masks.insert(Int(Self.mbindGFP))
                if task(t, .flags).count > 1 { masks.insert(Int(Self.mbindGFP | GFP.__GFP_PRIVATE)) }
            }
            if misplaced[t] { masks.insert(Int(Self.misplacedGFP)) }
            if pinMigrates { masks.insert(Int(Self.pinGFP)) }
            if promotes { masks.insert(Int(Self.promotionGFP)) }
            return masks
        case .nodemask: return mbindMigrates[t] ? task(t, .nodes).union([0, Int(UInt32.max)]) : [0]
        case .use_nodemask: return bit(mbindMigrates[t])
        case .reason:
            var reasons: Set<Int> = [0]
            if moves { reasons.insert(MigrateReason.MR_SYSCALL.rawValue) }
            if mbindMigrates[t] { reasons.insert(MigrateReason.MR_MEMPOLICY_MBIND.rawValue) }
            if misplaced[t] { reasons.insert(MigrateReason.MR_NUMA_MISPLACED.rawValue) }
            if pinMigrates { reasons.insert(MigrateReason.MR_LONGTERM_PIN.rawValue) }
            if promotes { reasons.insert(MigrateReason.MR_PROMOTION.rawValue) }
            return reasons
        case .via_migrate_to: return bit(toPrivate)
        case .dst_nid: return migrates ? nids() : [0]
        }
    }

    /// kswapd (demotion), hotplug (offline_pages) and irq (cram_set_pressure).
    private func kernelContext(_ k: Int, _ f: FieldRef.ContextField) -> Set<Int> {
        switch k {
        case Context.kswapd:
            guard v4 && demotes else { return [0] }
            switch f {
            case .pc: return [0, PC.demoteMigrateTo.rawValue, PC.migrateAlloc.rawValue, PC.migrateMove.rawValue]
            case .folio: return Set(0..<model.folioCount)
            case .nid: return privates.union([0])  // next_demotion_node: a private node
            case .gfp: return [0, Int(model.cramAllocGFP)]
            case .reason: return [0, MigrateReason.MR_DEMOTION.rawValue]
            case .via_migrate_to: return Self.bit
            case .dst_nid: return nids()
            case .arg, .nodemask, .use_nodemask: return [0]
            }
        case Context.hotplug:
            let nids = Set(offlines.map { $0[0] })
            guard !nids.isEmpty else { return [0] }
            switch f {
            case .pc: return [0, PC.offlinePages.rawValue]
            case .nid: return nids.union([0])
            case .arg: return offlineBlocks.union([0])
            case .reason: return offlineRemoves.union([0])
            default: return [0]
            }
        default:
            let nids = Set((0..<model.nodeCount).filter { !pressures[$0].isEmpty })
            guard !nids.isEmpty else { return [0] }
            switch f {
            case .pc: return [0, PC.cramSetPressureBoost.rawValue]
            case .nid: return nids.union([0])
            case .arg: return nids.reduce(into: [0]) { $0.formUnion(pressures[$1]) }
            default: return [0]
            }
        }
    }
}
