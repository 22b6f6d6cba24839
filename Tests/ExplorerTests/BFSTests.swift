import CheckerCore
import Explorer
import Testing

/// Exact counts and traces of breadth-first search on the toy systems.
@Suite struct BFSTests {
    @Test func gridCountsAreTheHandCounts() throws {
        // 4×3: 12 states; incX 3·3 + incY 4·2 + reset 11 = 28; farthest (3,2) at 5.
        let r = try explore(Grid(), .with(), [.invariant("true") { _ in true }])
        #expect(r.statistics.states == 12)
        #expect(r.statistics.transitions == 28)
        #expect(r.statistics.maxDepth == 5)
        #expect(r.statistics.actionFired == [9, 8, 11])
        #expect(r.statistics.neverFired == [])
        #expect(r.stopReason == .exhausted)
        #expect(r["true"]?.verdict == .holds)
        #expect(r["true"]?.trace == nil)
    }

    @Test func badMutexCountsAreTheHandCounts() throws {
        let r = try explore(BadMutex(), .with(symmetry: false))
        #expect(r.statistics.states == 13)
        #expect(r.statistics.transitions == 24)
        #expect(r.statistics.maxDepth == 6)
        #expect(r.isExhaustive)
    }

    @Test func countsMatchANaiveSearch() throws {
        let scramble = Scramble()
        let naive = NaiveBFS(scramble)
        let r = try explore(scramble, .with(workers: 2))
        #expect(r.statistics.states == naive.states)
        #expect(r.statistics.transitions == naive.transitions)
        #expect(r.statistics.maxDepth == naive.maxDepth)
        // Every state is reachable; a state s != 0 has all four actions if
        // s % 5 == 1, else three: 4000·4 + 16000·3, plus one more from 0.
        #expect(naive.states == 20_000)
        #expect(naive.transitions == 64_001)
        #expect(naive.maxDepth == 11)
    }

    @Test func invariantCounterexampleIsTheFirstShortest() throws {
        let r = try explore(Grid(), .with(), [.invariant("x+y<5") { $0.x + $0.y < 5 }])
        let outcome = try #require(r["x+y<5"])
        #expect(outcome.verdict == .violated)
        let trace = try #require(outcome.trace)
        // Shortest is 5 steps; among the 10 shortest, the least action sequence.
        #expect(trace.actionIndices == [0, 0, 0, 1, 1])
        #expect(trace.finalState == Grid.State(x: 3, y: 2))
        #expect(trace.failingStep == 5)
        #expect(isExecution(trace, of: Grid()))
        #expect(r.stopReason == .allDecided)
    }

    @Test func counterexampleMatchesTheNaiveSearchOnALargeGraph() throws {
        let scramble = Scramble()
        let target = 12_345
        let naive = NaiveBFS(scramble)
        let expected = try #require(naive.firstPath { $0 == target })
        for workers in [1, 3] {
            let r = try explore(scramble, .with(workers: workers), [.invariant("not 12345") { $0 != target }])
            let trace = try #require(r["not 12345"]?.trace)
            #expect(trace.initialIndex == expected.root)
            #expect(trace.actionIndices == expected.actions)
        }
    }

    @Test func transitionPropertyCounterexampleEndsOnTheViolatingStep() throws {
        let property = ExplorerProperty<Grid>.transition("no reset from the top row") { pre, action, _ in
            !(action == .reset && pre.y == 2)
        }
        let r = try explore(Grid(), .with(), [property])
        let trace = try #require(r[property.name]?.trace)
        #expect(r[property.name]?.verdict == .violated)
        #expect(trace.actionIndices == [1, 1, 2])
        #expect(trace.failingStep == 3)
        #expect(isExecution(trace, of: Grid()))
    }

    @Test func reachableIsWitnessedByTheFirstShortestTrace() throws {
        let r = try explore(Grid(), .with(), [
            .reachable("(2,1)") { $0 == Grid.State(x: 2, y: 1) },
            .reachable("x=5") { $0.x == 5 },
        ])
        #expect(r["(2,1)"]?.verdict == .holds)
        #expect(r["(2,1)"]?.trace?.actionIndices == [0, 0, 1])
        #expect(r["x=5"]?.verdict == .violated)
        #expect(r["x=5"]?.trace == nil)
        #expect(r.statistics.witnesses == [.init(property: "(2,1)", witnessed: true),
                                           .init(property: "x=5", witnessed: false)])
    }

    @Test func initialStateViolationHasAnEmptyTrace() throws {
        let r = try explore(Scramble(), .with(), [.invariant("not 17") { $0 != 17 }])
        let trace = try #require(r["not 17"]?.trace)
        #expect(trace.initialIndex == 1)
        #expect(trace.steps.isEmpty)
        #expect(trace.failingStep == 0)
        // Decided at level 0: no level is expanded.
        #expect(r.statistics.states == 2)
        #expect(r.statistics.transitions == 0)
    }

    @Test func searchGoesOnUntilEveryPropertyIsDecided() throws {
        let properties: [ExplorerProperty<BadMutex>] = [
            .invariant("mutual exclusion") { !BadMutex.bothCritical($0) },  // violated at depth 4
            .reachable("(0,2) unlocked") { $0.pc == [0, 2] && !$0.lock },   // witnessed at depth 5
        ]
        let all = try explore(BadMutex(), .with(symmetry: false), properties)
        #expect(all["mutual exclusion"]?.verdict == .violated)
        #expect(all["(0,2) unlocked"]?.verdict == .holds)
        #expect(all["(0,2) unlocked"]?.trace?.actionIndices == [0, 1, 2, 3, 4])
        #expect(all.stopReason == .allDecided)
        #expect(all.statistics.states == 11)  // levels 0...5: 1 + 2 + 3 + 2 + 1 + 2

        let first = try explore(BadMutex(), .with(symmetry: false, stopAtFirstViolation: true), properties)
        #expect(first["mutual exclusion"]?.verdict == .violated)
        #expect(first["(0,2) unlocked"]?.verdict == .incomplete)
        #expect(first.stopReason == .firstViolation)
        #expect(first.statistics.states == 9)  // levels 0...4
    }

    @Test func neverFiredActionsAreReportedOnlyWhenExhaustive() throws {
        // In a 1×3 grid incX never fires.
        let r = try explore(Grid(width: 1, height: 3), .with())
        #expect(r.statistics.neverFired == [0])
        let cut = try explore(Grid(width: 1, height: 3), .with(budgets: Budgets(maxStates: 2)))
        #expect(cut.statistics.neverFired == nil)
    }

    @Test func badOptionsAndDuplicateNamesAreErrors() {
        #expect(throws: ExplorerError.invalidOption("workers must be at least 1 (got 0)")) {
            try explore(Grid(), .with(workers: 0))
        }
        #expect(throws: ExplorerError.duplicatePropertyName("p")) {
            try explore(Grid(), .with(), [.invariant("p") { _ in true }, .reachable("p") { _ in true }])
        }
    }
}
