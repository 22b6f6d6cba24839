/// Shrinks a failing trace while it keeps failing.
///
/// The minimizer knows a trace (an array of steps) and a "still fails"
/// predicate, nothing of properties, models or Z3. Named passes run in a
/// fixed order, to a fixpoint, by one driver; every candidate goes through
/// `consider`, which skips candidates already tried and keeps the best trace
/// so far. "Best" is a fixed order: fewer steps, then fewer task switches
/// (consecutive steps in different lanes), then the smaller sequence of step
/// ranks, so the result does not depend on the order candidates happen to be
/// found in. Every kept candidate is strictly better, so the passes reach a
/// fixpoint.
public struct Minimizer<Step: Hashable> {
    /// The trace cut at its failure when `candidate` still fails, else nil.
    public typealias StillFails = (_ candidate: [Step]) -> [Step]?

    public let stillFails: StillFails
    /// Simpler replacements for one step, simplest first (lower folio slots,
    /// lower node ids, smaller masks and sizes); none by default.
    public let simpler: (Step) -> [Step]
    /// A step's place in the fixed order of steps (the model's action order).
    public let rank: (Step) -> Int
    /// The lane a step runs in (a task, a kernel thread); a change of lane
    /// between consecutive steps is a task switch. One lane by default.
    public let lane: (Step) -> Int

    public init(stillFails: @escaping StillFails, simpler: @escaping (Step) -> [Step] = { _ in [] },
                rank: @escaping (Step) -> Int, lane: @escaping (Step) -> Int = { _ in 0 }) {
        self.stillFails = stillFails
        self.simpler = simpler
        self.rank = rank
        self.lane = lane
    }

    /// How often consecutive steps of `trace` run in different lanes.
    public func switches(_ trace: [Step]) -> Int { Self.switches(trace, lane: lane) }

    /// How often consecutive steps of `trace` run in different lanes, for
    /// callers that measure a trace without minimizing it.
    public static func switches(_ trace: [Step], lane: (Step) -> Int) -> Int {
        zip(trace, trace.dropFirst()).count { lane($0) != lane($1) }
    }

    /// What a run did, per pass.
    public struct Statistics: Equatable, Sendable {
        public struct Pass: Equatable, Sendable {
            public var name: String
            public var candidates = 0
            public var kept = 0
        }
        public var passes: [Pass]
        public var rounds = 0

        /// Adds another run's counts, pass by pass.
        public mutating func add(_ other: Statistics) {
            rounds += other.rounds
            for (i, pass) in other.passes.enumerated() where passes.indices.contains(i) {
                passes[i].candidates += pass.candidates
                passes[i].kept += pass.kept
            }
        }
    }

    /// The smallest failing trace the passes reach from `trace`, which must fail.
    public func minimize(_ trace: [Step]) -> (trace: [Step], statistics: Statistics) {
        guard let failing = stillFails(trace) else { preconditionFailure("minimize: the trace given does not fail") }
        var run = Run(minimizer: self, best: failing)
        var changed = true
        while changed {
            run.statistics.rounds += 1
            changed = false
            for pass in Self.passes {
                let before = run.best
                pass.body(&run, pass.index)
                if run.best != before { changed = true }
            }
        }
        return (run.best, run.statistics)
    }

    // MARK: - Passes

    /// The longest trace the quadratic pair deletion runs on.
    static var pairLimit: Int { 64 }

    struct PassEntry {
        let name: String
        let index: Int
        let body: (inout Run, Int) -> Void
    }

    static var passes: [PassEntry] {
        [
            PassEntry(name: "delete blocks", index: 0, body: { run, i in run.deleteBlocks(pass: i) }),
            PassEntry(name: "delete pairs", index: 1, body: { run, i in run.deletePairs(pass: i) }),
            PassEntry(name: "reorder", index: 2, body: { run, i in run.reorder(pass: i) }),
            PassEntry(name: "simplify steps", index: 3, body: { run, i in run.simplifySteps(pass: i) }),
        ]
    }

