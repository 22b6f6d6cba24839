/// Symmetry reduction: the representative of a state's class under the
/// permutations of folio slots and of identically configured tasks.
///
/// The group acts on a state by moving entries and renaming references:
/// a folio slot permutation ρ moves `folio[f]` to `folio[ρ(f)]` and renames
/// `ctx[c].folio` where the context holds a folio (its pc is migrateAlloc,
/// migrateMove or demoteMigrateTo; an idle context's `folio` is 0, not a
/// reference); a task permutation σ moves `task[t]` and its context `ctx[t]`
/// to σ(t) and renames folio owners. It acts on actions the same way
/// (`permuted(_:folios:tasks:)`), except that a `private_service`
/// allocation keeps its task: it runs as a kernel thread and never reads it.
///
/// The engine is symmetric under this group (SymmetryTests check
/// `canonical(next(πs, πa)) == canonical(next(s, a))`): every loop over
/// folios is a sum or an exact match on an index, freeing a folio resets its
/// slot to the initial values, so the allocator's lowest free slot is as good
/// as any; and a task enters the step only through its index-free config.
///
/// Nodes are not permuted: the engine breaks ties between nodes by nid
/// (`first_node`, `next_node_in`, distance-ordered zonelists, the first
/// demotion target), so even two identically configured private nodes are
/// not interchangeable in general.
public struct StateSymmetry: Sendable {
    /// The task permutations that are automorphisms of the scope, identity
    /// first: task t goes to `taskPermutations[i][t]`.
    public let taskPermutations: [[Int]]
    /// Whether folio slots are interchangeable (the action list treats them alike).
    public let foliosInterchangeable: Bool
    let folioCount: Int

    /// No symmetry, for a model under construction.
    public init() {
        taskPermutations = [[]]
        foliosInterchangeable = false
        folioCount = 0
    }

    /// The symmetries of `model`'s scope.
    public init(model: Model) {
        folioCount = model.folioCount
        let tasks = model.taskCount
        let actions = Set(model.actions)
        let identityFolios = Array(0..<model.folioCount)
        let identityTasks = Array(0..<tasks)
        func closed(folios: [Int], tasks: [Int]) -> Bool {
            actions.allSatisfy { actions.contains(model.permuted($0, folios: folios, tasks: tasks)) }
        }
        // Adjacent transpositions generate every permutation of the slots.
        foliosInterchangeable = (0..<max(0, model.folioCount - 1)).allSatisfy { f in
            var swap = identityFolios
            swap.swapAt(f, f + 1)
            return closed(folios: swap, tasks: identityTasks)
        }
        // A task may only go to a task configured exactly like it.
        taskPermutations = Self.permutations(of: tasks).filter { sigma in
            (0..<tasks).allSatisfy { model.scope.tasks[$0] == model.scope.tasks[sigma[$0]] }
                && closed(folios: identityFolios, tasks: sigma)
        }
    }

    /// Every permutation of 0..<count, identity first.
    static func permutations(of count: Int) -> [[Int]] {
        guard count > 0 else { return [[]] }
        return permutations(of: count - 1).flatMap { p in
            (0...p.count).reversed().map { i in
                var q = p
                q.insert(count - 1, at: i)
                return q
            }
        }
    }

    /// Whether the group is trivial.
    public var isTrivial: Bool { taskPermutations.count <= 1 && (!foliosInterchangeable || folioCount <= 1) }
}

extension Model {
    /// The representative of `state`'s class: for each task permutation,
    /// the state with that renaming and its folio slots sorted (in-use slots
    /// first, by their fields, then by which contexts hold them; free slots,
    /// all at their initial values, last); the least of these by packed words.
    public func canonicalize(_ state: inout State) {
        if symmetry.taskPermutations.count > 1 {
            state = canonical(state)
        } else if symmetry.foliosInterchangeable {
            Self.sortFolios(&state, slots: folioCount)
        }
    }

