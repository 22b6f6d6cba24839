/// The small value algebra the engine is written over.
///
/// The engine's state and step are generic over it, so the model is written
/// once and read two ways: the concrete instance (`Bool`, `Int`, `UInt32`)
/// runs it, the symbolic instance (Z3 terms, in the Prover module) encodes it.
/// Structure (which node, folio slot or context) stays concrete; only data
/// (gfp masks, state bits, counts, pressure, program counters) takes these
/// types.
public protocol ValueAlgebra {
    associatedtype Bit: BitValue
    associatedtype Num: NumValue where Num.Bit == Bit
    associatedtype Mask: MaskValue where Mask.Bit == Bit

    func bit(_ value: Bool) -> Bit
    func num(_ value: Int) -> Num
    func mask(_ value: UInt32) -> Mask
}

/// Something that can be chosen between by a condition: `ite`.
public protocol Selectable<Bit> {
    associatedtype Bit: BitValue
    /// `condition ? then : otherwise`, for a condition that is not known.
    static func select(_ condition: Bit, _ then: Self, _ otherwise: Self) -> Self
}

/// A boolean: `Bool`, or a Z3 boolean term.
public protocol BitValue: Selectable where Bit == Self {
    static prefix func ! (operand: Self) -> Self
    static func && (lhs: Self, rhs: @autoclosure () throws -> Self) rethrows -> Self
    static func || (lhs: Self, rhs: @autoclosure () throws -> Self) rethrows -> Self
    /// The value, when it is a constant (always, for `Bool`).
    var known: Bool? { get }
}

/// A mathematical integer: `Int`, or a Z3 integer term.
public protocol NumValue: Selectable {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Int) -> Self
    static func - (lhs: Self, rhs: Int) -> Self
    /// Multiplication by a constant.
    static func * (lhs: Self, rhs: Int) -> Self
    /// Division of a non-negative value by a positive constant (C's `/`).
    static func / (lhs: Self, rhs: Int) -> Self
    static func == (lhs: Self, rhs: Self) -> Bit
    static func == (lhs: Self, rhs: Int) -> Bit
    static func < (lhs: Self, rhs: Self) -> Bit
    static func <= (lhs: Self, rhs: Self) -> Bit
    static func < (lhs: Self, rhs: Int) -> Bit
    static func <= (lhs: Self, rhs: Int) -> Bit
    static func < (lhs: Int, rhs: Self) -> Bit
    static func <= (lhs: Int, rhs: Self) -> Bit
    /// The value, when it is a constant.
    var known: Int? { get }
}

/// A 32-bit word: gfp masks, NP_OPS flags, nodemasks. `UInt32`, or a Z3 bit-vector.
public protocol MaskValue: Selectable {
    static func & (lhs: Self, rhs: Self) -> Self
    static func | (lhs: Self, rhs: Self) -> Self
    static prefix func ~ (operand: Self) -> Self
    static func == (lhs: Self, rhs: Self) -> Bit
    /// `(self & bits) != 0`.
    func any(_ bits: UInt32) -> Bit
    /// `(self & bits) == bits`.
    func all(_ bits: UInt32) -> Bit
    /// `self | bits`.
    func with(_ bits: UInt32) -> Self
    /// `self & ~bits`.
    func without(_ bits: UInt32) -> Self
    /// The value, when it is a constant.
    var known: UInt32? { get }
}

// MARK: - Choosing, with the constant case short-circuited

/// `condition ? then : otherwise`; a plain branch when the condition is known.
@inlinable @inline(__always)
public func ite<T: Selectable>(_ condition: T.Bit, _ then: T, _ otherwise: T) -> T {
    if let c = condition.known { return c ? then : otherwise }
    return T.select(condition, then, otherwise)
}

extension Selectable {
    /// Runs `body` on `self` where `condition` holds: an `if` on concrete
    /// values, a field-wise `ite` of the two outcomes on symbolic ones.
    @inlinable @inline(__always)
    public mutating func when(_ condition: Bit, _ body: (inout Self) -> Void) {
        if let c = condition.known {
            if c { body(&self) }
            return
        }
        var updated = self
        body(&updated)
        self = Self.select(condition, updated, self)
    }
}

extension BitValue {
    @inlinable public func implies(_ other: Self) -> Self { !self || other }
}
