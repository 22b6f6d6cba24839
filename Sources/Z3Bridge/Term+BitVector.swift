internal import CZ3

/// Bit-vector operations.
///
/// Operands must have the same width; since operators cannot throw, a width
/// mismatch stops the program with a precondition naming both widths.
/// Operations on two literals of at most 64 bits fold to a literal.
extension Term where S == BitVecSort {
    /// All ones in the low `width` bits.
    private static func mask(_ width: Int) -> UInt64 {
        width >= 64 ? .max : (1 << UInt64(width)) - 1
    }

    /// A literal of this term's width.
    private func literal(_ value: UInt64) -> Term {
        let width = self.width
        return context.bitVec(value & Self.mask(width), width: width)
    }

    /// `op(lhs, rhs)` after the width check, folded by `fold` on two literals.
    private static func bitwise(
        _ lhs: Term, _ rhs: Term, _ fold: (UInt64, UInt64) -> UInt64, _ op: BinaryBuilder
    ) -> Term {
        requireSameSort(lhs, rhs)
        if let a = lhs.bitVecValue, let b = rhs.bitVecValue { return lhs.literal(fold(a, b)) }
        return binary(lhs, rhs, op)
    }

    /// A comparison after the width check, folded by `fold` on two literals.
    private static func compare(
        _ lhs: Term, _ rhs: Term, _ fold: (UInt64, UInt64, Int) -> Bool, _ op: BinaryBuilder
    ) -> Z3Bool {
        requireSameSort(lhs, rhs)
        if let a = lhs.bitVecValue, let b = rhs.bitVecValue {
            return lhs.context.bool(fold(a, b, lhs.width))
        }
        return binary(lhs, rhs, op)
    }

    /// The two's-complement value of the low `width` bits of `bits`.
    private static func signed(_ bits: UInt64, _ width: Int) -> Int64 {
        let shift = UInt64(64 - min(width, 64))
        return Int64(bitPattern: bits << shift) >> Int64(shift)
    }

    // MARK: Bitwise and arithmetic operators

    /// Bitwise and.
    public static func & (lhs: Term, rhs: Term) -> Term { bitwise(lhs, rhs, &, Z3_mk_bvand) }

    /// Bitwise or.
    public static func | (lhs: Term, rhs: Term) -> Term { bitwise(lhs, rhs, |, Z3_mk_bvor) }

    /// Bitwise exclusive or.
    public static func ^ (lhs: Term, rhs: Term) -> Term { bitwise(lhs, rhs, ^, Z3_mk_bvxor) }

    /// Bitwise complement.
    public static prefix func ~ (operand: Term) -> Term {
        if let a = operand.bitVecValue { return operand.literal(~a) }
        return operand.unary(Z3_mk_bvnot)
    }

    /// Addition modulo 2^width.
    public static func + (lhs: Term, rhs: Term) -> Term { bitwise(lhs, rhs, &+, Z3_mk_bvadd) }

    /// Subtraction modulo 2^width.
    public static func - (lhs: Term, rhs: Term) -> Term { bitwise(lhs, rhs, &-, Z3_mk_bvsub) }

    /// Left shift; amounts of `width` or more give zero.
    public static func << (lhs: Term, rhs: Term) -> Term {
        bitwise(lhs, rhs, { $1 >= 64 ? 0 : $0 << $1 }, Z3_mk_bvshl)
    }

    /// Logical (unsigned) right shift; amounts of `width` or more give zero.
    public static func >> (lhs: Term, rhs: Term) -> Term {
        bitwise(lhs, rhs, { $1 >= 64 ? 0 : $0 >> $1 }, Z3_mk_bvlshr)
    }

    /// Left shift by a constant amount (≥ 0).
    public static func << (lhs: Term, rhs: Int) -> Term {
        precondition(rhs >= 0, "negative shift amount \(rhs)")
        return rhs >= lhs.width ? lhs.literal(0) : lhs << lhs.literal(UInt64(rhs))
    }

    /// Logical right shift by a constant amount (≥ 0).
    public static func >> (lhs: Term, rhs: Int) -> Term {
        precondition(rhs >= 0, "negative shift amount \(rhs)")
        return rhs >= lhs.width ? lhs.literal(0) : lhs >> lhs.literal(UInt64(rhs))
    }

