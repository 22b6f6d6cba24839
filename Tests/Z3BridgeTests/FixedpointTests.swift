import Testing
import Z3Bridge

@Suite("Fixedpoint (Spacer)")
struct FixedpointTests {
    let z3 = Z3Context()

    /// Inv(0); Inv(x) ∧ x < 10 → Inv(x + 1).
    func counter() throws -> (Z3Fixedpoint, Z3FuncDecl<BoolSort>, Z3Int) {
        let inv = z3.function(name: "Inv", domain: [z3.intSort.erased], range: z3.boolSort)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let fp = Z3Fixedpoint(context: z3)
        fp.registerRelation(inv)
        try fp.addRule(try inv.apply(z3.int(0).erased), name: "init")
        try fp.addRule(try z3.forall([x.erased], try inv.apply(x.erased) && x < 10 ==> inv.apply((x + 1).erased)),
                       name: "step")
        return (fp, inv, x)
    }

    @Test("Inv(x) ∧ x > 10 is unreachable, with an invariant")
    func unreachable() throws {
        let (fp, inv, x) = try counter()
        let result = try fp.query(try z3.exists([x.erased], try inv.apply(x.erased) && x > 10))
        guard case let .unreachable(invariant) = result else {
            Issue.record("expected unreachable, got \(result)")
            return
        }
        #expect(invariant != nil)
        #expect(fp.cover(level: -1, for: inv) != nil)
        #expect(fp.smtlib2.contains("Inv"))
    }

    @Test("Inv(x) ∧ x == 10 is reachable")
    func reachable() throws {
        let (fp, inv, x) = try counter()
        let result = try fp.query(try z3.exists([x.erased], try inv.apply(x.erased) && x == 10), timeout: .seconds(30))
        #expect(result.isReachable)
    }

    @Test("Free constants are bound for you: universally in rules, existentially in queries")
    func freeConstants() throws {
        let inv = z3.function(name: "Reach", domain: [z3.intSort.erased], range: z3.boolSort)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let fp = Z3Fixedpoint(context: z3)  // no registerRelation: rules register what they apply
        try fp.addRule(try inv.apply(z3.int(0).erased))
        try fp.addRule(try inv.apply(x.erased) && x < 10 ==> inv.apply((x + 1).erased))
        #expect(try fp.query(try inv.apply(x.erased) && x > 10).isUnreachable)
        #expect(try fp.query(try inv.apply(x.erased) && x == 10).isReachable)
        #expect(try fp.query(try inv.apply(x.erased) && x > 10).isUnreachable)  // repeatable
    }

    @Test("A nullary relation, registered, is a relation and not a variable")
    func nullaryRelation() throws {
        let bad = z3.function(name: "Bad", domain: [], range: z3.boolSort)
        let inv = z3.function(name: "Step", domain: [z3.intSort.erased], range: z3.boolSort)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let fp = Z3Fixedpoint(context: z3)
        fp.registerRelation(bad)
        try fp.addRule(try inv.apply(z3.int(0).erased))
        try fp.addRule(try inv.apply(x.erased) && x < 5 ==> inv.apply((x + 2).erased))
        try fp.addRule(try inv.apply(x.erased) && x == 5 ==> bad.apply())
        #expect(try fp.query(try bad.apply()).isUnreachable)  // only even values are reached
    }

    @Test("A timeout interrupts a long query with a reason")
    func timeout() throws {
        let inv = z3.function(name: "Count", domain: [z3.intSort.erased], range: z3.boolSort)
        let x = z3.makeConst(name: "x", sort: z3.intSort)
        let fp = Z3Fixedpoint(context: z3)
        try fp.addRule(try inv.apply(z3.int(0).erased))
        try fp.addRule(try z3.forall([x.erased], try inv.apply(x.erased) && x < 1_000_000 ==> inv.apply((x + 1).erased)))
        let clock = ContinuousClock()
        let started = clock.now
        let result = try fp.query(try z3.exists([x.erased], try inv.apply(x.erased) && x == 1_000_000),
                                  timeout: .milliseconds(200))
        #expect(clock.now - started < .seconds(10))
        guard case let .unknown(reason) = result else {
            Issue.record("expected unknown, got \(result)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(throws: Z3Error.self) { try fp.setParameter("timeout", .uint(5)) }
        // The engine still answers afterwards.
        #expect(try fp.query(try inv.apply(x.erased) && x < 0).isUnreachable)
    }

    @Test("Wrong arity or sorts throw; binding a non-constant throws")
    func misuse() throws {
        let inv = z3.function(name: "Inv2", domain: [z3.intSort.erased], range: z3.boolSort)
        let b = z3.makeConst(name: "b", sort: z3.boolSort)
        #expect(throws: Z3Error.self) { try inv.apply([]) }
        #expect(throws: Z3Error.self) { try inv.apply(b.erased) }
        #expect(throws: Z3Error.self) { try z3.forall([z3.int(3).erased], b) }
        #expect(inv.name == "Inv2")
        #expect(inv.arity == 1)
    }
}
