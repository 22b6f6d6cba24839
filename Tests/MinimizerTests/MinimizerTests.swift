import Minimizer
import Testing

/// Fails when some step >= 3 is followed, later, by a step >= 7: the
/// smallest failing trace is [3, 7].
private func failsOn3Then7(_ trace: [Int]) -> [Int]? {
    guard let first = trace.firstIndex(where: { $0 >= 3 }),
          let second = trace[(first + 1)...].firstIndex(where: { $0 >= 7 }) else { return nil }
    return Array(trace[...second])
}

private var toy: Minimizer<Int> {
    Minimizer(stillFails: failsOn3Then7, simpler: { n in n > 0 ? Array(0..<n) : [] }, rank: { $0 })
}

@Test func deletionFindsTheTwoSteps() {
    let trace = [1, 9, 0, 5, 2, 2, 8, 4, 9, 1, 0]
    let plain = Minimizer<Int>(stillFails: failsOn3Then7, rank: { $0 })
    // Without simpler steps: two steps, the lowest-ranked pair deletion finds.
    #expect(plain.minimize(trace).trace == [5, 8])
}

@Test func simplificationLowersEachStep() {
    let (trace, statistics) = toy.minimize([1, 9, 0, 5, 2, 2, 8, 4, 9, 1, 0])
    #expect(trace == [3, 7])
    #expect(statistics.passes.map(\.name) == ["delete blocks", "delete pairs", "reorder", "simplify steps"])
    #expect(statistics.passes.allSatisfy { $0.kept <= $0.candidates })
    #expect(statistics.passes[0].kept > 0 && statistics.passes[3].kept > 0)
}

@Test func theResultDoesNotDependOnPadding() {
    // The same bug under different padding minimizes to the same trace.
    let a = toy.minimize([4, 4, 4, 7]).trace
    let b = toy.minimize([0, 0, 9, 1, 1, 1, 1, 8, 0]).trace
    #expect(a == [3, 7] && b == [3, 7])
}

@Test func aMinimalTraceIsLeftAlone() {
    let (trace, statistics) = toy.minimize([3, 7])
    #expect(trace == [3, 7])
    #expect(statistics.passes.allSatisfy { $0.kept == 0 })
    #expect(statistics.rounds == 1)
}

/// Fails when the trace holds 5 and, later, 6, and runs at all: a 1 must be
/// followed by a 2 (a free of what it took) and a 2 preceded by a 1. So
/// [1, 5, 2, 6] reduces to [5, 6] only by deleting the 1 and the 2 together.
@Test func pairDeletionRemovesAStepAndItsPartner() {
    func fails(_ t: [Int]) -> [Int]? {
        for (i, x) in t.enumerated() where x == 1 && !t[(i + 1)...].contains(2) { return nil }
        for (i, x) in t.enumerated() where x == 2 && !t[..<i].contains(1) { return nil }
        guard let five = t.firstIndex(of: 5), let six = t[(five + 1)...].firstIndex(of: 6) else { return nil }
        return Array(t[...six])
    }
    let (trace, statistics) = Minimizer<Int>(stillFails: fails, rank: { $0 }).minimize([1, 5, 2, 6])
    #expect(trace == [5, 6])
    #expect(statistics.passes[1].kept == 1)
}

/// Two lanes (tens digit): the bug needs 1 before 2 in lane 0 and 11
/// anywhere. [1, 11, 2] switches lanes twice; reordering runs lane 0's steps
/// together, [1, 2, 11], one switch, and keeps the length.
@Test func reorderingRunsEachLaneToCompletion() {
    func fails(_ t: [Int]) -> [Int]? {
        guard let one = t.firstIndex(of: 1), let two = t.firstIndex(of: 2), one < two, let other = t.firstIndex(of: 11)
        else { return nil }
        return Array(t[...max(two, other)])
    }
    let minimizer = Minimizer<Int>(stillFails: fails, rank: { $0 }, lane: { $0 / 10 })
    #expect(minimizer.switches([1, 11, 2]) == 2)
    let (trace, statistics) = minimizer.minimize([1, 11, 2])
    #expect(trace == [1, 2, 11])
    #expect(minimizer.switches(trace) == 1)
    #expect(statistics.passes[2].name == "reorder" && statistics.passes[2].kept == 1)
    // With one lane there is nothing to reorder for.
    #expect(Minimizer<Int>(stillFails: fails, rank: { $0 }).minimize([1, 11, 2]).trace == [1, 11, 2])
}
