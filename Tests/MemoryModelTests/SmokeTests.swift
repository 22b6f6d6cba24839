import Testing
import CheckerCore
@testable import MemoryModel

@Test func randomWalksFireActions() throws {
    let model = try Model(scope: Fixtures.scope(), design: .v4)
    var fired: [String: Int] = [:]
    for seed in 0..<50 {
        var rng = SplitMix64(seed: UInt64(seed))
        var s = model.initialState(ConcreteAlgebra())
        for _ in 0..<60 {
            let enabled = model.actions.compactMap { a in model.step(s, a).map { (a, $0) } }
            if enabled.isEmpty { break }
            let (a, r) = enabled[Int(rng.next() % UInt64(enabled.count))]
            fired[a.family(.v4), default: 0] += 1
            s = r.state
        }
    }
    for (k, v) in fired.sorted(by: { $0.key < $1.key }) { print(k, v) }
    #expect(fired.count > 10)
}
