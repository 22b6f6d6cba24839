import CheckerCore
import Explorer
import Testing

/// Remembers every action taken (three, always enabled): a walk's state is
/// its own history, so a property can read the walk back.
struct Tape: ExplorableSystem {
    typealias State = [Int]
    typealias Action = Int

    var initialStates: [State] { [[], [9]] }
    var actions: [Int] { [0, 1, 2] }
    func next(_ s: State, _ a: Int) -> State? { s + [a] }

    // Walks never pack; a tape of up to 30 entries fits one word.
    var packedWordCount: Int { 1 }
    func pack(_ s: State, into w: UnsafeMutableBufferPointer<UInt64>) {
        w[0] = s.reduce(UInt64(s.count)) { $0 &* 4 &+ UInt64($1 & 3) }
    }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> State { [] }
    func canonical(_ s: State) -> State { s }
}

@Suite struct RandomWalkTests {
    static func walks(_ walks: Int, _ depth: Int, seed: UInt64, workers: Int = 1) -> ExplorerOptions {
        .with(.random(walks: walks, depth: depth, seed: seed), workers: workers)
    }

    @Test func walkIIsSeededByTheIthOutputOfTheSeed() throws {
        // Walk 0 of seed 7: its generator is seeded with SplitMix64(seed: 7)'s
        // first output; it draws the initial state, then one action a step.
        var master = SplitMix64(seed: 7)
        var rng = SplitMix64(seed: master.next())
        let root = Int(rng.next() % 2)
        let expected = (0..<5).map { _ in Int(rng.next() % 3) }

        let r = try explore(Tape(), Self.walks(1, 5, seed: 7), [.invariant("short") { $0.count < 5 + ($0.first == 9 ? 1 : 0) }])
        let trace = try #require(r["short"]?.trace)
        #expect(trace.initialIndex == root)
        #expect(trace.actionIndices == expected)
        #expect(r["short"]?.verdict == .violated)
        #expect(r.statistics.transitions == 5)
        #expect(r.statistics.states == 6)
        #expect(r.statistics.maxDepth == 5)
    }

    @Test func sameSeedSameResultAtAnyWorkerCount() throws {
        let properties: [ExplorerProperty<BadMutex>] = [
            .invariant("mutual exclusion") { !BadMutex.bothCritical($0) },
            .reachable("(1,2) locked") { $0.pc.sorted() == [1, 2] && $0.lock },
        ]
        let reference = render(try explore(BadMutex(), Self.walks(300, 12, seed: 42), properties))
        for workers in [1, 2, 4] {
            #expect(render(try explore(BadMutex(), Self.walks(300, 12, seed: 42, workers: workers), properties))
                == reference, "workers \(workers)")
        }
        let other = render(try explore(BadMutex(), Self.walks(300, 12, seed: 43), properties))
        #expect(other != reference)
    }

    @Test func findsTheMutexViolationAndNeverSaysHolds() throws {
        let r = try explore(BadMutex(), Self.walks(200, 10, seed: 1, workers: 2), [
            .invariant("mutual exclusion") { !BadMutex.bothCritical($0) },
            .invariant("true") { _ in true },
            .transition("true step") { _, _, _ in true },
            .reachable("(1,1)") { $0.pc == [1, 1] },
            .reachable("pc 7") { $0.pc.contains(7) },
        ])
        #expect(r.outcomes.map(\.verdict) == [.violated, .incomplete, .incomplete, .holds, .incomplete])
        let trace = try #require(r["mutual exclusion"]?.trace)
        #expect(BadMutex.bothCritical(trace.finalState))
        #expect(isExecution(trace, of: BadMutex()))
        #expect(r.stopReason == .walksCompleted)
        #expect(r.statistics.transitions == 200 * 10)  // never deadlocks
        #expect(r.statistics.neverFired == nil)
    }

    @Test func reportsTheLowestNumberedWalksFinding() throws {
        // Every walk of Tape reaches length 3 at step 3 (or 2 from [9]):
        // walk 0 reports, cut at its first finding.
        let r = try explore(Tape(), Self.walks(50, 8, seed: 3, workers: 4), [.reachable("len 3") { $0.count == 3 }])
        let one = try explore(Tape(), Self.walks(1, 8, seed: 3), [.reachable("len 3") { $0.count == 3 }])
        let trace = try #require(r["len 3"]?.trace)
        #expect(trace.actionIndices == one["len 3"]?.trace?.actionIndices)
        #expect(trace.finalState.count == 3)
    }
}
