import CheckerCore
import Explorer
import Testing

/// A budget or cancellation ends a run with `incomplete`, never `holds`.
@Suite struct BudgetTests {
    static let holds: [ExplorerProperty<Grid>] = [
        .invariant("true") { _ in true },
        .transition("true step") { _, _, _ in true },
        .reachable("(3,2)") { $0 == Grid.State(x: 3, y: 2) },
    ]

    /// Verdicts in property order.
    static func verdicts(_ r: ExplorationResult<Grid>) -> [Verdict] { r.outcomes.map(\.verdict) }

    @Test(arguments: [ExplorerOptions.Strategy.bfs, .dfs])
    func stateBudget(strategy: ExplorerOptions.Strategy) throws {
        let cut = try explore(Grid(), .with(strategy, budgets: Budgets(maxStates: 5)), Self.holds)
        #expect(cut.budgetReached == .states)
        #expect(cut.statistics.states == 5)
        #expect(Self.verdicts(cut) == [.incomplete, .incomplete, .incomplete])
        // A budget the space fits in exactly is not reached.
        let fits = try explore(Grid(), .with(strategy, budgets: Budgets(maxStates: 12)), Self.holds)
        #expect(fits.stopReason == .allDecided || fits.stopReason == .exhausted)
        #expect(Self.verdicts(fits)[0] == .holds)
    }

    @Test func depthBudgetIsIncompleteOnlyIfSomethingLiesBeyond() throws {
        // Levels: 1, 2, 3, 3, 2, 1 states at depths 0...5.
        let cut = try explore(Grid(), .with(budgets: Budgets(maxDepth: 4)), Array(Self.holds.prefix(2)))
        #expect(cut.budgetReached == .depth)
        #expect(cut.statistics.states == 11)
        #expect(cut.statistics.transitions == 27)  // all but reset from (3,2)
        #expect(Self.verdicts(cut) == [.incomplete, .incomplete])

        let fits = try explore(Grid(), .with(budgets: Budgets(maxDepth: 5)), Array(Self.holds.prefix(2)))
        #expect(fits.stopReason == .exhausted)
        #expect(fits.statistics.states == 12)
        #expect(fits.statistics.transitions == 28)
        #expect(Self.verdicts(fits) == [.holds, .holds])
    }

    @Test func dfsDepthBudget() throws {
        let cut = try explore(Grid(), .with(.dfs, budgets: Budgets(maxDepth: 3)), [Self.holds[0]])
        #expect(cut.budgetReached == .depth)
        #expect(cut["true"]?.verdict == .incomplete)
        let fits = try explore(Grid(), .with(.dfs, budgets: Budgets(maxDepth: 11)), [Self.holds[0]])
        #expect(fits.stopReason == .exhausted)
        #expect(fits["true"]?.verdict == .holds)
    }

    @Test func violationWithinABudgetIsStillReported() throws {
        let r = try explore(Grid(), .with(budgets: Budgets(maxDepth: 2)), [
            .invariant("x<2") { $0.x < 2 },
            .invariant("true") { _ in true },
        ])
        #expect(r["x<2"]?.verdict == .violated)
        #expect(r["x<2"]?.trace?.actionIndices == [0, 0])
        #expect(r["true"]?.verdict == .incomplete)
        #expect(r.budgetReached == .depth)
    }

    @Test(arguments: [ExplorerOptions.Strategy.bfs, .dfs])
    func memoryBudget(strategy: ExplorerOptions.Strategy) throws {
        let r = try explore(Grid(), .with(strategy, budgets: Budgets(memoryBytes: 1)), Self.holds)
        #expect(r.budgetReached == .memory)
        #expect(r.statistics.states == 0)
        #expect(Self.verdicts(r) == [.incomplete, .incomplete, .incomplete])
    }

    @Test(arguments: [ExplorerOptions.Strategy.bfs, .dfs, .random(walks: 10, depth: 10, seed: 1)])
    func timeBudget(strategy: ExplorerOptions.Strategy) throws {
        let r = try explore(Grid(width: 60, height: 60), .with(strategy, budgets: Budgets(timeLimit: 0)),
                            [.invariant("true") { _ in true }])
        #expect(r.budgetReached == .time)
        #expect(r["true"]?.verdict == .incomplete)
    }

    @Test(arguments: [ExplorerOptions.Strategy.bfs, .dfs, .random(walks: 10, depth: 10, seed: 1)])
    func cancelledBeforeTheRun(strategy: ExplorerOptions.Strategy) throws {
        let flag = CancellationFlag()
        flag.cancel()
        let r = try explore(Grid(), .with(strategy, cancellation: flag), [.invariant("true") { _ in true }])
        #expect(r.stopReason == .cancelled)
        #expect(r["true"]?.verdict == .incomplete)
    }

    @Test(arguments: [1, 2])
    func cancelledDuringTheRun(workers: Int) throws {
        let flag = CancellationFlag()
        let system = CancellingGrid(flag: flag, after: 2_000)
        let r = try explore(system, .with(workers: workers, cancellation: flag), [.invariant("true") { _ in true }])
        #expect(r.stopReason == .cancelled)
        #expect(r["true"]?.verdict == .incomplete)
        #expect(r.statistics.states > 0 && r.statistics.states < 3_600)
        #expect(r.statistics.neverFired == nil)

        let dfsFlag = CancellationFlag()
        let dfs = try explore(CancellingGrid(flag: dfsFlag, after: 2_000), .with(.dfs, cancellation: dfsFlag))
        #expect(dfs.stopReason == .cancelled)
        #expect(dfs.statistics.states < 3_600)
    }

    @Test func progressIsOptionalAndQuietOnShortRuns() throws {
        var options = ExplorerOptions.with()
        options.progress = { _ in Issue.record("progress reported within the first second") }
        _ = try explore(Grid(), options)
    }
}
