import CheckerCore
import Explorer
import Testing

/// Symmetry reduction: pinned reduced counts, the same verdicts as without
/// it, and traces that are real executions.
@Suite struct SymmetryTests {
    @Test(arguments: [
        (Ring.Symmetry.none, 81, 324),
        (.rotation, 24, 96),
        (.permutation, 15, 60),
    ])
    func ringCountsAreTheHandCounts(symmetry: Ring.Symmetry, states: Int, transitions: Int) throws {
        let r = try explore(Ring(symmetry: symmetry), .with())
        #expect(r.statistics.states == states)
        #expect(r.statistics.transitions == transitions)
        #expect(r.statistics.maxDepth == 8)
        let naive = NaiveBFS(Ring(symmetry: symmetry), canonical: Ring(symmetry: symmetry).canonical)
        #expect(naive.states == states)
    }

    @Test func symmetryOffIgnoresCanonical() throws {
        let r = try explore(Ring(symmetry: .permutation), .with(symmetry: false))
        #expect(r.statistics.states == 81)
    }

    @Test func mutexCountsWithSymmetry() throws {
        let r = try explore(BadMutex(), .with())
        #expect(r.statistics.states == 8)
        #expect(r.statistics.transitions == 15)
        #expect(r.statistics.maxDepth == 6)
    }

    @Test func mutexCounterexampleIsTheSameWithAndWithoutSymmetry() throws {
        let property = ExplorerProperty<BadMutex>.invariant("mutual exclusion") { !BadMutex.bothCritical($0) }
        for symmetry in [false, true] {
            let r = try explore(BadMutex(), .with(symmetry: symmetry), [property])
            let trace = try #require(r["mutual exclusion"]?.trace)
            #expect(r["mutual exclusion"]?.verdict == .violated)
            // check(0), check(1), enter(0), enter(1). With symmetry the search
            // path is check(0), check(0), enter(0), enter(0) between
            // representatives; the replay turns it into this execution.
            #expect(trace.actionIndices == [0, 1, 2, 3], "symmetry \(symmetry)")
            #expect(trace.steps.map(\.state.pc) == [[1, 0], [1, 1], [2, 1], [2, 2]])
            #expect(isExecution(trace, of: BadMutex()))
            // Levels 0...4 (9 states) without symmetry, 6 classes with.
            #expect(r.statistics.states == (symmetry ? 6 : 9))
        }
    }

    @Test func petersonHoldsWithAndWithoutSymmetry() throws {
        let properties: [ExplorerProperty<Peterson>] = [
            .invariant("mutual exclusion") { $0.pc != [3, 3] },
            .reachable("someone critical") { $0.pc.contains(3) },
        ]
        let plain = try explore(Peterson(), .with(symmetry: false), [properties[0]])
        let reduced = try explore(Peterson(), .with(symmetry: true), [properties[0]])
        #expect(plain["mutual exclusion"]?.verdict == .holds)
        #expect(reduced["mutual exclusion"]?.verdict == .holds)
        let naive = NaiveBFS(Peterson())
        let naiveReduced = NaiveBFS(Peterson(), canonical: Peterson().canonical)
        #expect(plain.statistics.states == naive.states)
        #expect(plain.statistics.transitions == naive.transitions)
        #expect(reduced.statistics.states == naiveReduced.states)
        #expect(reduced.statistics.transitions == naiveReduced.transitions)
        #expect(naive.states == 20)
        #expect(naiveReduced.states == 10)

        let witness = try explore(Peterson(), .with(), properties)
        let trace = try #require(witness["someone critical"]?.trace)
        #expect(trace.actionIndices == [0, 0, 0])
        #expect(isExecution(trace, of: Peterson()))
    }

    @Test(arguments: [Ring.Symmetry.none, .rotation, .permutation])
    func ringCounterexampleIsARealShortestExecution(symmetry: Ring.Symmetry) throws {
        let ring = Ring(symmetry: symmetry)
        let r = try explore(ring, .with(), [.invariant("not all 2") { $0 != [2, 2, 2, 2] }])
        let trace = try #require(r["not all 2"]?.trace)
        #expect(trace.length == 8)
        #expect(trace.finalState == [2, 2, 2, 2])
        #expect(isExecution(trace, of: ring))
    }

    @Test func ringTracesArePinned() throws {
        // Symmetric under rotation and permutation: counters 0, 0, 1, 2 in any order.
        let property = ExplorerProperty<Ring>.invariant("not {0,0,1,2}") { $0.sorted() != [0, 0, 1, 2] }
        var traces: [String] = []
        for symmetry in [Ring.Symmetry.none, .rotation, .permutation] {
            let r = try explore(Ring(symmetry: symmetry), .with(), [property])
            let trace = try #require(r[property.name]?.trace)
            #expect(isExecution(trace, of: Ring(symmetry: symmetry)))
            traces.append("\(trace.actionIndices) \(trace.finalState)")
        }
        // Checked against an independent script of the same rules: with
        // symmetry the search path between representatives is [0, 0, 2]
        // (0000, 0001, 0002, 0012 up to symmetry); replayed from the actual
        // states it becomes [0, 1, 0].
        #expect(traces == ["[0, 0, 1] [2, 1, 0, 0]", "[0, 1, 0] [2, 1, 0, 0]", "[0, 1, 0] [2, 1, 0, 0]"])
    }

    @Test func asymmetricPropertyIsDiagnosed() throws {
        // "process 1 is never critical" tells the processes apart: the search
        // sees (0, 2) among representatives, the replay reaches (2, 0).
        let property = ExplorerProperty<BadMutex>.invariant("1 never critical") { $0.pc[1] != 2 }
        #expect(throws: ExplorerError.propertyNotSymmetric(property: "1 never critical")) {
            try explore(BadMutex(), .with(), [property])
        }
        #expect(try explore(BadMutex(), .with(symmetry: false), [property])[property.name]?.verdict == .violated)
    }
}
