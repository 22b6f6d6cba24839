import CheckerCore
import Explorer
import Testing

/// Depth-first search explores the same space as BFS, in its own order.
@Suite struct DFSTests {
    /// (states, transitions) of an exhaustive run.
    static func counts<S: ExplorableSystem>(_ system: S, _ options: ExplorerOptions) throws -> [Int] {
        let r = try explore(system, options)
        #expect(r.stopReason == .exhausted)
        return [r.statistics.states, r.statistics.transitions]
    }

    @Test(arguments: [false, true])
    func exhaustsTheSameSpaceAsBFS(symmetry: Bool) throws {
        for storage in [ExplorerOptions.Storage.exact, .fingerprint] {
            let dfs = ExplorerOptions.with(.dfs, symmetry: symmetry, storage: storage)
            let bfs = ExplorerOptions.with(.bfs, workers: 2, symmetry: symmetry, storage: storage)
            #expect(try Self.counts(Grid(), dfs) == Self.counts(Grid(), bfs))
            #expect(try Self.counts(BadMutex(), dfs) == Self.counts(BadMutex(), bfs))
            #expect(try Self.counts(Peterson(), dfs) == Self.counts(Peterson(), bfs))
            #expect(try Self.counts(Scramble(), dfs) == Self.counts(Scramble(), bfs))
            for ring in [Ring.Symmetry.none, .rotation, .permutation] {
                #expect(try Self.counts(Ring(symmetry: ring), dfs) == Self.counts(Ring(symmetry: ring), bfs))
            }
        }
    }

    @Test(arguments: [false, true])
    func findsTheMutexViolation(symmetry: Bool) throws {
        let r = try explore(BadMutex(), .with(.dfs, symmetry: symmetry),
                            [.invariant("mutual exclusion") { !BadMutex.bothCritical($0) }])
        let trace = try #require(r["mutual exclusion"]?.trace)
        #expect(r["mutual exclusion"]?.verdict == .violated)
        // check(0); check(1) (check(0) is disabled); enter(0); enter(1).
        #expect(trace.actionIndices == [0, 1, 2, 3])
        #expect(isExecution(trace, of: BadMutex()))
    }

    @Test func tracesAreTheStackPathNotTheShortest() throws {
        let cycle = Cycle(size: 6)
        let property = ExplorerProperty<Cycle>.reachable("5") { $0 == 5 }
        let dfs = try explore(cycle, .with(.dfs), [property])
        #expect(dfs["5"]?.trace?.actionIndices == [0, 0, 0, 0, 0])
        #expect(dfs.statistics.maxDepth == 5)
        let bfs = try explore(cycle, .with(.bfs), [property])
        #expect(bfs["5"]?.trace?.actionIndices == [1])
    }

    @Test func transitionViolation() throws {
        let property = ExplorerProperty<Grid>.transition("no reset from the top row") { pre, action, _ in
            !(action == .reset && pre.y == 2)
        }
        let r = try explore(Grid(), .with(.dfs), [property])
        let trace = try #require(r[property.name]?.trace)
        // Up the x axis to (3,0), then y to (3,2), then reset.
        #expect(trace.actionIndices == [0, 0, 0, 1, 1, 2])
        #expect(isExecution(trace, of: Grid()))
    }
}
