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

    @Test("Free constants in a query are read existentially")
    func freeConstantsInQuery() throws {
        let (fp, inv, x) = try counter()
        #expect(try fp.query(try inv.apply(x.erased) && x > 10).isUnreachable)
        #expect(try fp.query(try inv.apply(x.erased) && x == 10).isReachable)
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
