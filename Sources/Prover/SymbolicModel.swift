import MemoryModel
import Z3Bridge

/// The values the prover lets an action's data take.
public enum DataDomain: String, Sendable, CaseIterable {
    /// The scope's own values, as the explorer runs them: a trace found is
    /// a trace `privcheck replay` runs.
    case scope
    /// Every value: any 32-bit gfp mask, any NP_OPS flag set, any
    /// compressed size from 1 to a page's units, any pressure from 0 to
    /// CRAM_PRESSURE_MAX.
    case all

    public var description: String {
        switch self {
        case .scope: "the scope's gfp masks, flag sets, sizes and pressures"
        case .all: "all 2^32 gfp masks and NP_OPS flag sets, every compressed size and pressure"
        }
    }
}

/// The model read as formulas over Z3: states as constants, the initial
/// state, the states a scope can hold, and the transition relation. All of
/// it is the engine's own code run in `Z3Algebra` (one semantics).
public struct SymbolicModel {
    public let model: Model
    public let z3: Z3Algebra
    public let domain: DataDomain
    /// Each in-scope field's possible values (the packing layout's), by name.
    let fieldValues: [String: [Int]]

    public init(model: Model, context: Z3Context, domain: DataDomain) {
        self.model = model
        self.z3 = Z3Algebra(context: context)
        self.domain = domain
        var values: [String: [Int]] = [:]
        for field in StateLayout(model: model).fieldDescriptions { values[field.name] = field.values }
        fieldValues = values
    }

    public var context: Z3Context { z3.context }

    /// A state of fresh constants, `prefix` naming them apart (`s3.node[1].N_MEMORY`).
    public func state(_ prefix: String) -> ModelState<Z3Algebra> { z3.constants(prefix: prefix) }

    public func isInitial(_ s: ModelState<Z3Algebra>) -> Z3Bool { equal(s, model.initialState(z3)) }

    /// Field-by-field equality.
    public func equal(_ a: ModelState<Z3Algebra>, _ b: ModelState<Z3Algebra>) -> Z3Bool {
        and(zip(Self.fields(a), Self.fields(b)).map { Self.same($0.value, $1.value) }, in: context)
    }

    /// One candidate fact about a state: a field's bounds.
    public struct Bound {
        public var name: String
        /// Of a state's fields, in `ModelState.visit` order.
        public var holds: ([FieldValue<Z3Algebra>]) -> Z3Bool
    }

    /// A state's fields, in `ModelState.visit` order (what bounds read).
    public static func values(_ s: ModelState<Z3Algebra>) -> [FieldValue<Z3Algebra>] { fields(s).map(\.value) }

    /// What the scope's values say of each field: a field the scope uses
    /// holds one of the values its actions can write (the packing layout's
    /// sets, and their ranges; a bit only when the scope never flips it; a
    /// mask only under `DataDomain.scope`), every other field its initial
    /// value. Candidates only: `Induction.scopeInvariant` keeps the
    /// largest subset that is inductive.
    public func bounds() -> [Bound] {
        let names = Self.fields(model.initialState(z3))
        var out: [Bound] = []
        for (index, field) in names.enumerated() {
            let value: ([FieldValue<Z3Algebra>]) -> FieldValue<Z3Algebra> = { $0[index] }
            guard let values = fieldValues[field.name] else {
                let start = field.value
                out.append(Bound(name: "\(field.name) == initial") { Self.same(value($0), start) })
                continue
            }
            switch field.value {
            case .bit:
                // Only a bit the scope never flips says anything.
                guard values.count == 1 else { continue }
                let fixed = values[0] != 0, z3 = self.z3
                out.append(Bound(name: "\(field.name) == \(fixed)") { s in
                    guard case let .bit(b) = value(s) else { return z3.bit(true) }
                    return fixed ? b : !b
                })
            case .num:
                let z3 = self.z3, context = self.context
                // The range, and for a set with gaps the set too: under
                // `DataDomain.all` a set the scope's data fills may not hold
                // (Houdini drops it), and the range may still.
                out.append(Bound(name: "\(field.name) in \(values.first!)...\(values.last!)") { s in
                    guard case let .num(n) = value(s) else { return z3.bit(true) }
                    return n >= z3.num(values.first!) && n <= z3.num(values.last!)
                })
                if values.last! - values.first! != values.count - 1 {
                    out.append(Bound(name: "\(field.name) in \(values)") { s in
                        guard case let .num(n) = value(s) else { return z3.bit(true) }
                        return or(values.map { n == z3.num($0) }, in: context)
                    })
                }
            case .mask:
                guard domain == .scope else { continue }
                let z3 = self.z3, context = self.context
                out.append(Bound(name: "\(field.name) in its \(values.count) masks") { s in
                    guard case let .mask(m) = value(s) else { return z3.bit(true) }
                    return or(values.map { m == z3.mask(UInt32(truncatingIfNeeded: $0)) }, in: context)
                })
            }
        }
        return out
    }

