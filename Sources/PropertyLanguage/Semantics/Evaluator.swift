import MemoryModel

/// One step, as a transition property sees it.
public struct StepView<A: ValueAlgebra> {
    public var pre: ModelState<A>
    public var action: Action
    public var data: ActionData<A>
    public var ret: A.Num
    public var post: ModelState<A>

    public init(pre: ModelState<A>, action: Action, data: ActionData<A>, ret: A.Num, post: ModelState<A>) {
        self.pre = pre
        self.action = action
        self.data = data
        self.ret = ret
        self.post = post
    }
}

/// A step's return value: known (the prover's, a replay's), or computed on
/// demand (the explorer's: most transition properties read `ret` only
/// behind a guard on the action, and computing it reruns the step).
enum ReturnValue<A: ValueAlgebra> {
    case known(A.Num)
    case computed(() -> A.Num)
}

/// Evaluates checked properties in the engine's value algebra: on concrete
/// states for the explorer, on Z3 terms for the prover. There is no other
/// reading of a property: the prover's encoding is this evaluator run on
/// symbolic states.
///
/// Quantifiers unroll over the scope's nodes, folios, tasks and contexts.
/// An index the state computes (`node[f.nid]`) selects with an `ite` chain
/// when it is not known; an index outside the array reads as false, 0 or an
/// empty mask, so `task[f.owner]` of a kernel folio (owner -1) is all zero.
public struct PropertyEvaluator<A: ValueAlgebra> {
    public let model: Model
    public let algebra: A

    public init(model: Model, algebra: A) {
        self.model = model
        self.algebra = algebra
    }

    /// An invariant's or a reachable property's body in `state`.
    public func evaluate(_ property: CheckedProperty, in state: ModelState<A>) -> A.Bit {
        precondition(property.kind != .transition, "\(property.name) is a transition property")
        return withUnsafePointer(to: state) { state in
            bool(property.body, Frame(current: state, pre: state, post: state, step: nil), Bindings())
        }
    }

    /// A transition property's body on one step.
    public func evaluate(_ property: CheckedProperty, on step: StepView<A>) -> A.Bit {
        evaluate(property, pre: step.pre, post: step.post,
                 StepFacts(action: step.action, data: step.data, returnValue: .known(step.ret)))
    }

    /// A transition property's body on (pre, post) and what it reads of the step.
    func evaluate(_ property: CheckedProperty, pre: ModelState<A>, post: ModelState<A>, _ facts: StepFacts) -> A.Bit {
        precondition(property.kind == .transition, "\(property.name) is not a transition property")
        return withUnsafePointer(to: pre) { pre in
            withUnsafePointer(to: post) { post in
                bool(property.body, Frame(current: pre, pre: pre, post: post, step: facts), Bindings())
            }
        }
    }

    /// The states and the step a property reads. The states are borrowed
    /// for the evaluation (a state is large; reading a field through a
    /// pointer copies the field, not the state).
    struct Frame {
        var current: UnsafePointer<ModelState<A>>
        var pre: UnsafePointer<ModelState<A>>
        var post: UnsafePointer<ModelState<A>>
        var step: StepFacts?

        func state(_ selector: StateSelector) -> UnsafePointer<ModelState<A>> {
            switch selector {
            case .current: current
            case .pre: pre
            case .post: post
            }
        }
    }

    /// What a transition property reads of the step besides its states.
    struct StepFacts {
        var action: Action
        var data: ActionData<A>
        var returnValue: ReturnValue<A>

        var ret: A.Num {
            switch returnValue {
            case .known(let value): value
            case .computed(let compute): compute()
            }
        }
    }

    /// Quantifier variables' values, by nesting level.
    struct Bindings {
        var values = InlineArray<8, Int>(repeating: 0)
        func bound(_ level: Int, to value: Int) -> Bindings {
            var copy = self
            copy.values[level] = value
            return copy
        }
    }

    // MARK: - Booleans

