/// What a run did: counts that are the same at any worker count, and
/// timings and memory that are not (marked so below).
public struct ExplorationStatistics: Sendable, Equatable {
    /// Whether a reachable property was witnessed.
    public struct Witness: Sendable, Equatable {
        public var property: String
        public var witnessed: Bool

        public init(property: String, witnessed: Bool) {
            self.property = property
            self.witnessed = witnessed
        }
    }

    /// Distinct states stored (with symmetry on: symmetry classes). Random
    /// walks store nothing: states visited along all walks, initial included.
    public var states: Int
    /// Enabled actions applied (random walks: steps taken).
    public var transitions: Int
    /// The deepest stored state's depth (BFS: its distance from an initial
    /// state; DFS: its stack depth; random: the longest walk).
    public var maxDepth: Int
    /// How often each action fired, indexed like `system.actions`.
    public var actionFired: [Int]
    /// Action indices that never fired, for a vacuity warning; only after an
    /// exhaustive run (nil otherwise: an unexplored part might fire them).
    public var neverFired: [Int]?
    /// Per reachable property, in the order given.
    public var witnesses: [Witness]
    /// Fingerprint storage: the bound on the probability that some state was
    /// omitted, n²/2⁶⁵ for n states. Nil for exact storage.
    public var omissionProbabilityBound: Double?
    /// Bytes of the state store (rows or fingerprints, table, parents).
    public var storeBytes: Int
    /// Threads used.
    public var workers: Int

    /// Not deterministic: wall-clock seconds.
    public var elapsedSeconds: Double
    /// Not deterministic: peak resident memory of the process, if known.
    public var peakMemoryBytes: Int?

    public init(
        states: Int, transitions: Int, maxDepth: Int, actionFired: [Int], neverFired: [Int]?,
        witnesses: [Witness], omissionProbabilityBound: Double?, storeBytes: Int, workers: Int,
        elapsedSeconds: Double, peakMemoryBytes: Int?
    ) {
        self.states = states
        self.transitions = transitions
        self.maxDepth = maxDepth
        self.actionFired = actionFired
        self.neverFired = neverFired
        self.witnesses = witnesses
        self.omissionProbabilityBound = omissionProbabilityBound
        self.storeBytes = storeBytes
        self.workers = workers
        self.elapsedSeconds = elapsedSeconds
        self.peakMemoryBytes = peakMemoryBytes
    }

    /// Not deterministic: states per wall-clock second.
    public var statesPerSecond: Double {
        elapsedSeconds > 0 ? Double(states) / elapsedSeconds : 0
    }

    /// Store bytes per stored state (0 before any state).
    public var bytesPerState: Double {
        states > 0 ? Double(storeBytes) / Double(states) : 0
    }
}

extension ExplorationStatistics: CustomStringConvertible {
    /// A few lines for a report, e.g.
    /// `states 1048576, transitions 10485760, depth 30` /
    /// `0.6 s, 1672924 states/s, 32.0 bytes/state, peak memory 55.3 MB` /
    /// `fingerprints: probability that a state was omitted <= 3.0e-8`.
    public var description: String {
        var lines = [
            "states \(states), transitions \(transitions), depth \(maxDepth)",
            "\(Self.fixed(elapsedSeconds, 1)) s, \(Int(statesPerSecond)) states/s, "
                + "\(Self.fixed(bytesPerState, 1)) bytes/state"
                + (peakMemoryBytes.map { ", peak memory \(Self.fixed(Double($0) / 1e6, 1)) MB" } ?? ""),
        ]
        if let bound = omissionProbabilityBound {
            lines.append("fingerprints: probability that a state was omitted <= \(Self.scientific(bound))")
        }
        if let neverFired, !neverFired.isEmpty {
            lines.append("actions that never fired: \(neverFired.map(String.init).joined(separator: ", "))")
        }
        for w in witnesses where !w.witnessed {
            lines.append("reachable '\(w.property)' was not witnessed")
        }
        return lines.joined(separator: "\n")
    }

    /// `x` with `digits` decimals (no Foundation).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let n = Int((abs(x) * scale).rounded())
        let whole = n / Int(scale)
        let frac = String(n % Int(scale))
        let padded = String(repeating: "0", count: max(0, digits - frac.count)) + frac
        return (x < 0 && n != 0 ? "-" : "") + "\(whole)" + (digits > 0 ? ".\(padded)" : "")
    }

    /// A probability in scientific notation with one decimal, e.g. 3.0e-8.
    static func scientific(_ p: Double) -> String {
        guard p > 0, p.isFinite else { return "0" }
        var mantissa = p
        var exponent = 0
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        if fixed(mantissa, 1) == "10.0" { mantissa = 1; exponent += 1 }
        return "\(fixed(mantissa, 1))e\(exponent)"
    }
}
