import Testing
import CheckerCore
@testable import MemoryModel

// Symmetry reduction (Model+Symmetry.swift): the group each scope allows,
// canonical forms, the engine's symmetry under that group, and what the
// reduction saves on searches small enough to run in a test.

/// A random element of the model's symmetry group: a folio slot permutation
/// and one of the scope's task permutations.
struct GroupElement: CustomStringConvertible {
    var folios: [Int]
    var tasks: [Int]
    var description: String { "folios \(folios) tasks \(tasks)" }

    static func random(_ model: Model, _ rng: inout SplitMix64) -> GroupElement {
        let slots = Array(0..<model.folioCount)
        let perms = model.symmetry.taskPermutations
        return GroupElement(folios: model.symmetry.foliosInterchangeable ? slots.shuffled(using: &rng) : slots,
                            tasks: perms[Int(rng.next() % UInt64(perms.count))])
    }

    /// Every element of the group.
    static func all(_ model: Model) -> [GroupElement] {
        let slots = model.symmetry.foliosInterchangeable
            ? StateSymmetry.permutations(of: model.folioCount) : [Array(0..<model.folioCount)]
        return slots.flatMap { f in model.symmetry.taskPermutations.map { GroupElement(folios: f, tasks: $0) } }
    }
}

/// A naive breadth-first search to a depth, over packed rows.
enum NaiveSearch {
    /// The rows of every state within `depth` steps (canonical ones when
    /// `reduce`), and the states themselves.
    static func run(_ model: Model, depth: Int, reduce: Bool) -> (rows: Set<[UInt64]>, states: [Model.State]) {
        let start = model.initialState(ConcreteAlgebra())
        var frontier = [reduce ? model.canonical(start) : start]
        var rows: Set<[UInt64]> = [Samples.row(model, frontier[0])]
        var states = frontier
        for _ in 0..<depth {
            var next: [Model.State] = []
            for s in frontier {
                for action in model.actions {
                    guard let successor = model.next(s, action) else { continue }
                    let t = reduce ? model.canonical(successor) : successor
                    if rows.insert(Samples.row(model, t)).inserted { next.append(t) }
                }
            }
            states += next
            frontier = next
        }
        return (rows, states)
    }
}

@Suite("Symmetry") struct SymmetryTests {
    /// Each scope's group: whether folio slots are interchangeable, how many
    /// task permutations, and the group's order.
    static let groups: [String: (folios: Bool, taskPermutations: Int, order: Int)] = [
        "bench v4": (true, 1, 1),
        "cram v4": (true, 1, 2),
        "default v4": (true, 1, 1),
        "flags v4": (true, 1, 1),
        "flags v3": (true, 1, 1),
        "v3-numa v4": (true, 1, 1),
        "v3-numa v3": (true, 1, 1),
        "v3-zswap v3": (true, 1, 2),
        "two-tasks v4": (true, 2, 2),
    ]

    @Test("the symmetry group of each scope", arguments: ModelCase.all)
    func group(_ c: ModelCase) {
        let expected = Self.groups[c.label]
        #expect(expected != nil, "\(c.label) has no pinned group")
        #expect(c.model.symmetry.foliosInterchangeable == expected?.folios)
        #expect(c.model.symmetry.taskPermutations.count == expected?.taskPermutations)
        #expect(GroupElement.all(c.model).count == expected?.order)
    }

    @Test("tasks are interchangeable exactly when configured alike")
    func taskGroup() throws {
        let base = try Scope.named("default")
        let task = base.tasks[0]
        var otherCpuset = task
        otherCpuset.cpuset = [0]
        var otherPolicies = task
        otherPolicies.policies = []
        var hardwall = task
        hardwall.hardwall = true
        let cases: [(String, [TaskConfig], [[Int]])] = [
            ("identical", [task, task], [[0, 1], [1, 0]]),
            ("other cpuset", [task, otherCpuset], [[0, 1]]),
            ("other policies", [task, otherPolicies], [[0, 1]]),
            ("hardwall", [task, hardwall], [[0, 1]]),
            ("one task", [task], [[0]]),
        ]
        for (label, tasks, expected) in cases {
            var scope = base
            scope.tasks = tasks
            let model = try Model(scope: scope, design: .v4)
            #expect(model.symmetry.taskPermutations == expected, "\(label)")
        }
    }

