internal import CZ3

/// Integer arithmetic and comparisons.
///
/// Operations on two literals fold to a literal (when the result fits in
/// `Int`), so `intValue` stays available through constant computations.
extension Term where S == IntSort {
    /// `lhs + rhs`.
    public static func + (lhs: Term, rhs: Term) -> Term {
        if let a = lhs.intValue, let b = rhs.intValue {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow { return lhs.context.int(sum) }
        }
        if rhs.intValue == 0 { return lhs }
        if lhs.intValue == 0 { return rhs }
        return nary([lhs, rhs], Z3_mk_add)
    }

    /// `lhs - rhs`.
    public static func - (lhs: Term, rhs: Term) -> Term {
        if let a = lhs.intValue, let b = rhs.intValue {
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if !overflow { return lhs.context.int(difference) }
        }
        if rhs.intValue == 0 { return lhs }
        return nary([lhs, rhs], Z3_mk_sub)
    }

    /// `lhs * rhs`.
    public static func * (lhs: Term, rhs: Term) -> Term {
        if let a = lhs.intValue, let b = rhs.intValue {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow { return lhs.context.int(product) }
        }
        if rhs.intValue == 1 { return lhs }
        if lhs.intValue == 1 { return rhs }
        return nary([lhs, rhs], Z3_mk_mul)
    }

    /// Integer division `lhs div rhs` (SMT-LIB: the remainder is non-negative,
    /// so it is C's `/` for a non-negative `lhs` and positive `rhs`).
    public static func / (lhs: Term, rhs: Term) -> Term {
        if let a = lhs.intValue, let b = rhs.intValue, let quotient = euclideanQuotient(a, b) {
            return lhs.context.int(quotient)
        }
        if rhs.intValue == 1 { return lhs }
        return binary(lhs, rhs, Z3_mk_div)
    }

    /// `-operand`.
    public static prefix func - (operand: Term) -> Term {
        if let a = operand.intValue, a != .min { return operand.context.int(-a) }
        return operand.unary(Z3_mk_unary_minus)
    }

    /// `lhs + rhs`.
    public static func + (lhs: Term, rhs: Int) -> Term { lhs + lhs.context.int(rhs) }

    /// `lhs - rhs`.
    public static func - (lhs: Term, rhs: Int) -> Term { lhs - lhs.context.int(rhs) }

    /// `lhs * rhs`.
    public static func * (lhs: Term, rhs: Int) -> Term { lhs * lhs.context.int(rhs) }

    /// Integer division by a constant (C's `/` for non-negative `lhs`, positive `rhs`).
    public static func / (lhs: Term, rhs: Int) -> Term { lhs / lhs.context.int(rhs) }

    // MARK: Comparisons

    /// `lhs < rhs`.
    public static func < (lhs: Term, rhs: Term) -> Z3Bool { compare(lhs, rhs, <, Z3_mk_lt) }

    /// `lhs ≤ rhs`.
    public static func <= (lhs: Term, rhs: Term) -> Z3Bool { compare(lhs, rhs, <=, Z3_mk_le) }

    /// `lhs > rhs`.
    public static func > (lhs: Term, rhs: Term) -> Z3Bool { compare(lhs, rhs, >, Z3_mk_gt) }

    /// `lhs ≥ rhs`.
    public static func >= (lhs: Term, rhs: Term) -> Z3Bool { compare(lhs, rhs, >=, Z3_mk_ge) }

    /// `lhs = rhs`.
    public static func == (lhs: Term, rhs: Int) -> Z3Bool { lhs == lhs.context.int(rhs) }

    /// `lhs ≠ rhs`.
    public static func != (lhs: Term, rhs: Int) -> Z3Bool { lhs != lhs.context.int(rhs) }

    /// `lhs < rhs`.
    public static func < (lhs: Term, rhs: Int) -> Z3Bool { lhs < lhs.context.int(rhs) }

    /// `lhs ≤ rhs`.
    public static func <= (lhs: Term, rhs: Int) -> Z3Bool { lhs <= lhs.context.int(rhs) }

    /// `lhs > rhs`.
    public static func > (lhs: Term, rhs: Int) -> Z3Bool { lhs > lhs.context.int(rhs) }

    /// `lhs ≥ rhs`.
    public static func >= (lhs: Term, rhs: Int) -> Z3Bool { lhs >= lhs.context.int(rhs) }

    /// `lhs = rhs`.
    public static func == (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) == rhs }

    /// `lhs ≠ rhs`.
    public static func != (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) != rhs }

    /// `lhs < rhs`.
    public static func < (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) < rhs }

    /// `lhs ≤ rhs`.
    public static func <= (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) <= rhs }

    /// `lhs > rhs`.
    public static func > (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) > rhs }

    /// `lhs ≥ rhs`.
    public static func >= (lhs: Int, rhs: Term) -> Z3Bool { rhs.context.int(lhs) >= rhs }

    /// A comparison, folded when both sides are literals.
    private static func compare(
        _ lhs: Term, _ rhs: Term, _ fold: (Int, Int) -> Bool, _ op: BinaryBuilder
    ) -> Z3Bool {
        if let a = lhs.intValue, let b = rhs.intValue { return lhs.context.bool(fold(a, b)) }
        return binary(lhs, rhs, op)
    }

    /// The bit-vector of `width` bits equal to this integer modulo 2^width (`int2bv`).
    public func toBitVec(width: Int) -> Z3BitVec {
        precondition(width > 0, "bit-vector width must be positive, not \(width)")
        if let value = intValue, width <= 64 {
            let bits = UInt64(bitPattern: Int64(value))
            return context.bitVec(width == 64 ? bits : bits & ((1 << UInt64(width)) - 1), width: width)
        }
        return withExtendedLifetime(self) {
            Z3BitVec(context.built(Z3_mk_int2bv(context.raw, UInt32(width), ast)))
        }
    }
}

/// SMT-LIB's `div`: the `q` with `a = b * q + r` and `0 ≤ r < |b|`; nil for
/// `b = 0` (left to Z3, where it is unspecified) and on overflow.
private func euclideanQuotient(_ a: Int, _ b: Int) -> Int? {
    guard b != 0 else { return nil }
    let (quotient, overflow) = a.dividedReportingOverflow(by: b)
    guard !overflow else { return nil }
    let remainder = a - quotient * b
    guard remainder < 0 else { return quotient }
    return b > 0 ? quotient - 1 : quotient + 1
}
