/// The concrete instance: plain Swift values, specialized by the compiler.
public struct ConcreteAlgebra: ValueAlgebra, Sendable {
    public typealias Bit = Bool
    public typealias Num = Int
    public typealias Mask = UInt32

    @inlinable public init() {}
    @inlinable @inline(__always) public func bit(_ value: Bool) -> Bool { value }
    @inlinable @inline(__always) public func num(_ value: Int) -> Int { value }
    @inlinable @inline(__always) public func mask(_ value: UInt32) -> UInt32 { value }
}

extension Bool: BitValue {
    @inlinable @inline(__always)
    public static func select(_ condition: Bool, _ then: Bool, _ otherwise: Bool) -> Bool {
        condition ? then : otherwise
    }
    @inlinable @inline(__always) public var known: Bool? { self }
}

extension Int: NumValue {
    public typealias Bit = Bool
    @inlinable @inline(__always)
    public static func select(_ condition: Bool, _ then: Int, _ otherwise: Int) -> Int {
        condition ? then : otherwise
    }
    @inlinable @inline(__always) public var known: Int? { self }
}

extension UInt32: MaskValue {
    public typealias Bit = Bool
    @inlinable @inline(__always)
    public static func select(_ condition: Bool, _ then: UInt32, _ otherwise: UInt32) -> UInt32 {
        condition ? then : otherwise
    }
    @inlinable @inline(__always) public func any(_ bits: UInt32) -> Bool { self & bits != 0 }
    @inlinable @inline(__always) public func all(_ bits: UInt32) -> Bool { self & bits == bits }
    @inlinable @inline(__always) public func with(_ bits: UInt32) -> UInt32 { self | bits }
    @inlinable @inline(__always) public func without(_ bits: UInt32) -> UInt32 { self & ~bits }
    @inlinable @inline(__always) public var known: UInt32? { self }
}
