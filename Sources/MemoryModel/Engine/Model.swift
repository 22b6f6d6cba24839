/// The executable model of one design in one scope: the initial state, the
/// actions the scope enables, and the step function.
///
/// The step is generic over `ValueAlgebra`: the explorer runs it on concrete
/// values, the prover on Z3 terms. Everything the scope fixes (how many
/// nodes, their kinds and drivers, distances) is plain Swift here; everything
/// that changes is in `ModelState`.
public struct Model: Sendable {
    public let scope: Scope
    public let design: Design
    public let mutant: Mutant?
    /// Every action the scope allows, in a fixed order (the explorer's order).
    public private(set) var actions: [Action]
    /// How a state packs into the explorer's words (`State+Packing.swift`).
    public private(set) var layout: StateLayout
    /// The permutations symmetry reduction uses (`Model+Symmetry.swift`).
    public private(set) var symmetry: StateSymmetry

    public var nodeCount: Int { scope.nodes.count }
    public var folioCount: Int { scope.folios }
    public var taskCount: Int { scope.tasks.count }

    public init(scope: Scope, design: Design, mutant: Mutant? = nil) throws(ModelError) {
        if let mutant, mutant.design != design {
            throw .mutantNotForDesign(mutant: mutant.rawValue, design: design.rawValue)
        }
        if design == .v4, scope.nodes.contains(where: { $0.device?.memtype == .zswap }) {
            throw .scopeNotForDesign(scope: scope.name, design: design.rawValue,
                                     reason: "zswap direct nodes are a v3 mechanism")
        }
        if design == .v3, scope.callers.contains(where: { $0.caller == .privateService }) {
            throw .scopeNotForDesign(scope: scope.name, design: design.rawValue,
                                     reason: "GFP_PRIVATE (private_service) is a v4 mechanism")
        }
        self.scope = scope
        self.design = design
        self.mutant = mutant
        self.actions = []
        self.layout = StateLayout()
        self.symmetry = StateSymmetry()
        self.actions = Self.enumerate(scope: scope, design: design, model: self)
        self.layout = StateLayout(model: self)
        self.symmetry = StateSymmetry(model: self)
    }

    // MARK: Structure the scope fixes

    @inline(__always) func isPrivate(_ n: Int) -> Bool { scope.nodes[n].kind == .private }
    @inline(__always) func device(_ n: Int) -> PrivateDevice? { scope.nodes[n].device }
    @inline(__always) func isCompressed(_ n: Int) -> Bool { device(n)?.isCompressed ?? false }
    @inline(__always) func isCRAM(_ n: Int) -> Bool { design == .v4 && device(n)?.memtype == .cram }
    @inline(__always) func has(_ m: Mutant) -> Bool { mutant == m }

    /// The callbacks the node's own driver supplies in its `node_private_ops`.
    func callbacks(_ n: Int) -> DriverCallbacks {
        switch device(n)?.memtype {
        case .cram: [.migrateTo, .folioMigrate, .freeFolio, .handleFault, .reclaimPolicy, .memoryFailure]
        case .demoteOnly: [.migrateTo, .folioMigrate]
        case .accelerator: [.memoryFailure]
        case .zswap, nil: []
        }
    }

    /// The other nids, nearest first (`node_distance` order).
    func distanceOrder(_ n: Int) -> [Int] {
        let given = scope.nodes[n].distanceOrder
        return given.isEmpty ? (0..<nodeCount).filter { $0 != n } : given
    }

    /// The nids of the compressed-device nodes v3 zswap stores to (`zswap_direct_nodes`).
    var zswapDirectNodes: UInt32 {
        var m: UInt32 = 0
        for n in 0..<nodeCount where device(n)?.memtype == .zswap { m |= 1 << n }
        return m
    }

    // MARK: Initial state

    /// Boot: DRAM nodes online with kswapd running; private nodes absent;
    /// tasks with their cpusets and starting mempolicies.
    public func initialState<A: ValueAlgebra>(_ a: A) -> ModelState<A> {
        var s = ModelState<A>(
            node: InlineArray(repeating: NodeState(a)),
            folio: InlineArray(repeating: FolioState(a)),
            task: InlineArray(repeating: TaskState(a)),
            ctx: InlineArray(repeating: ContextState(a))
        )
        for n in 0..<nodeCount where !isPrivate(n) {
            for b in 0..<scope.nodes[n].blocks {
                s.node[n].present[b] = a.bit(true)
                s.node[n].online[b] = a.bit(true)
            }
            s.node[n].N_MEMORY = a.bit(true)
            s.node[n].kswapd = a.bit(true)
        }
        for t in 0..<taskCount {
            let cfg = scope.tasks[t]
            s.task[t].mems_allowed = a.mask(effectiveMems(t))
            s.task[t].mode = a.num(cfg.mempolicy.mode)
            s.task[t].nodes = a.mask(Self.nodemask(cfg.mempolicy.nodes))
            s.task[t].il_prev = a.num(cfg.cpuNode)
        }
        return s
    }

    /// The cpuset's `effective_mems`: every node of the cpuset, private ones included.
    func effectiveMems(_ t: Int) -> UInt32 {
        Self.nodemask(scope.tasks[t].cpuset ?? Array(0..<nodeCount))
    }

    public static func nodemask(_ nids: [Int]) -> UInt32 {
        nids.reduce(0) { $0 | (1 << UInt32($1)) }
    }
}

/// Callbacks a driver's `node_private_ops` may supply (RFC v4 01/27).
public struct DriverCallbacks: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let migrateTo = Self(rawValue: 1 << 0)
    public static let folioMigrate = Self(rawValue: 1 << 1)
    public static let freeFolio = Self(rawValue: 1 << 2)
    public static let handleFault = Self(rawValue: 1 << 3)
    public static let reclaimPolicy = Self(rawValue: 1 << 4)
    public static let memoryFailure = Self(rawValue: 1 << 5)
}

public enum ModelError: Error, Equatable, CustomStringConvertible {
    case mutantNotForDesign(mutant: String, design: String)
    case scopeNotForDesign(scope: String, design: String, reason: String)

    public var description: String {
        switch self {
        case let .mutantNotForDesign(m, d): "mutant '\(m)' is not a mutant of design \(d)"
        case let .scopeNotForDesign(s, d, r): "scope '\(s)' does not apply to design \(d): \(r)"
        }
    }
}

/// The outcome of one step: whether the action was enabled, the next state,
/// and what the kernel call returned (0, an errno, a nid, a folio index).
public struct Step<A: ValueAlgebra> {
    public var enabled: A.Bit
    public var state: ModelState<A>
    public var ret: A.Num
}
