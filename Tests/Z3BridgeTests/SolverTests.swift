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

    @Test("An exhausted resource limit gives unknown with Z3's reason")
    func unknownWithReason() throws {
        let solver = Z3Solver(context: z3)
        try solver.setParameter("rlimit", .uint(1))
        assertFermatCubes(solver)
        let result = try solver.check()
        guard case let .unknown(reason) = result else {
            Issue.record("expected unknown, got \(result)")
            return
        }
        #expect(reason.contains("resource"))
        #expect(solver.reasonUnknown == reason)
    }

    /// x³ + y³ = z³ in integers above 1: no solution, hard for nonlinear arithmetic.
    func assertFermatCubes(_ solver: Z3Solver) {
        let (x, y, z) = (z3.makeConst(name: "x", sort: z3.intSort),
                         z3.makeConst(name: "y", sort: z3.intSort),
                         z3.makeConst(name: "z", sort: z3.intSort))
        solver.assertAll([x > 1, y > 1, z > 1, x * x * x + y * y * y == z * z * z])
    }

    @Test("Timeouts interrupt the check with a reason, repeatably, and apply to one check only")
    func timeout() throws {
        let clock = ContinuousClock()
        var slowest = Duration.zero
        // Z3 4.8.12's own timer deadlocks after a few expiries; the watchdog must not.
        for round in 0..<20 {
            let solver = Z3Solver(context: z3)
            assertFermatCubes(solver)
            let started = clock.now
            let result = try solver.check(timeout: .milliseconds(1 + round % 5))
            slowest = max(slowest, clock.now - started)
            if case let .unknown(reason) = result {
                #expect(!reason.isEmpty)
            }
        }
        #expect(slowest < .seconds(2))
        let solver = Z3Solver(context: z3)
        assertFermatCubes(solver)
        #expect(try solver.check(timeout: .milliseconds(20)).isUnknown)
        let easy = Z3Solver(context: z3)
        easy.assert(z3.makeConst(name: "x", sort: z3.intSort) == 3)
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
        #expect(throws: Z3Error.self) { try Z3Solver(context: z3).setParameter("timeout", .uint(10)) }
        #expect(throws: Z3Error.self) { try Z3Solver(context: z3).setParameter("smt.mbqi", .uint(10)) }
        try Z3Solver(context: z3).setParameter("smt.mbqi", .bool(false))
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
