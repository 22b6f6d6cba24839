extension Model {
    /// The execution context an action runs in: a task's for the calls a task
    /// makes and the migrations it starts, kswapd's for reclaim and demotion,
    /// hotplug's for offlining, irq's for the CRAM device's interrupt and
    /// pressure path; nil for calls with no context of their own.
    public func context(of action: Action) -> Int? {
        switch action {
        case let .alloc(c, _, t, _):
            // A private-node service allocates on its own behalf, not a task's.
            return scope.callers.indices.contains(c) && scope.callers[c].caller == .privateService ? nil : Context.task(t)
        case let .movePages(t, _, _), let .mbind(t, _), let .mbindMigrate(t, _), let .migrateMisplaced(t, _),
             let .pinLongterm(t, _), let .writeFault(t, _), let .mprotect(t, _, _), let .store(t, _, _):
            return Context.task(t)
        case let .migrateAlloc(c), let .migrateMove(c, _):
            return c
        case .demote, .demoteMigrateTo, .kswapdReclaim:
            return Context.kswapd
        case .offlinePages, .offlineMigrate, .offlineFinish, .offlineSignal:
            return Context.hotplug
        case .cramSetPressure, .cramIrq, .cramSetPressureBoost:
            return Context.irq
        case .addPrivateMemory, .register, .unregister, .setOps, .clearOps, .cramRegister, .onlinePages,
             .folioPut, .cramFlushWork, .compactZone, .memoryFailure:
            return nil
        }
    }
}
