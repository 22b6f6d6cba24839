import Testing
import Z3Bridge

@Suite("Reference counting")
struct ReferenceCountTests {
    @Test("100k terms built and mostly dropped: the kept ones are unchanged")
    func keptTermsSurvive() {
        let z3 = Z3Context()
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let w = z3.makeConst(name: "w", sort: z3.bitVecSort(width: 32))
        var kept: [(term: Z3Int, text: String)] = []
        var keptBits: [(term: Z3BitVec, text: String)] = []
        for i in 0..<100_000 {
            let sum = x * (i % 977) + i
            let dropped = (sum - x) * 3 + z3.makeConst(name: "d\(i % 50)", sort: z3.intSort)
            _ = dropped < sum
            let bits = (w << (i % 31)).or(UInt64(i) & 0xFFFF)
            if i % 997 == 0 {
                kept.append((sum, sum.smtlib2))
                keptBits.append((bits, bits.smtlib2))
            }
        }
        #expect(kept.count == 101)
        for (term, text) in kept { #expect(term.smtlib2 == text) }
        for (term, text) in keptBits { #expect(term.smtlib2 == text) }
    }

    @Test("A term keeps its context alive")
    func termOutlivesContextVariable() throws {
        func make() -> Z3Int {
            let z3 = Z3Context()
            return z3.makeConst(name: "y", sort: z3.intSort) + 1
        }
        let term = make()
        #expect(term.smtlib2 == "(+ y 1)")
        #expect(try isSatisfiable(term == 3))
    }

    @Test("Models and solvers outlive the solver and the check")
    func modelOutlivesSolver() throws {
        let z3 = Z3Context()
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        var model: Z3Model?
        do {
            let solver = Z3Solver(context: z3)
            solver.assert(x == 42)
            model = try solver.check().model
        }
        #expect(try model?.int(x) == 42)
    }
}