    func bool(_ term: BoolTerm, _ frame: Frame, _ env: Bindings) -> A.Bit {
        let a = algebra
        switch term {
        case .constant(let value): return a.bit(value)
        case .not(let t): return !bool(t, frame, env)
        case .and(let l, let r): return bool(l, frame, env) && bool(r, frame, env)
        case .or(let l, let r): return bool(l, frame, env) || bool(r, frame, env)
        case .implies(let l, let r): return !bool(l, frame, env) || bool(r, frame, env)
        case .same(let l, let r):
            let x = bool(l, frame, env), y = bool(r, frame, env)
            return (x && y) || (!x && !y)
        case .compare(let l, let op, let r):
            let x = num(l, frame, env), y = num(r, frame, env)
            switch op {
            case .equal: return x == y
            case .less: return x < y
            case .lessOrEqual: return x <= y
            }
        case .maskEqual(let l, let r): return mask(l, frame, env) == mask(r, frame, env)
        case .has(let m, let bits):
            let b = mask(bits, frame, env)
            if let known = b.known { return mask(m, frame, env).all(known) }
            return (mask(m, frame, env) & b) == b
        case .inMask(let nid, let m):
            let word = mask(m, frame, env)
            return select(num(nid, frame, env), count: 32, a.bit(false)) { word.any(1 << UInt32($0)) }
        case .nodeBit(let ref, let field):
            return read(ref, frame, env, a.bit(false)) { s, n in field.read(s.pointee.node[n]) }
        case .nodeBlock(let ref, let field, let block):
            let b = num(block, frame, env)
            return read(ref, frame, env, a.bit(false)) { s, n in
                select(b, count: model.scope.nodes[n].blocks, a.bit(false)) { field.read(s.pointee.node[n], $0) }
            }
        case .nodeDerived(let ref, let field):
            return read(ref, frame, env, a.bit(false)) { s, n in derived(field, s.pointee, n) }
        case .fallback(let ref, let zone):
            let z = num(zone, frame, env)
            return read(ref, frame, env, a.bit(false)) { s, n in
                select(z, count: model.nodeCount, a.bit(false)) { model.inFallbackList(s.pointee, preferred: n, zone: $0, a) }
            }
        case .folioBit(let ref, let field):
            return read(ref, frame, env, a.bit(false)) { s, f in field.read(s.pointee.folio[f]) }
        case .contextBit(let ref, let field):
            return read(ref, frame, env, a.bit(false)) { s, c in field.read(s.pointee.ctx[c]) }
        case .forall(let binder, let body):
            var all = a.bit(true)
            for i in 0..<count(binder.kind) {
                let inner = env.bound(binder.level, to: i)
                all = all && (!member(binder, i, frame, inner) || bool(body, frame, inner))
                if all.known == false { break }
            }
            return all
        case .exists(let binder, let body):
            var any = a.bit(false)
            for i in 0..<count(binder.kind) {
                let inner = env.bound(binder.level, to: i)
                any = any || (member(binder, i, frame, inner) && bool(body, frame, inner))
                if any.known == true { break }
            }
            return any
        case .actionIs(let families):
            return a.bit(families.contains(frame.step!.action.family(model.design)))
        case .actionFlag(let argument):
            return a.bit(PropertyEvaluator.argument(argument, of: frame.step!.action) == 1)
        }
    }

    /// Whether element `i` of a quantifier's range is in it: the node state and the `where` filter.
    func member(_ binder: Binder, _ i: Int, _ frame: Frame, _ env: Bindings) -> A.Bit {
        var inRange = algebra.bit(true)
        if let state = binder.nodeState { inRange = state.read(frame.current.pointee.node[i]) }
        guard let condition = binder.condition else { return inRange }
        return inRange && bool(condition, frame, env)
    }

    func count(_ kind: EntityKind) -> Int {
        switch kind {
        case .node: model.nodeCount
        case .folio: model.folioCount
        case .task: model.taskCount
        case .context: Context.count
        }
    }

    func derived(_ field: NodeDerivedBit, _ s: ModelState<A>, _ n: Int) -> A.Bit {
        let a = algebra
        switch field {
        case .is_private: return a.bit(model.scope.nodes[n].kind == .private)
        case .compressed: return a.bit(model.scope.nodes[n].device?.isCompressed ?? false)
        case .populated: return model.populated(s, n, a)
        case .oom_eligible: return model.nodeOOMEligible(s, n, a)
        }
    }

    // MARK: - Integers

