import CheckerCore
import Harness
import MemoryModel
import Testing

/// `privcheck simulate`: deterministic, and over a few seeds it reaches
/// every action of each design.
@Test func simulateIsDeterministic() throws {
    let model = try Model(scope: Scope.named("default"), design: .v4)
    var first: [String] = []
    var second: [String] = []
    _ = Simulator(model: model).run(seed: 7, steps: 200) { first.append($0) }
    _ = Simulator(model: model).run(seed: 7, steps: 200) { second.append($0) }
    #expect(first == second)
    #expect(first.filter { $0.first?.isNumber == true }.count == 200)
    #expect(first.first == "design v4, scope default, seed 7")
}

struct CoverageCase: CustomTestStringConvertible, Sendable {
    let design: Design
    let scopes: [String]
    /// Families that no shipped scope of the design can enable, with why.
    let unreachable: [String: String]
    var testDescription: String { design.rawValue }

    static let all: [CoverageCase] = [
        .init(design: .v4, scopes: ["default", "cram", "flags", "v3-numa"], unreachable: [:]),
        .init(design: .v3, scopes: ["v3-zswap", "v3-numa", "flags"], unreachable: [:]),
    ]
}

@Test(arguments: CoverageCase.all)
func simulationsUseEveryAction(_ c: CoverageCase) throws {
    var fired: Set<String> = []
    for name in c.scopes {
        let model = try Model(scope: Scope.named(name), design: c.design)
        for seed in 1...25 {
            let summary = Simulator(model: model).run(seed: UInt64(seed), steps: 400) { _ in }
            fired.formUnion(summary.fired.keys)
        }
    }
    let families = Set(Model.catalog(c.design).map(\.family))
    let missing = families.subtracting(fired).subtracting(c.unreachable.keys)
    #expect(missing.isEmpty, "never fired: \(missing.sorted())")
    #expect(fired.isSubset(of: families), "fired outside the catalog: \(fired.subtracting(families).sorted())")
}
