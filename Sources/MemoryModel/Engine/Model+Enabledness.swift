/// A cheap necessary condition of an action's enabledness, for the explorer.
///
/// In a typical state most of the scope's actions are disabled: a folio
/// action on a free slot, a task's action on a folio it does not map, a step
/// of a multi-step operation whose context is idle. The step would find that
/// out only after copying the whole state and running the action. `mayFire`
/// reads the few fields that decide it and answers `false` only where the
/// step's own `enabled` is false.
///
/// It is not the semantics: the step alone decides what is enabled, and an
/// action `mayFire` lets through may still be disabled. Every conjunct
/// below is one of the conjuncts of the step function it names, so a
/// mutant (which never loosens these preconditions) keeps it sound.
/// `EnablednessTests` checks `step != nil ⇒ mayFire` on every action of
/// sampled reachable states of every shipped scope and mutant.
extension Model {
    public func mayFire(_ s: ModelState<ConcreteAlgebra>, _ action: Action) -> Bool {
        switch action {
        case let .addPrivateMemory(n, b):
            return !s.node[n].present[b]
        case let .onlinePages(n, b):
            return s.node[n].present[b] && !s.node[n].online[b]
        case let .offlinePages(n, b, _):
            return s.ctx[Context.hotplug].pc == PC.idle.rawValue && s.node[n].online[b]
        case let .offlineMigrate(f):
            return s.ctx[Context.hotplug].pc == PC.offlinePages.rawValue && s.folio[f].in_use
        case .offlineFinish, .offlineSignal:
            return s.ctx[Context.hotplug].pc == PC.offlinePages.rawValue
        case .register, .unregister, .setOps, .clearOps, .mbind:
            // Always enabled in v4 (they return an errno); v3's counts are cheap
            // enough that the step decides.
            return true
        case let .cramRegister(n):
            return !s.node[n].cram
        case .alloc:
            // freeSlot(): some slot is free.
            for f in 0..<folioCount where !s.folio[f].in_use { return true }
            return false
        case let .folioPut(f), let .compactZone(f), let .kswapdReclaim(f), let .memoryFailure(f):
            return s.folio[f].in_use
        case let .demote(f):
            return s.ctx[Context.kswapd].pc == PC.idle.rawValue && s.folio[f].in_use
        case let .cramFlushWork(n):
            return 0 < s.node[n].flush_pages
        case let .movePages(t, f, _):
            return s.ctx[t].pc == PC.idle.rawValue && mapsFolio(s, task: t, folio: f)
        case let .mbindMigrate(t, f), let .migrateMisplaced(t, f), let .pinLongterm(t, f):
            return mapsFolio(s, task: t, folio: f)
        case let .writeFault(t, f):
            return mapsFolio(s, task: t, folio: f) && !s.folio[f].writable
        case let .mprotect(t, f, write):
            return mapsFolio(s, task: t, folio: f) && s.folio[f].vm_write != write
        case let .store(t, f, _):
            return mapsFolio(s, task: t, folio: f) && s.folio[f].writable
        case let .migrateAlloc(c):
            return s.ctx[c].pc == PC.migrateAlloc.rawValue
        case let .migrateMove(c, _):
            return s.ctx[c].pc == PC.migrateMove.rawValue
        case .demoteMigrateTo:
            return s.ctx[Context.kswapd].pc == PC.demoteMigrateTo.rawValue
        case let .cramSetPressure(n, _):
            return s.ctx[Context.irq].pc == PC.idle.rawValue && s.node[n].cram
        case .cramIrq:
            return s.ctx[Context.irq].pc == PC.idle.rawValue
        case .cramSetPressureBoost:
            return s.ctx[Context.irq].pc == PC.cramSetPressureBoost.rawValue
        }
    }

    /// The folio is allocated and mapped into task `t`'s address space.
    @inline(__always)
    private func mapsFolio(_ s: ModelState<ConcreteAlgebra>, task t: Int, folio f: Int) -> Bool {
        s.folio[f].in_use && s.folio[f].mapped && s.folio[f].owner == t
    }
}