    /// The state of one minimization: the best trace and what was tried.
    struct Run {
        let minimizer: Minimizer
        var best: [Step]
        var tried: Set<[Step]> = []
        var statistics = Statistics(passes: Minimizer.passes.map { Statistics.Pass(name: $0.name) })

        init(minimizer: Minimizer, best: [Step]) {
            self.minimizer = minimizer
            self.best = best
            tried.insert(best)
        }

        /// Tries one candidate; true when it became the best trace.
        mutating func consider(_ candidate: [Step], pass: Int) -> Bool {
            guard tried.insert(candidate).inserted else { return false }
            statistics.passes[pass].candidates += 1
            guard let failing = minimizer.stillFails(candidate), better(failing, than: best) else { return false }
            best = failing
            statistics.passes[pass].kept += 1
            return true
        }

        func better(_ a: [Step], than b: [Step]) -> Bool {
            if a.count != b.count { return a.count < b.count }
            let (sa, sb) = (minimizer.switches(a), minimizer.switches(b))
            if sa != sb { return sa < sb }
            for (x, y) in zip(a, b) where x != y { return minimizer.rank(x) < minimizer.rank(y) }
            return false
        }

        /// Delete runs of steps: halves, quarters, ... single steps, left to
        /// right; after a deletion the same size is tried again from where
        /// it was.
        mutating func deleteBlocks(pass: Int) {
            var size = max(1, best.count / 2)
            while true {
                var start = 0
                while start < best.count {
                    let end = min(best.count, start + size)
                    let candidate = Array(best[..<start] + best[end...])
                    if !consider(candidate, pass: pass) { start += size }
                }
                if size == 1 { break }
                size = max(1, size / 2)
            }
        }

        /// Delete two steps that are not next to each other: a step that
        /// only enables another irrelevant one (an allocation and the free
        /// that makes room again) goes only together with it. Quadratic, so
        /// only on traces of at most `pairLimit` steps (block deletion has
        /// shortened longer ones by then).
        mutating func deletePairs(pass: Int) {
            guard best.count <= Minimizer.pairLimit else { return }
            var i = 0
            while i < best.count {
                var j = i + 2
                var deleted = false
                while j < best.count {
                    var candidate = best
                    candidate.remove(at: j)
                    candidate.remove(at: i)
                    if consider(candidate, pass: pass) {
                        deleted = true
                        break
                    }
                    j += 1
                }
                if !deleted { i += 1 }
            }
        }

        /// Move steps next to the steps of their own lane, so that each task
        /// runs its operation to completion where the bug allows: first each
        /// step is pulled up to just after the previous step of its lane,
        /// then pushed down to just before the next one. Only what stays
        /// failing with fewer switches (or, as always, fewer steps) is kept.
        mutating func reorder(pass: Int) {
            for pullUp in [true, false] {
                var i = 0
                while i < best.count {
                    let lane = minimizer.lane(best[i])
                    let target: Int? = if pullUp {
                        best[..<i].lastIndex(where: { minimizer.lane($0) == lane }).map { $0 + 1 }
                    } else {
                        best[(i + 1)...].firstIndex(where: { minimizer.lane($0) == lane }).map { $0 - 1 }
                    }
                    if let target, target != i {
                        var candidate = best
                        candidate.insert(candidate.remove(at: i), at: target)
                        _ = consider(candidate, pass: pass)
                    }
                    i += 1
                }
            }
        }

        /// Replace each step by a simpler one, simplest first.
        mutating func simplifySteps(pass: Int) {
            var i = 0
            while i < best.count {
                for replacement in minimizer.simpler(best[i]) {
                    var candidate = best
                    candidate[i] = replacement
                    if consider(candidate, pass: pass) { break }
                }
                i += 1
            }
        }
    }
}
