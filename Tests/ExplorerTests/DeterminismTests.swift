import CheckerCore
import Explorer
import Testing

/// Results must be byte-for-byte the same at any worker count and with
/// either storage (on spaces small enough that fingerprints do not collide).
@Suite struct DeterminismTests {
    static let scrambleProperties: [ExplorerProperty<Scramble>] = [
        .invariant("not 12345") { $0 != 12_345 },
        .invariant("below 19990") { $0 < 19_990 },
        .transition("no step from 3 down") { pre, _, post in !(pre > 3 && post < 3) },
        .reachable("7777") { $0 == 7_777 },
        .reachable("20000") { $0 == 20_000 },
    ]

    @Test(arguments: [ExplorerOptions.Storage.exact, .fingerprint])
    func scrambleIsTheSameAtAnyWorkerCount(storage: ExplorerOptions.Storage) throws {
        let reference = render(try explore(Scramble(), .with(workers: 1, storage: storage), Self.scrambleProperties))
        for workers in [2, 4, 7] {
            let r = try explore(Scramble(), .with(workers: workers, storage: storage), Self.scrambleProperties)
            #expect(render(r) == reference, "workers \(workers)")
        }
        let exact = render(try explore(Scramble(), .with(workers: 1), Self.scrambleProperties))
        #expect(reference == exact)
    }

    @Test func exhaustiveScrambleIsTheSameAtAnyWorkerCount() throws {
        let reference = render(try explore(Scramble(), .with(workers: 1)))
        for workers in [2, 4] {
            #expect(render(try explore(Scramble(), .with(workers: workers))) == reference, "workers \(workers)")
            #expect(render(try explore(Scramble(), .with(workers: workers, storage: .fingerprint))) == reference)
        }
    }

    @Test(arguments: [Budgets(maxStates: 5_000), Budgets(maxDepth: 6), Budgets(memoryBytes: 200_000)])
    func budgetCutsAreTheSameAtAnyWorkerCount(budgets: Budgets) throws {
        // A cut in the middle of a level keeps a prefix in key order.
        let reference = try explore(Scramble(), .with(workers: 1, budgets: budgets), Self.scrambleProperties)
        #expect(reference.budgetReached != nil)
        for workers in [2, 4] {
            let r = try explore(Scramble(), .with(workers: workers, budgets: budgets), Self.scrambleProperties)
            #expect(render(r) == render(reference), "workers \(workers)")
        }
    }

    @Test func symmetricSystemsAreTheSameAtAnyWorkerCount() throws {
        let mutex: [ExplorerProperty<BadMutex>] = [
            .invariant("mutual exclusion") { !BadMutex.bothCritical($0) },
            .reachable("(1,2) unlocked") { $0.pc.sorted() == [1, 2] && !$0.lock },
        ]
        let ring: [ExplorerProperty<Ring>] = [.invariant("not all 2") { $0 != [2, 2, 2, 2] }]
        for symmetry in [false, true] {
            let m1 = render(try explore(BadMutex(), .with(workers: 1, symmetry: symmetry), mutex))
            let r1 = render(try explore(Ring(), .with(workers: 1, symmetry: symmetry), ring))
            for workers in [2, 4] {
                #expect(render(try explore(BadMutex(), .with(workers: workers, symmetry: symmetry), mutex)) == m1)
                #expect(render(try explore(Ring(), .with(workers: workers, symmetry: symmetry), ring)) == r1)
            }
        }
    }

    @Test func fingerprintsGiveTheExactCountsAndABound() throws {
        let exact = try explore(Scramble(), .with())
        let fp = try explore(Scramble(), .with(storage: .fingerprint))
        #expect(fp.statistics.states == exact.statistics.states)
        #expect(fp.statistics.transitions == exact.statistics.transitions)
        #expect(exact.statistics.omissionProbabilityBound == nil)
        let bound = try #require(fp.statistics.omissionProbabilityBound)
        let n = Double(fp.statistics.states)
        #expect(bound == n * n / 0x1p65)
        #expect(fp.statistics.bytesPerState < exact.statistics.bytesPerState)
        for system in [Ring(symmetry: .none), Ring(symmetry: .rotation)] {
            #expect(try explore(system, .with(storage: .fingerprint)).statistics.states
                == explore(system, .with()).statistics.states)
        }
    }
}
