import Testing
import CheckerCore
@testable import MemoryModel

// Shared machinery of the kernel-behaviour tables (Kernel*Tests.swift).
//
// Every table is a list of `KCase`s: a scope, the actions that set the scene
// (each must be enabled), one action under test, what the kernel returns for
// it (or that it cannot happen), and checks on the state after it. Each case
// names the kernel function and the RFC patch its expectation comes from;
// /work/shared/spec/kernel-semantics.md has the citations.

typealias KState = ModelState<ConcreteAlgebra>

/// What the action under test must do.
enum KExpect: Sendable, CustomStringConvertible {
    /// Enabled, returning this value (0, a negative errno, a folio slot, a nid).
    case ret(Int)
    /// Enabled; the return value is not the point.
    case enabled
    /// Not possible in this state (the model's step returns nil).
    case disabled

    var description: String {
        switch self {
        case let .ret(v): Errno.describe(v)
        case .enabled: "enabled"
        case .disabled: "disabled"
        }
    }
}

/// One row of a table.
struct KCase: Sendable, CustomTestStringConvertible {
    var name: String
    var design: Design = .v4
    var mutant: Mutant? = nil
    var scope: Scope
    var setup: [Action]
    var action: Action
    var expect: KExpect
    /// Checks on the state after the action (before it, for `.disabled`).
    var check: @Sendable (Model, KState) -> Void = { _, _ in }

    var testDescription: String { name }
}

/// Applies `actions` in order from `start` (the initial state by default).
/// A disabled action records an issue naming it and ends the run; the
/// returned values then hold `Int.min` for it and every later action, so
/// the result always has one value per action.
func kRun(_ model: Model, _ actions: [Action], from start: KState? = nil,
          sourceLocation: SourceLocation = #_sourceLocation) -> (state: KState, rets: [Int], ok: Bool) {
    var s = start ?? model.initialState(ConcreteAlgebra())
    var rets: [Int] = []
    for (i, action) in actions.enumerated() {
        guard let r = model.step(s, action) else {
            Issue.record("setup step \(i) is disabled: \(model.describe(action))", sourceLocation: sourceLocation)
            rets += Array(repeating: Int.min, count: actions.count - i)
            return (s, rets, false)
        }
        s = r.state
        rets.append(r.ret)
    }
    return (s, rets, true)
}

/// The same, without recording anything: stops at the first disabled action.
struct KAttempt {
    var state: KState
    var rets: [Int]
    /// The first action that was disabled, if any.
    var disabled: Action?
    var last: Int? { rets.last }
}

func kAttempt(_ model: Model, _ actions: [Action]) -> KAttempt {
    var s = model.initialState(ConcreteAlgebra())
    var rets: [Int] = []
    for action in actions {
        guard let r = model.step(s, action) else { return KAttempt(state: s, rets: rets, disabled: action) }
        s = r.state
        rets.append(r.ret)
    }
    return KAttempt(state: s, rets: rets, disabled: nil)
}

/// Runs one table row.
func kVerify(_ c: KCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let model = try Model(scope: c.scope, design: c.design, mutant: c.mutant)
    let (s, _, ok) = kRun(model, c.setup, sourceLocation: sourceLocation)
    guard ok else { return }
    let what = model.describe(c.action)
    let r = model.step(s, c.action)
    switch c.expect {
    case .disabled:
        let ran = r != nil
        #expect(!ran, "\(what) should be impossible here, but the model ran it (ret \(r.map { Errno.describe($0.ret) } ?? ""))",
                sourceLocation: sourceLocation)
        c.check(model, s)
    case .enabled:
        guard let r else {
            Issue.record("\(what) is disabled; the kernel runs it here", sourceLocation: sourceLocation)
            return
        }
        c.check(model, r.state)
    case let .ret(v):
        guard let r else {
            Issue.record("\(what) is disabled; the kernel returns \(Errno.describe(v))", sourceLocation: sourceLocation)
            return
        }
        #expect(r.ret == v, "\(what) returned \(Errno.describe(r.ret)); the kernel returns \(Errno.describe(v))",
                sourceLocation: sourceLocation)
        c.check(model, r.state)
    }
}

// MARK: - Scenes

/// The allocation callers every scope of these tables has, by index.
enum KCaller {
    static let pageFault = 0
    static let kmalloc = 1
    static let kmallocNode = 2
    static let kernel = 3          // alloc_pages_node(nid, GFP_KERNEL)
    static let highuser = 4        // alloc_pages_node(nid, GFP_HIGHUSER_MOVABLE)
    static let kernelThisnode = 5  // alloc_pages_node(nid, GFP_KERNEL|__GFP_THISNODE)
    static let privateService = 6  // alloc_pages_node(nid, GFP_PRIVATE) (v4 only)
    static let atomic = 7          // alloc_pages_node(nid, GFP_ATOMIC) (v4 only)

    static let v4: [CallerConfig] = [
        CallerConfig(.pageFault), CallerConfig(.kmalloc), CallerConfig(.kmallocNode),
        CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL),
        CallerConfig(.allocPagesNode, gfp: GFP.GFP_HIGHUSER_MOVABLE),
        CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL | GFP.__GFP_THISNODE),
        CallerConfig(.privateService),
        CallerConfig(.allocPagesNode, gfp: GFP.GFP_ATOMIC),
    ]
    /// v3 has no GFP_PRIVATE (the model refuses a private_service caller).
    static let v3: [CallerConfig] = Array(v4.prefix(6))
}

