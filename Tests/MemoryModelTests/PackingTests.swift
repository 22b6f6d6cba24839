import Testing
import CheckerCore
@testable import MemoryModel

// Packing a state into the explorer's rows of words (State+Packing.swift):
// lossless and injective on states the engine reaches, sized from the
// scope, and loud about a value outside a field's range.

/// A model the packing and symmetry tests run: a shipped scope with a
/// design that accepts it, or a scope built here.
struct ModelCase: Sendable, CustomTestStringConvertible {
    var label: String
    var model: Model
    var testDescription: String { label }

    /// Every shipped scope with every design that accepts it (Model.init
    /// throws for the others: zswap nodes are v3, private_service is v4).
    static let shipped: [ModelCase] = Scope.shippedNames.flatMap { name -> [ModelCase] in
        guard let scope = try? Scope.named(name) else { return [] }
        return Design.allCases.compactMap { design in
            (try? Model(scope: scope, design: design)).map { ModelCase(label: "\(name) \(design)", model: $0) }
        }
    }

    /// The default scope with a second task configured like the first: the
    /// one scope here whose tasks are interchangeable.
    static let twoTasks: ModelCase? = (try? Scope.named("default")).flatMap { scope in
        var scope = scope
        scope.name = "two-tasks"
        scope.tasks = [scope.tasks[0], scope.tasks[0]]
        return (try? Model(scope: scope, design: .v4)).map { ModelCase(label: "two-tasks v4", model: $0) }
    }

    static let all: [ModelCase] = shipped + (twoTasks.map { [$0] } ?? [])
}

/// States reached by seeded random walks, computed once per case.
enum Samples {
    typealias State = Model.State

    // Immutable once built; ModelState is not Sendable (Bool, Int and UInt32
    // fields, but generic over the algebra).
    nonisolated(unsafe) static let byLabel: [String: [State]] = Dictionary(
        uniqueKeysWithValues: ModelCase.all.map { ($0.label, walk($0.model, walks: 12, length: 32, seed: 0x5eed)) })

    static func of(_ c: ModelCase) -> [State] { byLabel[c.label] ?? [] }

    /// The initial state and every state of `walks` walks of `length` steps.
    static func walk(_ model: Model, walks: Int, length: Int, seed: UInt64) -> [State] {
        var rng = SplitMix64(seed: seed)
        var out: [State] = []
        for _ in 0..<walks {
            var s = model.initialState(ConcreteAlgebra())
            out.append(s)
            for _ in 0..<length {
                guard let (_, next) = randomStep(model, s, &rng) else { break }
                s = next
                out.append(s)
            }
        }
        return out
    }

    /// An enabled action, uniformly at random, and its successor: random
    /// actions until one is enabled (a debug-build step is slow; most
    /// actions are disabled in most states), else a scan of them all.
    static func randomStep(_ model: Model, _ s: State, _ rng: inout SplitMix64) -> (Action, State)? {
        for _ in 0..<4 * model.actions.count {
            let action = model.actions[Int(rng.next() % UInt64(model.actions.count))]
            if let next = model.next(s, action) { return (action, next) }
        }
        let enabled = model.actions.compactMap { a in model.next(s, a).map { (a, $0) } }
        return enabled.isEmpty ? nil : enabled[Int(rng.next() % UInt64(enabled.count))]
    }

    /// Every field of the state, out-of-scope entries included, read through
    /// the generated `visit` (independent of the packing code).
    static func fields(_ s: State) -> [Int] {
        var out: [Int] = []
        s.visit(prefix: "") { _, value in
            switch value {
            case let .bit(b): out.append(b ? 1 : 0)
            case let .num(n): out.append(n)
            case let .mask(m): out.append(Int(m))
            }
        }
        return out
    }

    /// The state's packed row.
    static func row(_ model: Model, _ s: State) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: model.packedWordCount)
        words.withUnsafeMutableBufferPointer { model.pack(s, into: $0) }
        return words
    }

    static func unpack(_ model: Model, _ row: [UInt64]) -> State {
        row.withUnsafeBufferPointer { model.unpack($0) }
    }
}