    func num(_ term: NumTerm, _ frame: Frame, _ env: Bindings) -> A.Num {
        let a = algebra
        switch term {
        case .constant(let value): return a.num(value)
        case .index(let ref): return index(ref.index, frame, env)
        case .nodeField(let ref, let field):
            return read(ref, frame, env, a.num(0)) { s, n in field.read(s.pointee.node[n]) }
        case .nodeDerived(let ref, let field):
            return read(ref, frame, env, a.num(0)) { s, n in derived(field, s.pointee, n) }
        case .folioField(let ref, let field):
            return read(ref, frame, env, a.num(0)) { s, f in field.read(s.pointee.folio[f]) }
        case .taskField(let ref, let field):
            return read(ref, frame, env, a.num(0)) { s, t in field.read(s.pointee.task[t]) }
        case .contextField(let ref, let field):
            return read(ref, frame, env, a.num(0)) { s, c in field.read(s.pointee.ctx[c]) }
        case .add(let l, let r): return num(l, frame, env) + num(r, frame, env)
        case .subtract(let l, let r): return num(l, frame, env) - num(r, frame, env)
        case .multiply(let t, let k): return num(t, frame, env) * k
        case .divide(let t, let k): return num(t, frame, env) / k
        case .count(let binder):
            var total = a.num(0)
            for i in 0..<count(binder.kind) {
                total = total + ite(member(binder, i, frame, env.bound(binder.level, to: i)), a.num(1), a.num(0))
            }
            return total
        case .sum(let binder, let body):
            var total = a.num(0)
            for i in 0..<count(binder.kind) {
                let inner = env.bound(binder.level, to: i)
                total = total + ite(member(binder, i, frame, inner), num(body, frame, inner), a.num(0))
            }
            return total
        case .ret: return frame.step!.ret
        case .actionArgument(let argument):
            let step = frame.step!
            switch argument {
            case .size, .pressure:
                return PropertyEvaluator.argument(argument, of: step.action) == nil ? a.num(-1) : step.data.value
            default:
                return a.num(PropertyEvaluator.argument(argument, of: step.action) ?? -1)
            }
        }
    }

    func derived(_ field: NodeDerivedNum, _ s: ModelState<A>, _ n: Int) -> A.Num {
        let a = algebra
        let config = model.scope.nodes[n]
        switch field {
        case .nid: return a.num(n)
        case .present_pages:
            var pages = a.num(0)
            for b in 0..<config.blocks { pages = pages + ite(s.node[n].online[b], a.num(config.pagesPerBlock), a.num(0)) }
            return pages
        case .managed_pages: return model.managedPages(s, n, a)
        case .used_pages: return model.usedPages(s, n, a)
        case .free_pages: return model.freePages(s, n, a)
        case .real_used: return model.realUsed(s, n, a)
        case .real_capacity: return a.num(config.device?.realCapacity ?? 0)
        case .next_demotion_node: return model.nextDemotionNode(s, n, a)
        }
    }

    // MARK: - Masks

    func mask(_ term: MaskTerm, _ frame: Frame, _ env: Bindings) -> A.Mask {
        let a = algebra
        switch term {
        case .constant(let value): return a.mask(value)
        case .nodeOpsFlags(let ref):
            return read(ref, frame, env, a.mask(0)) { s, n in s.pointee.node[n].ops_flags }
        case .folioField(let ref, let field):
            return read(ref, frame, env, a.mask(0)) { s, f in field.read(s.pointee.folio[f]) }
        case .taskField(let ref, let field):
            return read(ref, frame, env, a.mask(0)) { s, t in field.read(s.pointee.task[t]) }
        case .contextField(let ref, let field):
            return read(ref, frame, env, a.mask(0)) { s, c in field.read(s.pointee.ctx[c]) }
        case .and(let l, let r): return mask(l, frame, env) & mask(r, frame, env)
        case .or(let l, let r): return mask(l, frame, env) | mask(r, frame, env)
        case .actionMask:
            switch frame.step!.action {
            case .alloc, .setOps: return frame.step!.data.mask
            default: return a.mask(0)
            }
        }
    }

    // MARK: - Reading an entity

    func index(_ index: EntityIndex, _ frame: Frame, _ env: Bindings) -> A.Num {
        switch index {
        case .variable(let level): algebra.num(env.values[level])
        case .constant(let value): algebra.num(value)
        case .value(let term): num(term, frame, env)
        }
    }

    /// `body(state, i)` for the entity `ref` names: directly when its index is
    /// known, by an `ite` chain over the array when it is symbolic.
    func read<T: Selectable>(_ ref: EntityRef, _ frame: Frame, _ env: Bindings, _ zero: T,
                             _ body: (UnsafePointer<ModelState<A>>, Int) -> T) -> T where T.Bit == A.Bit {
        let state = frame.state(ref.state ?? .current)
        if case .variable(let level) = ref.index { return body(state, env.values[level]) }
        return select(index(ref.index, frame, env), count: count(ref.kind), zero) { body(state, $0) }
    }

