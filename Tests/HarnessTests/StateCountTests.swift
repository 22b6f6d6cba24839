import CheckerCore
import Explorer
import Harness
import MemoryModel
import Testing

/// Exact sizes of whole scopes, explored by the engine as `check` does. A
/// change to one of these numbers is a change to the model's semantics (or
/// to a shipped scope): say which in the commit.
struct ScopeCount: Sendable, CustomTestStringConvertible {
    var design: Design
    var scope: String
    var symmetry: Bool
    var states: Int
    var transitions: Int
    var testDescription: String { "\(scope) \(design) symmetry \(symmetry ? "on" : "off")" }

    static let pinned: [ScopeCount] = [
        // The default scope of each design (Design.defaultScope). One folio
        // slot and one task: symmetry has nothing to permute.
        .init(design: .v4, scope: "default", symmetry: true, states: 504_702, transitions: 6_163_166),
        .init(design: .v4, scope: "default", symmetry: false, states: 504_702, transitions: 6_163_166),
        .init(design: .v3, scope: "v3-numa", symmetry: true, states: 129_494, transitions: 1_124_566),
        .init(design: .v3, scope: "v3-numa", symmetry: false, states: 129_494, transitions: 1_124_566),
        // Two interchangeable folio slots: reduction stores about half.
        .init(design: .v4, scope: "cram", symmetry: true, states: 36_245, transitions: 411_966),
        .init(design: .v4, scope: "cram", symmetry: false, states: 71_819, transitions: 815_604),
    ]
}

@Test(arguments: ScopeCount.pinned)
func wholeScopeStateCounts(_ pinned: ScopeCount) throws {
    let model = try Model(scope: Scope.named(pinned.scope), design: pinned.design)
    let options = ExplorerOptions(workers: 2, symmetry: pinned.symmetry)
    let result = try Explorer(system: model, options: options).run(properties: [])
    #expect(result.stopReason == .exhausted)
    #expect(result.statistics.states == pinned.states)
    #expect(result.statistics.transitions == pinned.transitions)
}

@Test(arguments: Design.allCases)
func eachDesignHasADefaultScope(_ design: Design) throws {
    #expect(ScopeCount.pinned.contains { $0.design == design && $0.scope == design.defaultScope })
    _ = try Model(scope: Scope.named(design.defaultScope), design: design)
}

/// Symmetry reduction is sound on the engine: every property gets the same
/// verdict with and without it, on a scope with interchangeable folio slots
/// small enough to explore both ways.
@Test func symmetryKeepsEveryVerdict() throws {
    var options = CheckFixture.options(workers: 2)
    options.scope = "cram"
    options.counterexamplesDirectory = nil
    let reduced = try Check.run(options)
    options.explorer.symmetry = false
    let full = try Check.run(options)
    #expect(reduced.stopReason == .exhausted && full.stopReason == .exhausted)
    #expect(reduced.statistics.states < full.statistics.states)
    #expect(reduced.properties.map(\.verdict) == full.properties.map(\.verdict))
    #expect(reduced.properties.map { $0.trace?.count } == full.properties.map { $0.trace?.count },
            "shortest counterexamples have the same length either way")
}
