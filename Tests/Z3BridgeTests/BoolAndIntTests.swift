import Testing
import Z3Bridge

@Suite("Booleans and integers")
struct BoolAndIntTests {
    let z3 = Z3Context()

    @Test("De Morgan: !(a && b) == (!a || !b) is valid")
    func deMorgan() throws {
        let a = z3.makeConst(name: "a", sort: z3.boolSort)
        let b = z3.makeConst(name: "b", sort: z3.boolSort)
        let solver = Z3Solver(context: z3)
        solver.assert(!(!(a && b) == (!a || !b)))
        #expect(try solver.check().isUnsat)
    }

    @Test("x + 1 > x is valid")
    func successorIsGreater() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect(try isValid(x + 1 > x))
        #expect(try isValid((3 < x) == (x > 3) && (3 <= x) == (x >= 3) && (3 == x) == (x == 3)))
        #expect(try isValid((3 > x) == (x < 3) && (3 >= x) == (x <= 3) && (3 != x) == (x != 3)))
    }

    @Test("x * 2 == 7 has no integer solution")
    func evenNeverOdd() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect(try !isSatisfiable(x * 2 == 7))
    }

    @Test("x > 3 && x < 5 is sat, and the model gives x == 4")
    func modelValue() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let solver = Z3Solver(context: z3)
        solver.assert(x > 3 && x < 5)
        let result = try solver.check()
        let model = try #require(result.model)
        #expect(try model.int(x) == 4)
        #expect(try model.bool(x == 4))
        #expect(try model.evaluate(x + 10).intValue == 14)
    }

    @Test("Integer division is SMT-LIB div: C's / on non-negative values")
    func division() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect(try isValid((x >= 0 && x < 8) ==> (x / 4 == 0 || x / 4 == 1)))
        #expect((z3.int(7) / 2).intValue == 3)
        #expect((z3.int(-7) / 2).intValue == -4)  // the remainder is non-negative
        #expect(try isValid(z3.int(-7) / 2 == -4))  // and Z3 agrees
        #expect(try isValid(x / 1 == x))
    }

    @Test("Literals fold: the result stays a literal")
    func folding() {
        #expect((z3.int(2) + 3).intValue == 5)
        #expect((z3.int(2) * 3 - 1).intValue == 5)
        #expect((-z3.int(2)).intValue == -2)
        #expect((z3.int(2) < 3).isTrue)
        #expect((z3.int(2) >= 3).isFalse)
        #expect((z3.int(4) == 4).isTrue)
        #expect((z3.int(4) != 4).isFalse)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect((x + 0).isIdentical(to: x))
        #expect((x == x).isTrue)
        #expect((x + 1).intValue == nil)
    }

    @Test("&& and || short-circuit on literals without evaluating or building")
    func shortCircuit() throws {
        let p = z3.makeConst(name: "p", sort: z3.boolSort)
        let t = z3.bool(true), f = z3.bool(false)
        var evaluated = false
        func probe() -> Z3Bool { evaluated = true; return p }
        #expect((f && probe()).isFalse)
        #expect((t || probe()).isTrue)
        #expect(!evaluated)
        #expect((p && t).isIdentical(to: p))
        #expect((t && p).isIdentical(to: p))
        #expect((p && f).isFalse)
        #expect((p || f).isIdentical(to: p))
        #expect((p || t).isTrue)
        #expect((f ==> p).isTrue)
        #expect((t ==> p).isIdentical(to: p))
        #expect((p == t).isIdentical(to: p))
        #expect((!t).isFalse)

        struct Boom: Error {}
        func failing() throws -> Z3Bool { throw Boom() }
        #expect(throws: Boom.self) { try p && failing() }
        #expect(try (f && failing()).isFalse)
    }

    @Test("==> binds looser than || and is an implication")
    func implication() throws {
        let a = z3.makeConst(name: "a", sort: z3.boolSort)
        let b = z3.makeConst(name: "b", sort: z3.boolSort)
        #expect(try isValid(a && b ==> a || b))
        #expect(try !isValid(a || b ==> a && b))
        #expect(try isValid((a ==> b) == (!a || b)))
    }

    @Test("ite with a literal condition or identical branches returns a branch")
    func iteShortCircuit() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let y = z3.makeConst(name: "y", sort: z3.intSort)
        let c = z3.makeConst(name: "c", sort: z3.boolSort)
        #expect(ite(z3.bool(true), x, y).isIdentical(to: x))
        #expect(ite(z3.bool(false), x, y).isIdentical(to: y))
        #expect(ite(c, x, x).isIdentical(to: x))
        let chosen = ite(c, x, y)
        #expect(!chosen.isIdentical(to: x) && !chosen.isIdentical(to: y))
        #expect(try isValid(chosen == x || chosen == y))
    }

    @Test("and, or, distinct over arrays")
    func naryConnectives() throws {
        let xs = (0..<3).map { z3.makeConst(name: "v\($0)", sort: z3.intSort) }
        #expect(and([], in: z3).isTrue)
        #expect(or([], in: z3).isFalse)
        #expect(and([xs[0] == 1, z3.bool(true)]).smtlib2 == (xs[0] == 1).smtlib2)
        #expect(or([xs[0] == 1, z3.bool(true)]).isTrue)
        let bounded = and(xs.map { $0 >= 0 && $0 < 2 })
        #expect(try !isSatisfiable(bounded && distinct(xs)))
        #expect(try isSatisfiable(and(xs.map { $0 >= 0 && $0 < 3 }) && distinct(xs)))
    }

    @Test("Sorts, names and erasure")
    func sortsAndErasure() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect(x.sort.description == "Int")
        #expect(z3.bitVecSort(width: 32).description == "(_ BitVec 32)")
        #expect(x.erased.cast(to: IntSort.self)?.isIdentical(to: x) == true)
        #expect(x.erased.cast(to: BoolSort.self) == nil)
        let fresh1 = z3.freshConst(prefix: "t", sort: z3.intSort)
        let fresh2 = z3.freshConst(prefix: "t", sort: z3.intSort)
        #expect(!fresh1.isIdentical(to: fresh2))
        #expect(z3.makeConst(name: "x", sort: z3.intSort).isIdentical(to: x))
        #expect(z3.makeConst(name: "x", sort: z3.intSort).id == x.id)
        #expect((x + 1 - 1).simplified().isIdentical(to: x))
        #expect(z3.version.hasPrefix("4."))
    }
}