    // MARK: Masks with constant bits

    /// `self & bits`, for a bit pattern that fits in `width`.
    public func and(_ bits: UInt64) -> Term { self & context.bitVec(bits, width: width) }

    /// `self | bits`, for a bit pattern that fits in `width`.
    public func or(_ bits: UInt64) -> Term { self | context.bitVec(bits, width: width) }

    /// `self ^ bits`, for a bit pattern that fits in `width`.
    public func xor(_ bits: UInt64) -> Term { self ^ context.bitVec(bits, width: width) }

    /// `(self & bits) != 0`: some bit of `bits` is set.
    public func testAny(_ bits: UInt64) -> Z3Bool { and(bits) != literal(0) }

    /// `(self & bits) == bits`: every bit of `bits` is set.
    public func testAll(_ bits: UInt64) -> Z3Bool {
        let pattern = context.bitVec(bits, width: width)
        return (self & pattern) == pattern
    }

    // MARK: Comparisons

    /// Unsigned `self < other`.
    public func ult(_ other: Term) -> Z3Bool { Self.compare(self, other, { a, b, _ in a < b }, Z3_mk_bvult) }

    /// Unsigned `self ≤ other`.
    public func ule(_ other: Term) -> Z3Bool { Self.compare(self, other, { a, b, _ in a <= b }, Z3_mk_bvule) }

    /// Unsigned `self > other`.
    public func ugt(_ other: Term) -> Z3Bool { Self.compare(self, other, { a, b, _ in a > b }, Z3_mk_bvugt) }

    /// Unsigned `self ≥ other`.
    public func uge(_ other: Term) -> Z3Bool { Self.compare(self, other, { a, b, _ in a >= b }, Z3_mk_bvuge) }

    /// Signed (two's-complement) `self < other`.
    public func slt(_ other: Term) -> Z3Bool {
        Self.compare(self, other, { a, b, w in Self.signed(a, w) < Self.signed(b, w) }, Z3_mk_bvslt)
    }

    /// Signed (two's-complement) `self ≤ other`.
    public func sle(_ other: Term) -> Z3Bool {
        Self.compare(self, other, { a, b, w in Self.signed(a, w) <= Self.signed(b, w) }, Z3_mk_bvsle)
    }

    /// Signed (two's-complement) `self > other`.
    public func sgt(_ other: Term) -> Z3Bool { other.slt(self) }

    /// Signed (two's-complement) `self ≥ other`.
    public func sge(_ other: Term) -> Z3Bool { other.sle(self) }

    // MARK: Width changes and conversions

    /// Bits `high` down to `low` (inclusive), a bit-vector of `high - low + 1` bits.
    public func extract(high: Int, low: Int) -> Term {
        let width = self.width
        precondition(0 <= low && low <= high && high < width,
                     "cannot extract bits \(high)...\(low) of a \(width)-bit vector")
        if let value = bitVecValue {
            return context.bitVec((value >> UInt64(low)) & Self.mask(high - low + 1), width: high - low + 1)
        }
        return withExtendedLifetime(self) {
            Term(context.built(Z3_mk_extract(context.raw, UInt32(high), UInt32(low), ast)))
        }
    }

    /// The same unsigned value with `extra` more (zero) high bits.
    public func zeroExtend(by extra: Int) -> Term {
        precondition(extra >= 0, "cannot zero-extend by \(extra) bits")
        if extra == 0 { return self }
        if let value = bitVecValue, width + extra <= 64 {
            return context.bitVec(value, width: width + extra)
        }
        return withExtendedLifetime(self) {
            Term(context.built(Z3_mk_zero_ext(context.raw, UInt32(extra), ast)))
        }
    }

    /// The unsigned value as an integer (`bv2int`).
    public func bv2int() -> Z3Int {
        if let value = bitVecValue, let int = Int(exactly: value) { return context.int(int) }
        return withExtendedLifetime(self) {
            Z3Int(context.built(Z3_mk_bv2int(context.raw, ast, false)))
        }
    }
}
