/// The step function and the action list.
extension Model {
    /// Runs one action: whether it is enabled in `s`, the next state and
    /// the return value. The next state is meaningful only where enabled.
    public func step<A: ValueAlgebra>(_ s: ModelState<A>, _ action: Action, _ data: ActionData<A>, _ a: A) -> Step<A> {
        var next = s
        let (enabled, ret) = apply(&next, action, data, a)
        return Step(enabled: enabled, state: next, ret: ret)
    }

    /// The step in place: `next` starts as the pre-state and ends as the
    /// post-state, which is meaningful only where the action is enabled.
    /// The explorer calls this form so that a successor costs one copy of
    /// the state, not three.
    public func apply<A: ValueAlgebra>(_ next: inout ModelState<A>, _ action: Action, _ data: ActionData<A>,
                                       _ a: A) -> (enabled: A.Bit, ret: A.Num) {
        var enabled = a.bit(true)
        var ret = a.num(0)
        switch action {
        case let .addPrivateMemory(n, b):
            (enabled, ret) = addPrivateMemory(&next, nid: n, block: b, a)
        case let .register(n, owner):
            if design == .v4 {
                ret = nodePrivateRegister(&next, nid: n, owner: owner, a)
            } else {
                (enabled, ret) = nodeRegisterPrivateV3(&next, nid: n, owner: owner, a)
            }
        case let .unregister(n):
            (enabled, ret) = design == .v4 ? nodePrivateUnregister(&next, nid: n, a) : nodeUnregisterPrivateV3(&next, nid: n, a)
        case let .setOps(n, _):
            ret = nodePrivateSetOps(&next, nid: n, flags: data.mask, a)
        case let .clearOps(n):
            ret = nodePrivateClearOps(&next, nid: n, a)
        case let .cramRegister(n):
            (enabled, ret) = cramRegister(&next, nid: n, a)
        case let .onlinePages(n, b):
            enabled = onlinePages(&next, nid: n, block: b, a)
        case let .offlinePages(n, b, remove):
            enabled = offlinePagesStart(&next, nid: n, block: b, remove: remove, a)
        case let .offlineMigrate(f):
            (enabled, ret) = offlineMigrate(&next, folio: f, a)
        case .offlineFinish:
            (enabled, ret) = offlinePagesFinish(&next, a)
        case .offlineSignal:
            (enabled, ret) = offlinePagesSignal(&next, a)
        case let .alloc(c, n, t, _):
            (enabled, ret) = alloc(&next, caller: c, nid: n, task: t, data, a)
        case let .folioPut(f):
            enabled = folioPut(&next, folio: f, a)
        case let .cramFlushWork(n):
            enabled = cramFlushWork(&next, nid: n, a)
        case let .movePages(t, f, n):
            (enabled, ret) = movePages(&next, task: t, folio: f, nid: n, a)
        case let .mbind(t, p):
            ret = mbind(&next, task: t, policy: p, a)
        case let .mbindMigrate(t, f):
            enabled = mbindMigrate(&next, task: t, folio: f, a)
        case let .migrateMisplaced(t, f):
            enabled = migrateMisplaced(&next, task: t, folio: f, a)
        case let .compactZone(f):
            enabled = compactZone(&next, folio: f, a)
        case let .pinLongterm(t, f):
            (enabled, ret) = pinLongterm(&next, task: t, folio: f, a)
        case let .migrateAlloc(c):
            (enabled, ret) = migrateAlloc(&next, context: c, a)
        case let .migrateMove(c, _):
            (enabled, ret) = migrateMove(&next, context: c, size: data.value, a)
        case let .demote(f):
            enabled = demote(&next, folio: f, a)
        case .demoteMigrateTo:
            (enabled, ret) = demoteMigrateTo(&next, a)
        case let .writeFault(t, f):
            (enabled, ret) = writeFault(&next, task: t, folio: f, a)
        case let .mprotect(t, f, write):
            enabled = mprotect(&next, task: t, folio: f, write: write, a)
        case let .store(t, f, _):
            enabled = store(&next, task: t, folio: f, size: data.value, a)
        case let .cramSetPressure(n, _):
            enabled = cramSetPressure(&next, nid: n, pressure: data.value, a)
        case let .cramIrq(n):
            enabled = cramIrq(&next, nid: n, a)
        case .cramSetPressureBoost:
            enabled = cramSetPressureBoost(&next, a)
        case let .kswapdReclaim(f):
            enabled = kswapdReclaim(&next, folio: f, a)
        case let .memoryFailure(f):
            enabled = memoryFailure(&next, folio: f, a)
        }
        deviceInterrupts(&next, a)
        return (enabled, ret)
    }