    /// `body(i)` where `i` is `value`, for i in 0..<count; `zero` outside.
    func select<T: Selectable>(_ value: A.Num, count: Int, _ zero: T, _ body: (Int) -> T) -> T where T.Bit == A.Bit {
        if let known = value.known { return known >= 0 && known < count ? body(known) : zero }
        var result = zero
        for i in (0..<count).reversed() { result = ite(value == i, body(i), result) }
        return result
    }

    /// An action's integer argument, nil when it has none.
    static func argument(_ argument: ActionArgument, of action: Action) -> Int? {
        switch (argument, action) {
        case (.nid, .addPrivateMemory(let n, _)), (.nid, .register(let n, _)), (.nid, .unregister(let n)),
             (.nid, .setOps(let n, _)), (.nid, .clearOps(let n)), (.nid, .cramRegister(let n)),
             (.nid, .onlinePages(let n, _)), (.nid, .offlinePages(let n, _, _)), (.nid, .alloc(_, let n, _, _)),
             (.nid, .cramFlushWork(let n)), (.nid, .movePages(_, _, let n)), (.nid, .cramSetPressure(let n, _)),
             (.nid, .cramIrq(let n)):
            return n
        case (.block, .addPrivateMemory(_, let b)), (.block, .onlinePages(_, let b)), (.block, .offlinePages(_, let b, _)):
            return b
        case (.owner, .register(_, let owner)):
            return owner
        case (.folio, .offlineMigrate(let f)), (.folio, .folioPut(let f)), (.folio, .movePages(_, let f, _)),
             (.folio, .mbindMigrate(_, let f)), (.folio, .migrateMisplaced(_, let f)), (.folio, .compactZone(let f)),
             (.folio, .pinLongterm(_, let f)), (.folio, .demote(let f)), (.folio, .writeFault(_, let f)),
             (.folio, .mprotect(_, let f, _)), (.folio, .store(_, let f, _)), (.folio, .kswapdReclaim(let f)),
             (.folio, .memoryFailure(let f)):
            return f
        case (.task, .alloc(_, _, let t, _)), (.task, .movePages(let t, _, _)), (.task, .mbind(let t, _)),
             (.task, .mbindMigrate(let t, _)), (.task, .migrateMisplaced(let t, _)), (.task, .pinLongterm(let t, _)),
             (.task, .writeFault(let t, _)), (.task, .mprotect(let t, _, _)), (.task, .store(let t, _, _)):
            return t
        case (.caller, .alloc(let c, _, _, _)): return c
        case (.size, .alloc(_, _, _, let size)), (.size, .migrateMove(_, let size)), (.size, .store(_, _, let size)):
            return size
        case (.policy, .mbind(_, let p)): return p
        case (.context, .migrateAlloc(let c)), (.context, .migrateMove(let c, _)): return c
        case (.pressure, .cramSetPressure(_, let p)): return p
        case (.remove, .offlinePages(_, _, let remove)): return remove ? 1 : 0
        case (.write, .mprotect(_, _, let write)): return write ? 1 : 0
        default: return nil
        }
    }
}

extension PropertyEvaluator: Sendable where A: Sendable {}

/// The explorer's entry points. They are not generic, so the evaluator is
/// compiled here for concrete states: a generic call from another module
/// would run unspecialized, with a metadata lookup at every term. (The calls
/// below, made with the algebra known, are specialized in this module.)
extension PropertyEvaluator where A == ConcreteAlgebra {
    /// Whether an invariant's or reachable property's body is true in `state`.
    public func isTrue(_ property: CheckedProperty, in state: ModelState<ConcreteAlgebra>) -> Bool {
        evaluate(property, in: state)
    }

    /// Whether a transition property's body is true on (pre, action, post);
    /// `ret` computes the action's return value, only if the body reads it.
    public func isTrue(_ property: CheckedProperty, pre: ModelState<ConcreteAlgebra>, action: Action,
                       post: ModelState<ConcreteAlgebra>, ret: () -> Int) -> Bool {
        withoutActuallyEscaping(ret) { ret in
            evaluate(property, pre: pre, post: post,
                     StepFacts(action: action, data: model.concreteData(action), returnValue: .computed(ret)))
        }
    }
}