    public func canonical(_ state: State) -> State {
        let group = symmetry
        var best = group.foliosInterchangeable ? Self.sortedFolios(state, slots: folioCount) : state
        guard group.taskPermutations.count > 1 else { return best }
        for sigma in group.taskPermutations.dropFirst() {
            var candidate = Self.renamingTasks(state, sigma)
            if group.foliosInterchangeable { candidate = Self.sortedFolios(candidate, slots: folioCount) }
            if layout.precedes(candidate, best) { best = candidate }
        }
        return best
    }

    /// Whether the context holds a folio in its `folio` (isolated for migration).
    @inline(__always)
    static func holdsFolio(_ ctx: ContextState<ConcreteAlgebra>) -> Bool {
        ctx.pc == PC.migrateAlloc.rawValue || ctx.pc == PC.migrateMove.rawValue
            || ctx.pc == PC.demoteMigrateTo.rawValue
    }

    /// The state with its first `slots` folio slots (the scope's) in
    /// canonical order, references renamed.
    static func sortedFolios(_ s: State, slots: Int) -> State {
        var r = s
        sortFolios(&r, slots: slots)
        return r
    }

    /// `sortedFolios` in place; a state already in order (the common case)
    /// is left untouched.
    static func sortFolios(_ s: inout State, slots: Int) {
        var holders = InlineArray<6, UInt8>(repeating: 0)
        for c in 0..<Context.count where holdsFolio(s.ctx[c]) { holders[s.ctx[c].folio] |= 1 << UInt8(c) }
        var order = InlineArray<6, Int> { $0 }
        var moved = false
        // Insertion sort of six slots at most; equal keys are identical slots.
        for i in 1..<max(1, slots) {
            var j = i
            let moving = order[i]
            while j > 0 && folioPrecedes(s.folio[moving], holders[moving], s.folio[order[j - 1]], holders[order[j - 1]]) {
                order[j] = order[j - 1]
                j -= 1
                moved = true
            }
            order[j] = moving
        }
        guard moved else { return }
        let folios = s.folio
        var slotOf = InlineArray<6, Int>(repeating: 0)
        for k in 0..<slots {
            s.folio[k] = folios[order[k]]
            slotOf[order[k]] = k
        }
        for c in 0..<Context.count where holdsFolio(s.ctx[c]) { s.ctx[c].folio = slotOf[s.ctx[c].folio] }
    }

    /// The canonical order of folio slots: in use first, then by each field,
    /// then by the contexts holding the slot.
    @inline(__always)
    static func folioPrecedes(_ a: FolioState<ConcreteAlgebra>, _ ha: UInt8,
                              _ b: FolioState<ConcreteAlgebra>, _ hb: UInt8) -> Bool {
        @inline(__always) func key(_ x: Bool) -> Int { x ? 1 : 0 }
        if a.in_use != b.in_use { return a.in_use }
        if a.nid != b.nid { return a.nid < b.nid }
        if a.gfp != b.gfp { return a.gfp < b.gfp }
        if a.caller_gfp != b.caller_gfp { return a.caller_gfp < b.caller_gfp }
        if a.path != b.path { return a.path < b.path }
        if a.owner != b.owner { return a.owner < b.owner }
        if a.mapped != b.mapped { return key(a.mapped) < key(b.mapped) }
        if a.writable != b.writable { return key(a.writable) < key(b.writable) }
        if a.vm_write != b.vm_write { return key(a.vm_write) < key(b.vm_write) }
        if a.pinned != b.pinned { return key(a.pinned) < key(b.pinned) }
        if a.lru != b.lru { return key(a.lru) < key(b.lru) }
        if a.compressed_size != b.compressed_size { return a.compressed_size < b.compressed_size }
        if a.hwpoison != b.hwpoison { return key(a.hwpoison) < key(b.hwpoison) }
        return ha < hb
    }