    /// The data arguments of an action as concrete values.
    public func concreteData(_ action: Action) -> ActionData<ConcreteAlgebra> {
        switch action {
        case let .alloc(c, _, _, size): ActionData(mask: scope.callers[c].effectiveGFP, value: size)
        case let .setOps(_, flags): ActionData(mask: flags, value: 0)
        case let .migrateMove(_, size), let .store(_, _, size): ActionData(mask: 0, value: size)
        case let .cramSetPressure(_, p): ActionData(mask: 0, value: p)
        default: ActionData(mask: 0, value: 0)
        }
    }

    /// The concrete step: the explorer's and the simulator's.
    public func step(_ s: ModelState<ConcreteAlgebra>, _ action: Action) -> Step<ConcreteAlgebra>? {
        let result = step(s, action, concreteData(action), ConcreteAlgebra())
        return result.enabled ? result : nil
    }

    /// Every action of the scope, in the fixed order the explorer tries them.
    static func enumerate(scope: Scope, design: Design, model m: Model) -> [Action] {
        var out: [Action] = []
        let privates = (0..<scope.nodes.count).filter { m.isPrivate($0) }
        let compressed = privates.contains { m.isCompressed($0) }
        let sizes = compressed ? scope.compressedSizes : [0]
        let folios = 0..<scope.folios
        let tasks = 0..<scope.tasks.count
        for n in privates {
            for b in 0..<scope.nodes[n].blocks {
                out.append(.addPrivateMemory(nid: n, block: b))
                out.append(.onlinePages(nid: n, block: b))
                out.append(.offlinePages(nid: n, block: b, remove: false))
                if design == .v4 { out.append(.offlinePages(nid: n, block: b, remove: true)) }
            }
            out.append(.register(nid: n, owner: 1))
            out.append(.register(nid: n, owner: 2))
            out.append(.unregister(nid: n))
            if design == .v4 {
                if m.isCRAM(n) {
                    out.append(.cramRegister(nid: n))
                } else {
                    out.append(.setOps(nid: n, flags: scope.nodes[n].device?.ops ?? 0))
                }
                for flags in scope.setOpsChoices { out.append(.setOps(nid: n, flags: flags)) }
                out.append(.clearOps(nid: n))
            }
        }
        for f in folios { out.append(.offlineMigrate(folio: f)) }
        out.append(.offlineFinish)
        out.append(.offlineSignal)
        for (c, caller) in scope.callers.enumerated() {
            if caller.caller == .zswapStore && design != .v3 { continue }
            let nids = caller.caller.takesNid ? (caller.nid.map { [$0] } ?? Array(0..<scope.nodes.count)) : [-1]
            let callerTasks = caller.caller == .privateService ? [0] : Array(tasks)
            for t in callerTasks {
                for n in nids {
                    for size in sizes { out.append(.alloc(caller: c, nid: n, task: t, size: size)) }
                }
            }
        }
        for f in folios { out.append(.folioPut(folio: f)) }
        for t in tasks {
            for f in folios {
                for n in 0..<scope.nodes.count { out.append(.movePages(task: t, folio: f, nid: n)) }
                out.append(.mbindMigrate(task: t, folio: f))
                out.append(.migrateMisplaced(task: t, folio: f))
                out.append(.pinLongterm(task: t, folio: f))
                out.append(.writeFault(task: t, folio: f))
                out.append(.mprotect(task: t, folio: f, write: false))
                out.append(.mprotect(task: t, folio: f, write: true))
                if compressed { for size in sizes { out.append(.store(task: t, folio: f, size: size)) } }
            }
            for p in scope.tasks[t].policies.indices { out.append(.mbind(task: t, policy: p)) }
        }
        for f in folios { out.append(.compactZone(folio: f)) }
        // migrate_pages runs in a task's context (move_pages, mbind, NUMA
        // faults, longterm pins) and in kswapd's (v4 demotion); offline_pages
        // moves a folio in one step and the irq context never migrates.
        for c in 0..<Context.count where c < scope.tasks.count || (c == Context.kswapd && design == .v4) {
            out.append(.migrateAlloc(context: c))
            for size in sizes { out.append(.migrateMove(context: c, size: size)) }
        }
        if design == .v4 {
            for f in folios { out.append(.demote(folio: f)) }
            out.append(.demoteMigrateTo)
            for n in privates where m.isCRAM(n) {
                for p in scope.pressureValues { out.append(.cramSetPressure(nid: n, pressure: p)) }
                out.append(.cramIrq(nid: n))
                out.append(.cramFlushWork(nid: n))
            }
            out.append(.cramSetPressureBoost)
        }
        for f in folios { out.append(.kswapdReclaim(folio: f)) }
        for f in folios { out.append(.memoryFailure(folio: f)) }
        let excluded = Set(scope.excludedActions)
        return out.filter { !excluded.contains($0.family) }
    }
}
