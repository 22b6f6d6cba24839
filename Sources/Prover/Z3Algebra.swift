import MemoryModel
import Z3Bridge

/// The symbolic instance of the engine's value algebra: booleans are Z3
/// booleans, numbers Z3 integers, masks 32-bit bit-vectors.
///
/// Running `Model.step` with it builds, for one action, the terms of the
/// next state as functions of the (symbolic) pre-state and action data:
/// the same code the explorer runs, read as a formula.
public struct Z3Algebra: ValueAlgebra {
    public typealias Bit = Z3Bool
    public typealias Num = Z3Int
    public typealias Mask = Z3BitVec

    public let context: Z3Context

    public init(context: Z3Context) {
        self.context = context
    }

    public func bit(_ value: Bool) -> Z3Bool { context.bool(value) }
    public func num(_ value: Int) -> Z3Int { context.int(value) }
    public func mask(_ value: UInt32) -> Z3BitVec { context.bitVec(UInt64(value), width: 32) }

    /// A fresh state whose every field is a constant named after it
    /// (`node[1].N_MEMORY`), prefixed so that two states do not share names.
    public func constants(prefix: String) -> ModelState<Z3Algebra> {
        let bits = context.boolSort
        let ints = context.intSort
        let words = context.bitVecSort(width: 32)
        return ModelState(prefix: "", make: FieldMaker(
            bit: { context.makeConst(name: prefix + $0, sort: bits) },
            num: { context.makeConst(name: prefix + $0, sort: ints) },
            mask: { context.makeConst(name: prefix + $0, sort: words) }
        ))
    }

    /// The concrete state as Z3 literals.
    public func literal(_ s: ModelState<ConcreteAlgebra>) -> ModelState<Z3Algebra> {
        var values: [String: FieldValue<ConcreteAlgebra>] = [:]
        s.visit(prefix: "") { values[$0] = $1 }
        return ModelState(prefix: "", make: FieldMaker(
            bit: { name in if case let .bit(b)? = values[name] { return context.bool(b) }; return context.bool(false) },
            num: { name in if case let .num(n)? = values[name] { return context.int(n) }; return context.int(0) },
            mask: { name in
                if case let .mask(m)? = values[name] { return context.bitVec(UInt64(m), width: 32) }
                return context.bitVec(0, width: 32)
            }
        ))
    }
}

extension Term: Selectable {
    public typealias Bit = Z3Bool
    public static func select(_ condition: Z3Bool, _ then: Term, _ otherwise: Term) -> Term {
        ite(condition, then, otherwise)
    }
}

extension Term: BitValue where S == BoolSort {
    public var known: Bool? { boolValue }
}

extension Term: NumValue where S == IntSort {
    public var known: Int? { intValue }
}

extension Term: MaskValue where S == BitVecSort {
    public var known: UInt32? { bitVecValue.map { UInt32(truncatingIfNeeded: $0) } }
    public func any(_ bits: UInt32) -> Z3Bool { testAny(UInt64(bits)) }
    public func all(_ bits: UInt32) -> Z3Bool { testAll(UInt64(bits)) }
    public func with(_ bits: UInt32) -> Term { or(UInt64(bits)) }
    public func without(_ bits: UInt32) -> Term { and(UInt64(~bits)) }
}
