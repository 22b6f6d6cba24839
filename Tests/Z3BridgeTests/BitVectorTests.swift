import Testing
import Z3Bridge

@Suite("Bit-vectors")
struct BitVectorTests {
    let z3 = Z3Context()

    func word(_ name: String) -> Z3BitVec {
        z3.makeConst(name: name, sort: z3.bitVecSort(width: 32))
    }

    @Test("(m & 0x200) != 0 is true in a model where m = 0x200 | 0xCC0")
    func maskTestInModel() throws {
        let m = word("m")
        let solver = Z3Solver(context: z3)
        solver.assert(m == z3.bitVec(0x200 | 0xCC0, width: 32))
        let model = try #require(try solver.check().model)
        #expect(try model.bool((m & z3.bitVec(0x200, width: 32)) != z3.bitVec(0, width: 32)))
        #expect(try model.bool(m.testAny(0x200)))
        #expect(try model.bool(m.testAll(0x200 | 0x800)))
        #expect(try !model.bool(m.testAny(0x1)))
        #expect(try model.bitVec(m) == 0xEC0)
        #expect(try model.bitVec(m.or(0x1)) == 0xEC1)
        #expect(try model.int(m.bv2int()) == 0xEC0)
    }

    @Test("~m & m == 0 and De Morgan for bits are valid")
    func complement() throws {
        let m = word("m"), n = word("n")
        let zero = z3.bitVec(0, width: 32)
        #expect(try isValid((~m & m) == zero))
        #expect(try isValid(~(m | n) == (~m & ~n)))
        #expect(try isValid((m ^ m) == zero))
        #expect(try !isValid(m == zero))
    }

    @Test("Shifts: logical, by terms and by constants, and past the width")
    func shifts() throws {
        let x = word("x")
        #expect(try isValid((x << 4) >> 4 == x.and(0x0FFF_FFFF)))
        #expect(try isValid(x >> 31 == z3.bitVec(0, width: 32) || x >> 31 == z3.bitVec(1, width: 32)))
        #expect(try isValid((x << z3.bitVec(3, width: 32)) == x << 3))
        #expect((x << 32).bitVecValue == 0)
        #expect((x >> 40).bitVecValue == 0)
        #expect((z3.bitVec(1, width: 32) << 9).bitVecValue == 0x200)
        #expect((z3.bitVec(0x8000_0000, width: 32) << 1).bitVecValue == 0)
    }

    @Test("Literals fold, modulo 2^width")
    func folding() {
        let a = z3.bitVec(0xF0, width: 8), b = z3.bitVec(0x3C, width: 8)
        #expect((a & b).bitVecValue == 0x30)
        #expect((a | b).bitVecValue == 0xFC)
        #expect((~a).bitVecValue == 0x0F)
        #expect((a + b).bitVecValue == 0x2C)
        #expect((b - a).bitVecValue == 0x4C)
        #expect(a.ugt(b).isTrue)
        #expect(a.slt(b).isTrue)  // 0xF0 is -16 in 8 bits
        #expect(z3.bitVec(0xEC0, width: 32).testAny(0x200).isTrue)
        #expect(z3.bitVec(0xEC0, width: 32).testAll(0x201).isFalse)
        #expect(a.extract(high: 7, low: 4).bitVecValue == 0xF)
        #expect(a.extract(high: 7, low: 4).width == 4)
        #expect(a.zeroExtend(by: 24).width == 32)
        #expect(z3.int(-1).toBitVec(width: 8).bitVecValue == 0xFF)
    }

    @Test("Unsigned and signed comparisons differ on the sign bit")
    func comparisons() throws {
        let x = word("x")
        let top = z3.bitVec(0x8000_0000, width: 32)
        #expect(try isValid(x.uge(z3.bitVec(0, width: 32))))
        #expect(try isValid(top.slt(z3.bitVec(0, width: 32))))
        #expect(try isValid(x.ule(x) && x.sle(x) && !x.ult(x) && !x.slt(x)))
        #expect(try isValid(x.ugt(top) ==> x.slt(z3.bitVec(0, width: 32))))
        #expect(try isValid(x.sgt(x) == x.slt(x)))
    }

    @Test("Width changes and integer conversions round-trip")
    func conversions() throws {
        let x = word("x")
        #expect(x.width == 32)
        let low = x.extract(high: 7, low: 0)
        #expect(low.width == 8)
        #expect(try isValid(low.zeroExtend(by: 24) == x.and(0xFF)))
        #expect(try isValid(x.bv2int() >= 0 && x.bv2int() < 1 << 32))
        #expect(try isValid(x.bv2int().toBitVec(width: 32) == x))
    }

    @Test("A width mismatch stops the program, naming both widths")
    func widthMismatch() async {
        await #expect(processExitsWith: .failure) {
            let z3 = Z3Context()
            let a = z3.makeConst(name: "a", sort: z3.bitVecSort(width: 32))
            let b = z3.makeConst(name: "b", sort: z3.bitVecSort(width: 8))
            _ = a & b
        }
    }
}