@Suite("Packing") struct PackingTests {
    @Test("pack then unpack gives the state back, and distinct states give distinct rows", arguments: ModelCase.all)
    func roundTrip(_ c: ModelCase) {
        let model = c.model
        var rowsByState: [[Int]: [UInt64]] = [:]
        for s in Samples.of(c) {
            if let problem = model.layout.firstUnpackableField(s) {
                Issue.record("\(c.label): \(problem)")
                return
            }
            let row = Samples.row(model, s)
            let back = Samples.unpack(model, row)
            #expect(Samples.fields(back) == Samples.fields(s), "\(c.label): unpack(pack(s)) != s")
            #expect(Samples.row(model, back) == row)
            rowsByState[Samples.fields(s)] = row
        }
        #expect(rowsByState.count > 60, "\(c.label): only \(rowsByState.count) distinct states sampled")
        #expect(Set(rowsByState.values).count == rowsByState.count, "\(c.label): two distinct states share a row")
    }

    @Test("every mutant's states pack losslessly", arguments: Mutant.allCases)
    func mutants(_ mutant: Mutant) throws {
        for name in ["default", "cram"] {
            let model = try Model(scope: try Scope.named(name), design: mutant.design, mutant: mutant)
            for s in Samples.walk(model, walks: 4, length: 30, seed: 11) {
                if let problem = model.layout.firstUnpackableField(s) {
                    Issue.record("\(name) \(mutant.rawValue): \(problem)")
                    return
                }
                #expect(Samples.fields(Samples.unpack(model, Samples.row(model, s))) == Samples.fields(s))
            }
        }
    }

    @Test("the layout stores exactly the scope's fields, in visit order", arguments: ModelCase.all)
    func layoutNamesTheScopeFields(_ c: ModelCase) {
        let names = c.model.layout.fieldDescriptions.map(\.name)
        #expect(names == c.model.fields(c.model.initialState(ConcreteAlgebra())).map(\.name))
    }

    /// Bits and words per state; a change here is a change in what the
    /// engine can write (or in how tightly the layout bounds it).
    static let pinned: [String: (bits: Int, words: Int)] = [
        "bench v4": (80, 2),
        "cram v4": (75, 2),
        "default v4": (76, 2),
        "flags v4": (69, 2),
        "flags v3": (51, 1),
        "v3-numa v4": (77, 2),
        "v3-numa v3": (51, 1),
        "v3-zswap v3": (40, 1),
        "two-tasks v4": (95, 2),
    ]

    @Test("words per state, per scope and design", arguments: ModelCase.all)
    func wordsPerState(_ c: ModelCase) {
        let expected = Self.pinned[c.label]
        #expect(expected != nil, "\(c.label) has no pinned size")
        #expect(c.model.layout.bitCount == expected?.bits)
        #expect(c.model.packedWordCount == expected?.words)
    }

    @Test("every shipped scope and design that applies is covered")
    func shippedCases() {
        #expect(ModelCase.twoTasks != nil)
        #expect(ModelCase.shipped.map(\.label).sorted() == Self.pinned.keys.filter { $0 != "two-tasks v4" }.sorted())
    }

    @Test("a value outside its field's range, or a stray out-of-scope entry, is reported by name")
    func outOfRange() throws {
        let model = try Model(scope: try Scope.named("default"), design: .v4)
        var s = model.initialState(ConcreteAlgebra())
        s.node[1].pressure = 7
        #expect(model.layout.firstUnpackableField(s) == "node[1].pressure = 7 is not a value this scope can produce")
        s = model.initialState(ConcreteAlgebra())
        s.folio[0].gfp = GFP.__GFP_DMA
        #expect(model.layout.firstUnpackableField(s) == "folio[0].gfp = 1 is not a value this scope can produce")
        s = model.initialState(ConcreteAlgebra())
        s.folio[5].in_use = true
        #expect(model.layout.firstUnpackableField(s) == "folio[5].in_use is outside the scope but not initial")
        // A DRAM node is online from boot and nothing offlines it.
        s = model.initialState(ConcreteAlgebra())
        s.node[0].N_MEMORY = false
        #expect(model.layout.firstUnpackableField(s) == "node[0].N_MEMORY = 0 is not a value this scope can produce")
    }

    @Test("pack stops on a value outside its range rather than colliding")
    func packTraps() async {
        await #expect(processExitsWith: .failure) {
            guard let scope = try? Scope.named("default"), let model = try? Model(scope: scope, design: .v4) else { return }
            var s = model.initialState(ConcreteAlgebra())
            s.node[1].pressure = 7
            _ = Samples.row(model, s)
        }
    }
}