enum KOps {
    static let MIGRATION = NPOps.NP_OPS_MIGRATION
    static let MEMPOLICY = NPOps.NP_OPS_MEMPOLICY
    static let DEMOTION = NPOps.NP_OPS_DEMOTION
    static let PROTECT_WRITE = NPOps.NP_OPS_PROTECT_WRITE
    static let RECLAIM = NPOps.NP_OPS_RECLAIM
    static let NUMA_BALANCING = NPOps.NP_OPS_NUMA_BALANCING
    static let COMPACTION = NPOps.NP_OPS_COMPACTION
    static let LONGTERM_PIN = NPOps.NP_OPS_LONGTERM_PIN
    /// What the fixture's CRAM driver registers (cram_register).
    static let cram = MIGRATION | DEMOTION | PROTECT_WRITE | RECLAIM
    /// Every flag a node may have at once (MEMPOLICY excludes PROTECT_WRITE).
    static let permissive = MIGRATION | MEMPOLICY | DEMOTION | RECLAIM | NUMA_BALANCING | COMPACTION | LONGTERM_PIN
}

/// The fixture (DRAM nid 0: 3 pages, watermarks min 0 / low 0 / high 1;
/// private nid 1: `privateBlocks` blocks of 1 page) with this file's callers.
func kScope(
    design: Design = .v4, memtype: PrivateDevice.Memtype = .cram, ops: UInt32 = KOps.cram,
    privateBlocks: Int = 2, folios: Int = 4, cpuset: [Int]? = [0, 1],
    policies: [MempolicyConfig] = [.init(mode: MPOL.MPOL_BIND, nodes: [1])],
    cpusetsEnabled: Bool = true, flushBuffer: Int = 1
) -> Scope {
    var s = Fixtures.scope(memtype: memtype, ops: ops, privateBlocks: privateBlocks, folios: folios, cpuset: cpuset,
                           policies: policies, callers: design == .v4 ? KCaller.v4 : KCaller.v3)
    s.cpusetsEnabled = cpusetsEnabled
    s.flushBuffer = flushBuffer
    return s
}

/// Action sequences that set common scenes.
enum KSetup {
    /// v4: the CRAM driver adds and onlines `blocks` blocks of nid 1
    /// (add_private_memory_driver_managed registers it) and calls cram_register.
    static func cramOnline(blocks: Int = 1) -> [Action] {
        (0..<blocks).map { Action.addPrivateMemory(nid: 1, block: $0) } + [.cramRegister(nid: 1)]
    }

    /// v4: a non-CRAM driver adds nid 1's first block and sets these ops.
    static func privateOnline(flags: UInt32?) -> [Action] {
        [.addPrivateMemory(nid: 1, block: 0)] + (flags.map { [Action.setOps(nid: 1, flags: $0)] } ?? [])
    }

    /// v3: node_register_private (sets N_PRIVATE), then add and online block 0.
    static let v3Online: [Action] = [.register(nid: 1, owner: 1), .addPrivateMemory(nid: 1, block: 0)]

    /// `n` anonymous page faults of task 0 (default policy: its local node 0).
    static func faults(_ n: Int) -> [Action] {
        Array(repeating: Action.alloc(caller: KCaller.pageFault, nid: -1, task: 0, size: 0), count: n)
    }

    static let fault = Action.alloc(caller: KCaller.pageFault, nid: -1, task: 0, size: 0)

    /// A full demotion of folio `f` by kswapd into nid 1, compressing to `size`.
    static func demote(_ f: Int, size: Int = 1) -> [Action] {
        [.demote(folio: f), .demoteMigrateTo, .migrateAlloc(context: Context.kswapd),
         .migrateMove(context: Context.kswapd, size: size)]
    }

    /// cram_set_pressure(1, p), both halves.
    static func pressure(_ p: Int) -> [Action] {
        [.cramSetPressure(nid: 1, pressure: p), .cramSetPressureBoost]
    }

    /// CRAM online with one block, two DRAM folios (0, 1; DRAM at its high
    /// watermark, so kswapd reclaims) and folio 0 demoted into CRAM.
    static func demoted(size: Int = 1) -> [Action] {
        cramOnline() + faults(2) + demote(0, size: size)
    }
}

/// A node's folios.
func kFolios(on n: Int, _ model: Model, _ s: KState) -> [Int] {
    (0..<model.folioCount).filter { s.folio[$0].in_use && s.folio[$0].nid == n }
}

// MARK: - The machinery itself

@Test func kRunStopsAtADisabledActionAndKeepsOneValuePerAction() throws {
    let model = try Model(scope: kScope(), design: .v4)
    // demote is disabled at boot (no folio); everything after it is skipped.
    let a = kAttempt(model, [.register(nid: 1, owner: 1), .demote(folio: 0), .unregister(nid: 1)])
    #expect(a.rets == [0])
    #expect(a.disabled == .demote(folio: 0))
    let r = kRun(model, KSetup.cramOnline())
    #expect(r.ok && r.rets == [0, 0])
}