    static func same(_ a: FieldValue<Z3Algebra>, _ b: FieldValue<Z3Algebra>) -> Z3Bool {
        switch (a, b) {
        case let (.bit(p), .bit(q)): p == q
        case let (.num(p), .num(q)): p == q
        case let (.mask(p), .mask(q)): p == q
        default: preconditionFailure("fields differ in kind")
        }
    }

    static func fields(_ s: ModelState<Z3Algebra>) -> [(name: String, value: FieldValue<Z3Algebra>)] {
        var out: [(String, FieldValue<Z3Algebra>)] = []
        s.visit(prefix: "") { out.append(($0, $1)) }
        return out
    }

    // MARK: Transitions

    /// One step from `pre` to `post`: `action` (an integer constant, the
    /// index in `model.actions`) is enabled in `pre` and `post` is its
    /// successor; each action's data is a constant within the domain.
    public struct Transition {
        public let action: Z3Int
        public let data: [ActionData<Z3Algebra>]
        public let steps: [Step<Z3Algebra>]
        public let formula: Z3Bool
    }

    public func transition(_ pre: ModelState<Z3Algebra>, _ post: ModelState<Z3Algebra>, name: String) -> Transition {
        let selector: Z3Int = context.makeConst(name: name + ".action", sort: context.intSort)
        var data: [ActionData<Z3Algebra>] = []
        var steps: [Step<Z3Algebra>] = []
        var cases: [Z3Bool] = []
        for (i, action) in model.actions.enumerated() {
            let (d, bounds) = self.data(for: action, name: "\(name).data\(i)")
            let step = model.step(pre, action, d, z3)
            data.append(d)
            steps.append(step)
            cases.append(selector == z3.num(i) && bounds && step.enabled && equal(post, step.state))
        }
        return Transition(action: selector, data: data, steps: steps, formula: or(cases, in: context))
    }

    /// An action's data: the scope's literal values, or constants bounded
    /// as `DataDomain.all` says.
    func data(for action: Action, name: String) -> (ActionData<Z3Algebra>, Z3Bool) {
        let concrete = model.concreteData(action)
        let literal = ActionData<Z3Algebra>(mask: z3.mask(concrete.mask), value: z3.num(concrete.value))
        guard domain == .all else { return (literal, z3.bit(true)) }
        let mask: Z3BitVec = context.makeConst(name: name + ".mask", sort: context.bitVecSort(width: 32))
        let value: Z3Int = context.makeConst(name: name + ".value", sort: context.intSort)
        // A compressed size (its literal is 0 where no node compresses).
        let size = concrete.value == 0 ? (literal.value, z3.bit(true))
            : (value, value >= z3.num(1) && value <= z3.num(model.scope.pageUnits))
        switch action {
        case .alloc:
            // Any gfp mask, whichever caller passes it.
            return (ActionData(mask: mask, value: size.0), size.1)
        case .setOps:
            // Any NP_OPS flag set a driver may pass.
            return (ActionData(mask: mask, value: literal.value), z3.bit(true))
        case .cramSetPressure:
            return (ActionData(mask: literal.mask, value: value),
                    value >= z3.num(0) && value <= z3.num(CRAM.CRAM_PRESSURE_MAX))
        case .store, .migrateMove:
            return (ActionData(mask: literal.mask, value: size.0), size.1)
        default:
            return (literal, z3.bit(true))
        }
    }
}
