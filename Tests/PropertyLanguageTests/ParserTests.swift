import Testing

@testable import PropertyLanguage

private let here = SourceLocation(line: 0, column: 0)
private func name(_ text: String) -> Expr { .name(text, location: here) }
private func integer(_ value: Int64) -> Expr { .integer(value, location: here) }
private func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr) -> Expr {
    .binary(op, left, right, location: here)
}
private func member(_ base: Expr, _ field: String) -> Expr { .member(base, field: field, location: here) }
private func index(_ base: Expr, _ position: Expr) -> Expr { .index(base, position, location: here) }
private func not(_ operand: Expr) -> Expr { .unary(.not, operand, location: here) }

/// Parses a body expression alone, wrapped in a minimal property.
private func parseBody(_ text: String) throws -> Expr {
    try PropertyParser.parse("invariant p { \(text) }", file: "test.prop").body
}

@Test func isolationExampleParses() throws {
    let file = try PropertyParser.parse(Fixtures.isolation, file: "isolation.prop")
    #expect(file.kind == .invariant)
    #expect(file.name == "isolation")
    #expect(file.designs == ["v4"])
    #expect(file.assuming == [])
    #expect(file.summary.hasPrefix("Isolation: a folio on a private node"))
    #expect(file.summary.split(separator: "\n").count == 4)
    #expect(file.location == SourceLocation(line: 5, column: 1))
    let f = name("f")
    let condition = binary(
        .and, member(f, "in_use"), member(index(name("node"), member(f, "nid")), "N_MEMORY_PRIVATE"))
    let body = binary(
        .or, binary(.has, member(f, "gfp"), name("__GFP_PRIVATE")),
        binary(.in, member(f, "path"), .set([name("demotion"), name("move_pages")], location: here)))
    #expect(
        file.body
            == .quantifier(.forall, variable: "f", collection: "folios", condition: condition, body: body, location: here))
    #expect(file.body.location == SourceLocation(line: 8, column: 3))
}

@Test func capacityExampleParsesTheLetAroundTheSum() throws {
    let file = try PropertyParser.parse(Fixtures.capacity, file: "capacity.prop")
    #expect(file.designs == ["v4", "v3"])
    #expect(file.assuming == ["isolation"])
    guard case .quantifier(.forall, "n", "nodes", _, let body, _) = file.body,
        case .letBinding("used", let value, let letBody, _) = body,
        case .sum("f", "folios", .some, let summand, _) = value
    else {
        Issue.record("unexpected shape: \(file.body)")
        return
    }
    #expect(summand == member(name("f"), "compressed_size"))
    guard case .binary(.lessOrEqual, _, let capacity, _) = letBody else {
        Issue.record("unexpected let body: \(letBody)")
        return
    }
    #expect(capacity == member(name("n"), "real_capacity"))
}

@Test func gateExampleBindsBitAndTighterThanComparison() throws {
    let file = try PropertyParser.parse(Fixtures.gate, file: "gate.prop")
    #expect(file.kind == .transition)
    guard case .binary(.implies, let premise, let conclusion, _) = file.body,
        case .binary(.and, _, let negated, _) = premise
    else {
        Issue.record("unexpected shape: \(file.body)")
        return
    }
    let masked = binary(.bitAnd, member(name("action"), "gfp"), name("__GFP_PRIVATE"))
    #expect(negated == not(binary(.notEqual, masked, integer(0))))
    #expect(
        conclusion
            == not(
                member(
                    index(member(name("post"), "node"), member(index(member(name("post"), "folio"), name("ret")), "nid")),
                    "N_MEMORY_PRIVATE")))
}

@Test func promotionExampleParses() throws {
    let file = try PropertyParser.parse(Fixtures.promotionFires, file: "promotion.prop")
    #expect(file.kind == .reachable)
    #expect(file.summary == "Witness: a write fault promotes a compressed folio.")
    #expect(file.designs.isEmpty)
}

@Test func precedenceAndAssociativity() throws {
    let a = name("a"), b = name("b"), c = name("c")
    #expect(try parseBody("a implies b implies c") == binary(.implies, a, binary(.implies, b, c)))
    #expect(try parseBody("a - b - c") == binary(.subtract, binary(.subtract, a, b), c))
    #expect(try parseBody("a + b * c") == binary(.add, a, binary(.multiply, b, c)))
    #expect(try parseBody("a || b && c") == binary(.or, a, binary(.and, b, c)))
    #expect(try parseBody("!a == b") == not(binary(.equal, a, b)))
    #expect(try parseBody("a | b & c == 1") == binary(.equal, binary(.bitOr, a, binary(.bitAnd, b, c)), integer(1)))
    #expect(try parseBody("-a.b") == .unary(.negate, member(a, "b"), location: here))
    #expect(try parseBody("0x10 + 0X1f") == binary(.add, integer(16), integer(31)))
    #expect(try parseBody("true and false") == binary(.and, .boolean(true, location: here), .boolean(false, location: here)))
    #expect(try parseBody("count f in folios > 2") == binary(.greater, .count(variable: "f", collection: "folios", condition: nil, location: here), integer(2)))
    #expect(try parseBody("9223372036854775807 == 0x7fffffffffffffff") == binary(.equal, integer(.max), integer(.max)))
}

@Test func letValueEndsAtInButParenthesesAllowIn() throws {
    let expected = Expr.letBinding(
        name: "x", value: binary(.in, name("a"), name("s")), body: binary(.in, name("x"), name("t")), location: here)
    #expect(try parseBody("let x = (a in s) in x in t") == expected)
}

@Test func locationsAreOneBasedCharacterColumns() throws {
    let file = try PropertyParser.parse("invariant p {\n\tfoo  and bar }", file: "t.prop")
    guard case .binary(.and, let left, let right, let location) = file.body else {
        Issue.record("unexpected shape")
        return
    }
    #expect(location == SourceLocation(line: 2, column: 2))
    #expect(left.location == SourceLocation(line: 2, column: 2))
    #expect(right.location == SourceLocation(line: 2, column: 11))
}

@Test func headerIsTheLastCommentRunBeforeTheKind() throws {
    let text = "// SPDX-License-Identifier: GPL-2.0\n\n// first\n//second\n//\n\ninvariant p // not header\n{ a }"
    let file = try PropertyParser.parse(text, file: "t.prop")
    #expect(file.summary == "first\nsecond\n")
}

@Test func deepNestingIsRejectedNotCrashing() {
    let deep = "invariant p { " + String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000) + " }"
    #expect(throws: Diagnostic.self) { try PropertyParser.parse(deep, file: "deep.prop") }
    let negations = "invariant p { " + String(repeating: "not ", count: 3_000) + "a }"
    do {
        _ = try PropertyParser.parse(negations, file: "deep.prop")
        Issue.record("expected a diagnostic")
    } catch {
        #expect(error.message == "expression nested too deeply")
    }
    let fine = "invariant p { " + String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150) + " }"
    #expect(throws: Never.self) { try PropertyParser.parse(fine, file: "ok.prop") }
}

@Test func editDistanceSuggestsCloseKeywords() {
    #expect(Spelling.editDistance("invarient", "invariant") == 1)
    #expect(Spelling.suggestion(for: "invarient", among: ["invariant", "transition", "reachable"]) == "did you mean 'invariant'?")
    #expect(Spelling.suggestion(for: "banana", among: ["invariant", "transition", "reachable"]) == nil)
}
