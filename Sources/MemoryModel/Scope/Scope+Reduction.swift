/// Nodes, tasks and folio slots taken out of a scope, and the map that
/// carries a trace of the whole scope over to what is left: how the
/// minimizer drops what a counterexample does not need.
///
/// Indices are the base scope's. What is left is renumbered in order (nid 2
/// becomes nid 1 once nid 1 is out), and so are the callers and mempolicies
/// that only named what was taken out, which go with it.
public struct ScopeReduction: Codable, Hashable, Sendable {
    /// Nids taken out.
    public var nodes: [Int]
    /// Task indices taken out.
    public var tasks: [Int]
    /// Folio slots taken out.
    public var folios: [Int]

    public init(nodes: [Int] = [], tasks: [Int] = [], folios: [Int] = []) {
        self.nodes = nodes.sorted()
        self.tasks = tasks.sorted()
        self.folios = folios.sorted()
    }

    public var isEmpty: Bool { nodes.isEmpty && tasks.isEmpty && folios.isEmpty }

    /// This reduction and one more node, task or slot out.
    public func dropping(node: Int) -> ScopeReduction { .init(nodes: nodes + [node], tasks: tasks, folios: folios) }
    public func dropping(task: Int) -> ScopeReduction { .init(nodes: nodes, tasks: tasks + [task], folios: folios) }
    public func dropping(folio: Int) -> ScopeReduction { .init(nodes: nodes, tasks: tasks, folios: folios + [folio]) }

    /// This reduction, then `more` of what it leaves (numbered as in the
    /// reduced scope), as one reduction of `base`.
    public func adding(_ more: ScopeReduction, base: Scope) -> ScopeReduction {
        func lift(_ removed: [Int], _ count: Int, _ more: [Int]) -> [Int] {
            let kept = (0..<count).filter { !removed.contains($0) }
            return removed + more.compactMap { kept.indices.contains($0) ? kept[$0] : nil }
        }
        return ScopeReduction(nodes: lift(nodes, base.nodes.count, more.nodes), tasks: lift(tasks, base.tasks.count, more.tasks),
                              folios: lift(folios, base.folios, more.folios))
    }

    /// nil for the empty reduction (a file that keeps the whole scope says nothing).
    public var nilIfEmpty: ScopeReduction? { isEmpty ? nil : self }

    /// "without node 1, task 1": for people.
    public var description: String {
        let parts = nodes.map { "node \($0)" } + tasks.map { "task \($0)" } + folios.map { "folio \($0)" }
        return parts.isEmpty ? "the whole scope" : "without " + parts.joined(separator: ", ")
    }
}

/// Index i of `count` things, once `removed` are taken out: its new index, or nil.
private func renumber(_ i: Int, removing removed: [Int]) -> Int? {
    removed.contains(i) ? nil : i - removed.count { $0 < i }
}

extension Scope {
    /// The scope without what `reduction` takes out; nil when what is left
    /// is not a scope: no node, task or slot left, a task whose CPU's node
    /// is gone, a cpuset or starting policy left with no node.
    public func reduced(by reduction: ScopeReduction) -> Scope? {
        guard reduction.nodes.allSatisfy(nodes.indices.contains), reduction.tasks.allSatisfy(tasks.indices.contains),
              reduction.folios.allSatisfy((0..<folios).contains),
              nodes.count > reduction.nodes.count, tasks.count > reduction.tasks.count, folios > reduction.folios.count
        else { return nil }
        func nid(_ n: Int) -> Int? { renumber(n, removing: reduction.nodes) }
        func nids(_ list: [Int]) -> [Int] { list.compactMap(nid) }

        var out = self
        out.nodes = nodes.indices.compactMap { n in
            guard nid(n) != nil else { return nil }
            var node = nodes[n]
            node.distanceOrder = nids(node.distanceOrder)
            return node
        }
        out.folios = folios - reduction.folios.count
        var keptTasks: [TaskConfig] = []
        for (t, task) in tasks.enumerated() where renumber(t, removing: reduction.tasks) != nil {
            guard let cpuNode = nid(task.cpuNode) else { return nil }
            var task = task
            task.cpuNode = cpuNode
            if let cpuset = task.cpuset {
                task.cpuset = nids(cpuset)
                if task.cpuset?.isEmpty == true { return nil }
            }
            task.mempolicy.nodes = nids(task.mempolicy.nodes)
            if task.mempolicy.mode != MPOL.MPOL_DEFAULT && task.mempolicy.nodes.isEmpty { return nil }
            task.policies = task.policies.filter { !Self.lostItsNodes($0, reduction) }
                .map { MempolicyConfig(mode: $0.mode, nodes: nids($0.nodes)) }
            keptTasks.append(task)
        }
        out.tasks = keptTasks
        out.callers = callers.filter { caller in caller.nid.map { nid($0) != nil } ?? true }
            .map { CallerConfig($0.caller, gfp: $0.gfp, nid: $0.nid.flatMap(nid)) }
        return out
    }

