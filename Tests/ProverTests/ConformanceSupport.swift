import CheckerCore
import MemoryModel
import Prover
import Z3Bridge

/// Distinct states reached by seeded random walks of a model.
enum ConformanceSampler {
    static func states(_ model: Model, count: Int, seed: UInt64) -> [ModelState<ConcreteAlgebra>] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<[Int]>()
        var out: [ModelState<ConcreteAlgebra>] = []
        var attempts = 0
        while out.count < count && attempts < count * 50 {
            var state = model.initialState(ConcreteAlgebra())
            for _ in 0..<40 {
                attempts += 1
                let key = Fingerprint.integers(state)
                if seen.insert(key).inserted {
                    out.append(state)
                    if out.count == count { break }
                }
                let enabled = model.actions.compactMap { model.step(state, $0)?.state }
                if enabled.isEmpty { break }
                state = enabled[Int(rng.next() % UInt64(enabled.count))]
            }
        }
        return out
    }
}

/// The fingerprint of an outcome: a weighted sum of every field of the next
/// state and the return value, over integers.
enum Fingerprint {
    static func fieldCount<A>(_ s: ModelState<A>) -> Int {
        var n = 0
        s.visit(prefix: "") { _, _ in n += 1 }
        return n
    }

    /// Odd 16-bit weights: a field's value is below 2^32 (a mask), so with a
    /// few hundred fields the sum stays within 63 bits on both sides (Z3's
    /// integers do not wrap). One differing field always changes the sum
    /// (odd weight, nonzero difference); only several cancelling could hide.
    static func weights(count: Int, _ rng: inout SplitMix64) -> [Int] {
        (0..<count).map { _ in Int(rng.next() >> 48) | 1 }
    }

    static func term(_ step: Step<Z3Algebra>, weights: [Int], retWeight: Int, _ z3: Z3Algebra) -> Z3Int {
        var parts: [Z3Int] = []
        var i = 0
        step.state.visit(prefix: "") { _, value in
            parts.append(integer(value, z3) * weights[i])
            i += 1
        }
        parts.append(step.ret * retWeight)
        let sum = parts.reduce(z3.num(0), +)
        return ite(step.enabled, sum * 2 + 1, z3.num(0))
    }

    static func integer(_ value: FieldValue<Z3Algebra>, _ z3: Z3Algebra) -> Z3Int {
        switch value {
        case let .bit(b): ite(b, z3.num(1), z3.num(0))
        case let .num(n): n
        case let .mask(m): m.bv2int()
        }
    }

    static func value(_ step: Step<ConcreteAlgebra>, weights: [Int], retWeight: Int) -> Int {
        var sum = 0
        var i = 0
        step.state.visit(prefix: "") { _, value in
            let v: Int = switch value {
            case let .bit(b): b ? 1 : 0
            case let .num(n): n
            case let .mask(m): Int(m)
            }
            sum &+= v &* weights[i]
            i += 1
        }
        return sum &+ step.ret &* retWeight
    }

    /// Every field of a concrete state as an integer, in `visit` order.
    static func integers(_ state: ModelState<ConcreteAlgebra>) -> [Int] {
        var out: [Int] = []
        state.visit(prefix: "") { _, value in
            switch value {
            case let .bit(b): out.append(b ? 1 : 0)
            case let .num(n): out.append(n)
            case let .mask(m): out.append(Int(m))
            }
        }
        return out
    }

    /// A Z3 model that fixes the pre-state to `state` and every action's data
    /// arguments to their concrete values.
    static func assignment(pre: ModelState<Z3Algebra>, state: ModelState<ConcreteAlgebra>,
                           data: [(ActionData<Z3Algebra>, ActionData<ConcreteAlgebra>)], _ z3: Z3Algebra,
                           extra: [(ModelState<Z3Algebra>, ModelState<ConcreteAlgebra>)] = [],
                           ret: (Z3Int, Int)? = nil) throws -> Z3Model {
        var pairs: [(AnyTerm, AnyTerm)] = []
        if let (symbolic, value) = ret { pairs.append((symbolic.erased, z3.num(value).erased)) }
        for (symbolic, concrete) in data {
            pairs.append((symbolic.mask.erased, z3.mask(concrete.mask).erased))
            pairs.append((symbolic.value.erased, z3.num(concrete.value).erased))
        }
        var constants: [AnyTerm] = []
        var values: [Int] = []
        for (symbolic, concrete) in [(pre, state)] + extra {
            symbolic.visit(prefix: "") { _, v in constants.append(erased(v)) }
            values += integers(concrete)
        }
        for (constant, value) in zip(constants, values) {
            let literal: AnyTerm = switch constant.sort.description {
            case "Bool": z3.bit(value != 0).erased
            case "Int": z3.num(value).erased
            default: z3.mask(UInt32(truncatingIfNeeded: value)).erased
            }
            pairs.append((constant, literal))
        }
        return try Z3Model(context: z3.context, assigning: pairs)
    }

    static func erased(_ v: FieldValue<Z3Algebra>) -> AnyTerm {
        switch v {
        case let .bit(b): b.erased
        case let .num(n): n.erased
        case let .mask(m): m.erased
        }
    }

    /// Which part of the outcome differs, for the failure message.
    static func explain(_ model: Model, _ action: Action, symbolic: Step<Z3Algebra>, concrete: Step<ConcreteAlgebra>,
                        in m: Z3Model) throws -> String {
        let enabled = try m.bool(symbolic.enabled)
        if enabled != concrete.enabled { return "enabled is \(enabled) symbolically, \(concrete.enabled) in the engine" }
        let ret = try m.int(symbolic.ret)
        if ret != concrete.ret { return "returns \(ret) symbolically, \(concrete.ret) in the engine" }
        var expected: [String: Int] = [:]
        concrete.state.visit(prefix: "") { name, v in
            expected[name] = switch v {
            case let .bit(b): b ? 1 : 0
            case let .num(n): n
            case let .mask(m): Int(m)
            }
        }
        var differences: [String] = []
        var failure: Error?
        symbolic.state.visit(prefix: "") { name, v in
            do {
                let got = try m.int(integer(v, Z3Algebra(context: m.context)))
                if got != expected[name] { differences.append("\(name) is \(got) symbolically, \(expected[name] ?? -1) in the engine") }
            } catch { failure = error }
        }
        if let failure { throw failure }
        return differences.isEmpty ? "fingerprints differ but no field does" : differences.joined(separator: "; ")
    }
}