    /// The state with task t and its context moved to `sigma[t]`, owners renamed.
    static func renamingTasks(_ s: State, _ sigma: [Int]) -> State {
        var r = s
        for t in sigma.indices {
            r.task[sigma[t]] = s.task[t]
            r.ctx[sigma[t]] = s.ctx[t]
        }
        for f in 0..<Scope.maxFolios where s.folio[f].owner >= 0 { r.folio[f].owner = sigma[s.folio[f].owner] }
        return r
    }

    // MARK: The group action

    /// `state` under a folio slot permutation (slot f goes to `folios[f]`)
    /// and a task permutation (task t goes to `tasks[t]`), scope-sized.
    public func permuted(_ state: State, folios rho: [Int], tasks sigma: [Int]) -> State {
        precondition(rho.count == folioCount && sigma.count == taskCount, "a permutation of the scope's slots and tasks")
        var r = Self.renamingTasks(state, sigma)
        let moved = r
        for f in 0..<folioCount { r.folio[rho[f]] = moved.folio[f] }
        for c in 0..<Context.count where Self.holdsFolio(r.ctx[c]) { r.ctx[c].folio = rho[r.ctx[c].folio] }
        return r
    }

    /// `action` under the same permutations.
    public func permuted(_ action: Action, folios rho: [Int], tasks sigma: [Int]) -> Action {
        func context(_ c: Int) -> Int { c < Scope.maxTasks ? sigma[c] : c }
        switch action {
        case let .offlineMigrate(f): return .offlineMigrate(folio: rho[f])
        case let .alloc(c, n, t, size):
            // private_service allocates as a kernel thread: its task is not used.
            return .alloc(caller: c, nid: n, task: scope.callers[c].caller == .privateService ? t : sigma[t], size: size)
        case let .folioPut(f): return .folioPut(folio: rho[f])
        case let .movePages(t, f, n): return .movePages(task: sigma[t], folio: rho[f], nid: n)
        case let .mbind(t, p): return .mbind(task: sigma[t], policy: p)
        case let .mbindMigrate(t, f): return .mbindMigrate(task: sigma[t], folio: rho[f])
        case let .migrateMisplaced(t, f): return .migrateMisplaced(task: sigma[t], folio: rho[f])
        case let .compactZone(f): return .compactZone(folio: rho[f])
        case let .pinLongterm(t, f): return .pinLongterm(task: sigma[t], folio: rho[f])
        case let .migrateAlloc(c): return .migrateAlloc(context: context(c))
        case let .migrateMove(c, size): return .migrateMove(context: context(c), size: size)
        case let .demote(f): return .demote(folio: rho[f])
        case let .writeFault(t, f): return .writeFault(task: sigma[t], folio: rho[f])
        case let .mprotect(t, f, write): return .mprotect(task: sigma[t], folio: rho[f], write: write)
        case let .store(t, f, size): return .store(task: sigma[t], folio: rho[f], size: size)
        case let .kswapdReclaim(f): return .kswapdReclaim(folio: rho[f])
        case let .memoryFailure(f): return .memoryFailure(folio: rho[f])
        case .addPrivateMemory, .register, .unregister, .setOps, .clearOps, .cramRegister, .onlinePages,
             .offlinePages, .offlineFinish, .offlineSignal, .cramFlushWork, .demoteMigrateTo, .cramSetPressure,
             .cramIrq, .cramSetPressureBoost:
            return action
        }
    }
}

extension StateLayout {
    /// Whether `a` packs to lexicographically smaller words than `b`.
    func precedes(_ a: ModelState<ConcreteAlgebra>, _ b: ModelState<ConcreteAlgebra>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * wordCount) { buffer in
            let x = UnsafeMutableBufferPointer(rebasing: buffer[0..<wordCount])
            let y = UnsafeMutableBufferPointer(rebasing: buffer[wordCount...])
            pack(a, into: x)
            pack(b, into: y)
            for i in 0..<wordCount where x[i] != y[i] { return x[i] < y[i] }
            return false
        }
    }
}
