import Testing
import Z3Bridge

@Suite("Solver")
struct SolverTests {
    let z3 = Z3Context()

    @Test("push/pop: false inside a scope is unsat, sat again after pop")
    func scopes() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let solver = Z3Solver(context: z3)
        solver.assert(x > 0)
        solver.push()
        solver.assert(z3.bool(false))
        #expect(try solver.check().isUnsat)
        solver.pop()
        #expect(try solver.check().isSat)
        #expect(solver.scopeCount == 0)

        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try solver.withScope {
                solver.assert(x < 0)
                #expect(try solver.check().isUnsat)
                throw Stop()
            }
        }
        #expect(solver.scopeCount == 0)
        #expect(try solver.check().isSat)
    }

    @Test("Assumptions hold for one check and give an unsat core")
    func assumptionsAndCore() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let p = z3.makeConst(name: "p", sort: z3.boolSort)
        let q = z3.makeConst(name: "q", sort: z3.boolSort)
        let solver = Z3Solver(context: z3)
        solver.assert(p ==> x > 5)
        solver.assert(q ==> x < 3)
        #expect(try solver.check(assumptions: [p, q]).isUnsat)
        let core = try solver.unsatCore()
        #expect(core.count == 2)
        #expect(core.contains { $0.isIdentical(to: p) })
        #expect(try solver.check(assumptions: [p]).isSat)
        #expect(try solver.check().isSat)
    }

    @Test("Incomplete quantifier reasoning gives unknown with Z3's reason")
    func unknownWithReason() throws {
        let f = z3.function(name: "f", domain: [z3.intSort.erased], range: z3.intSort)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let solver = Z3Solver(context: z3)
        try solver.setParameter("smt.mbqi", .bool(false))
        solver.assert(try z3.forall([x.erased], try f.apply(x.erased) > x))
        let result = try solver.check()
        guard case let .unknown(reason) = result else {
            Issue.record("expected unknown, got \(result)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(solver.reasonUnknown == reason)
    }

    @Test("A tiny timeout on a hard problem gives unknown with a reason, or an answer")
    func timeout() throws {
        let vars = (0..<6).map { z3.makeConst(name: "n\($0)", sort: z3.intSort) }
        let solver = Z3Solver(context: z3)
        // x³ + y³ = z³ in positive integers (no solution; hard for nonlinear arithmetic).
        for v in vars { solver.assert(v > 1) }
        solver.assert(vars[0] * vars[0] * vars[0] + vars[1] * vars[1] * vars[1] == vars[2] * vars[2] * vars[2])
        solver.assert(vars[3] * vars[4] * vars[5] == vars[0] * vars[1] + 7919)
        let result = try solver.check(timeout: .milliseconds(1))
        if case let .unknown(reason) = result {
            #expect(!reason.isEmpty)
        }
        // The timeout applies to that check only.
        let easy = Z3Solver(context: z3)
        easy.assert(vars[0] == 3)
        #expect(try easy.check(timeout: .seconds(10)).isSat)
        #expect(try easy.check().isSat)
    }

    @Test("Z3 errors throw with Z3's message and the process goes on")
    func errorsThrow() throws {
        do {
            _ = try z3.parseSMTLIB2("(assert (foo")
            Issue.record("malformed SMT-LIB2 parsed")
        } catch let Z3Error.api(code, message) {
            #expect(code != 0)
            #expect(!message.isEmpty)
        }
        #expect(throws: Z3Error.self) { try z3.parseSMTLIB2("(assert (= x 1))") }  // x undeclared
        #expect(throws: Z3Error.self) { try Z3Solver(context: z3, logic: "NO_SUCH_LOGIC") }
        #expect(throws: Z3Error.self) { try Z3Solver(context: z3).setParameter("no_such_parameter", .bool(true)) }
        #expect(throws: Z3Error.self) { try Z3Solver(context: z3).unsatCore() }
        // The context still works after the errors.
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        #expect(try isSatisfiable(x == 1))
        #expect(try Z3Solver(context: z3, logic: "QF_LIA").check().isSat)
    }

    @Test("The SMT-LIB2 benchmark declares constants, ends in (check-sat), and parses back")
    func benchmarkRoundTrip() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let m = z3.makeConst(name: "m", sort: z3.bitVecSort(width: 32))
        let solver = Z3Solver(context: z3)
        solver.assert(x > 3 && x < 5)
        solver.assert(m.testAny(0x200))
        let text = solver.smtlib2Benchmark(status: "sat")
        #expect(text.contains("(check-sat)"))
        #expect(text.contains("(declare-fun x () Int)"))
        #expect(text.contains("(declare-fun m () (_ BitVec 32))"))
        #expect(solver.smtlib2.contains("(assert"))

        let fresh = Z3Context()
        let reparsed = Z3Solver(context: fresh)
        reparsed.assertAll(try fresh.parseSMTLIB2(text))
        let model = try #require(try reparsed.check().model)
        let x2 = fresh.makeConst(name: "x", sort: fresh.intSort)
        #expect(try model.int(x2) == 4)

        solver.assert(x == 7)
        let unsat = Z3Solver(context: z3)
        unsat.assertAll(try z3.parseSMTLIB2(solver.smtlib2Benchmark()))
        #expect(try unsat.check().isUnsat)
        #expect(try solver.check().isUnsat)
    }

    @Test("Statistics are reported after a check")
    func statistics() throws {
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let solver = Z3Solver(context: z3)
        solver.assert(x * x == 49 && x < 0)
        let model = try #require(try solver.check().model)
        #expect(try model.int(x) == -7)
        #expect(!solver.statistics.isEmpty)
        #expect(model.description.contains("x"))
    }
}