    /// A policy that named nodes and named only nodes taken out goes with them.
    static func lostItsNodes(_ policy: MempolicyConfig, _ reduction: ScopeReduction) -> Bool {
        !policy.nodes.isEmpty && policy.nodes.allSatisfy(reduction.nodes.contains)
    }

    /// `action` of this (the base) scope in the reduced one; nil when it
    /// names something taken out.
    public func map(_ action: Action, by reduction: ScopeReduction) -> Action? {
        func nid(_ n: Int) -> Int? { renumber(n, removing: reduction.nodes) }
        func task(_ t: Int) -> Int? { renumber(t, removing: reduction.tasks) }
        func folio(_ f: Int) -> Int? { renumber(f, removing: reduction.folios) }
        func context(_ c: Int) -> Int? { c < Scope.maxTasks ? task(c) : c }
        func caller(_ c: Int) -> Int? {
            guard callers.indices.contains(c) else { return nil }
            let removed = callers.indices.filter { i in callers[i].nid.map { nid($0) == nil } ?? false }
            return renumber(c, removing: removed)
        }
        func policy(_ t: Int, _ p: Int) -> Int? {
            guard tasks.indices.contains(t) else { return nil }
            let removed = tasks[t].policies.indices.filter { Self.lostItsNodes(tasks[t].policies[$0], reduction) }
            return renumber(p, removing: removed)
        }
        switch action {
        case let .addPrivateMemory(n, b): return nid(n).map { .addPrivateMemory(nid: $0, block: b) }
        case let .register(n, owner): return nid(n).map { .register(nid: $0, owner: owner) }
        case let .unregister(n): return nid(n).map { .unregister(nid: $0) }
        case let .setOps(n, flags): return nid(n).map { .setOps(nid: $0, flags: flags) }
        case let .clearOps(n): return nid(n).map { .clearOps(nid: $0) }
        case let .cramRegister(n): return nid(n).map { .cramRegister(nid: $0) }
        case let .onlinePages(n, b): return nid(n).map { .onlinePages(nid: $0, block: b) }
        case let .offlinePages(n, b, remove): return nid(n).map { .offlinePages(nid: $0, block: b, remove: remove) }
        case let .offlineMigrate(f): return folio(f).map { .offlineMigrate(folio: $0) }
        case .offlineFinish, .offlineSignal, .demoteMigrateTo, .cramSetPressureBoost: return action
        case let .alloc(c, n, t, size):
            // nid -1: a caller that takes no nid.
            guard let c = caller(c), let t = task(t), let n = n < 0 ? n : nid(n) else { return nil }
            return .alloc(caller: c, nid: n, task: t, size: size)
        case let .folioPut(f): return folio(f).map { .folioPut(folio: $0) }
        case let .cramFlushWork(n): return nid(n).map { .cramFlushWork(nid: $0) }
        case let .movePages(t, f, n):
            guard let t = task(t), let f = folio(f), let n = nid(n) else { return nil }
            return .movePages(task: t, folio: f, nid: n)
        case let .mbind(t, p):
            guard let p = policy(t, p), let t = task(t) else { return nil }
            return .mbind(task: t, policy: p)
        case let .mbindMigrate(t, f): return task(t).flatMap { t in folio(f).map { .mbindMigrate(task: t, folio: $0) } }
        case let .migrateMisplaced(t, f): return task(t).flatMap { t in folio(f).map { .migrateMisplaced(task: t, folio: $0) } }
        case let .compactZone(f): return folio(f).map { .compactZone(folio: $0) }
        case let .pinLongterm(t, f): return task(t).flatMap { t in folio(f).map { .pinLongterm(task: t, folio: $0) } }
        case let .migrateAlloc(c): return context(c).map { .migrateAlloc(context: $0) }
        case let .migrateMove(c, size): return context(c).map { .migrateMove(context: $0, size: size) }
        case let .demote(f): return folio(f).map { .demote(folio: $0) }
        case let .writeFault(t, f): return task(t).flatMap { t in folio(f).map { .writeFault(task: t, folio: $0) } }
        case let .mprotect(t, f, write): return task(t).flatMap { t in folio(f).map { .mprotect(task: t, folio: $0, write: write) } }
        case let .store(t, f, size): return task(t).flatMap { t in folio(f).map { .store(task: t, folio: $0, size: size) } }
        case let .cramSetPressure(n, pressure): return nid(n).map { .cramSetPressure(nid: $0, pressure: pressure) }
        case let .cramIrq(n): return nid(n).map { .cramIrq(nid: $0) }
        case let .kswapdReclaim(f): return folio(f).map { .kswapdReclaim(folio: $0) }
        case let .memoryFailure(f): return folio(f).map { .memoryFailure(folio: $0) }
        }
    }
}