    @Test("canonical is idempotent, constant on each class, and in the class", arguments: ModelCase.all)
    func canonicalForm(_ c: ModelCase) {
        let model = c.model
        var rng = SplitMix64(seed: 0xC0FFEE)
        let elements = GroupElement.all(model)
        for (i, s) in Samples.of(c).enumerated() where i % 2 == 0 {
            let canon = model.canonical(s)
            let row = Samples.row(model, canon)
            #expect(Samples.row(model, model.canonical(canon)) == row, "\(c.label): canonical is not idempotent")
            for _ in 0..<3 {
                let g = GroupElement.random(model, &rng)
                let moved = model.permuted(s, folios: g.folios, tasks: g.tasks)
                #expect(Samples.row(model, model.canonical(moved)) == row, "\(c.label): \(g) changes the canonical form")
            }
            let orbit = Set(elements.map { Samples.row(model, model.permuted(s, folios: $0.folios, tasks: $0.tasks)) })
            #expect(orbit.contains(row), "\(c.label): canonical(s) is not a permutation of s")
            // Free slots come last, at their initial values.
            let used = (0..<model.folioCount).filter { canon.folio[$0].in_use }
            #expect(used == Array(0..<used.count))
        }
    }

    /// For random states s, actions a and group elements π: π a is an action
    /// of the model, it is enabled in π s exactly when a is in s, and the
    /// successors have the same canonical form.
    @Test("the engine commutes with the symmetry group", arguments: ModelCase.all)
    func engineIsSymmetric(_ c: ModelCase) {
        let model = c.model
        let actions = Set(model.actions)
        var rng = SplitMix64(seed: 0xAC7)
        var checked = 0
        for (i, s) in Samples.of(c).enumerated() where i % 2 == 1 {
            // Mostly enabled actions, and some of any kind (disabled ones must stay disabled).
            let picks = (0..<4).compactMap { _ in Samples.randomStep(model, s, &rng)?.0 }
                + (0..<2).map { _ in model.actions[Int(rng.next() % UInt64(model.actions.count))] }
            for action in picks {
                let g = GroupElement.random(model, &rng)
                let moved = model.permuted(action, folios: g.folios, tasks: g.tasks)
                #expect(actions.contains(moved), "\(c.label): \(g) maps \(action) outside the action list")
                let after = model.next(s, action)
                let movedAfter = model.next(model.permuted(s, folios: g.folios, tasks: g.tasks), moved)
                #expect((after == nil) == (movedAfter == nil), "\(c.label): \(action) and \(moved) under \(g)")
                if let after, let movedAfter {
                    #expect(Samples.row(model, model.canonical(after)) == Samples.row(model, model.canonical(movedAfter)),
                            "\(c.label): \(action) under \(g) reaches another class")
                }
                checked += 1
            }
        }
        #expect(checked >= 600)
    }

    /// Searches small enough for a debug build: the default scope cut to one
    /// and two folio slots, and with two identical tasks. Reduction stores
    /// one state per class, and the classes it reaches are exactly those of
    /// the states the full search reaches.
    static let searches: [(label: String, folios: Int, tasks: Int, depth: Int, full: Int, reduced: Int)] = [
        ("default, 1 folio slot", 1, 1, 4, 164, 164),
        ("default, 2 folio slots", 2, 1, 4, 441, 310),
        ("default, 1 folio slot, 2 identical tasks", 1, 2, 4, 222, 164),
    ]

    @Test("reachable states with and without symmetry", arguments: searches.indices)
    func reducedSearch(_ index: Int) throws {
        let search = Self.searches[index]
        var scope = try Scope.named("default")
        scope.folios = search.folios
        scope.tasks = Array(repeating: scope.tasks[0], count: search.tasks)
        let model = try Model(scope: scope, design: .v4)
        let full = NaiveSearch.run(model, depth: search.depth, reduce: false)
        let reduced = NaiveSearch.run(model, depth: search.depth, reduce: true)
        #expect(full.rows.count == search.full, "\(search.label)")
        #expect(reduced.rows.count == search.reduced, "\(search.label)")
        #expect(reduced.rows.count < full.rows.count || model.symmetry.isTrivial)
        let image = Set(full.states.map { Samples.row(model, model.canonical($0)) })
        #expect(image == reduced.rows, "\(search.label): the reduced search's classes differ from the full search's")
    }
}
