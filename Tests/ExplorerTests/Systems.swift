import CheckerCore
import Explorer
import Synchronization

// Toy systems whose state spaces are small enough to count by hand.

/// A W×H grid: `incX`, `incY` (within the grid) and `reset` (to the origin,
/// from anywhere else). States W·H; transitions (W-1)·H + W·(H-1) + W·H - 1.
struct Grid: ExplorableSystem {
    struct State: Hashable, Sendable { var x: Int, y: Int }
    enum Action: String, Hashable, Sendable { case incX, incY, reset }

    var width = 4
    var height = 3

    var initialStates: [State] { [State(x: 0, y: 0)] }
    var actions: [Action] { [.incX, .incY, .reset] }

    func next(_ s: State, _ a: Action) -> State? {
        switch a {
        case .incX: s.x + 1 < width ? State(x: s.x + 1, y: s.y) : nil
        case .incY: s.y + 1 < height ? State(x: s.x, y: s.y + 1) : nil
        case .reset: s.x != 0 || s.y != 0 ? State(x: 0, y: 0) : nil
        }
    }

    var packedWordCount: Int { 1 }
    func pack(_ s: State, into w: UnsafeMutableBufferPointer<UInt64>) { w[0] = UInt64(s.x) << 32 | UInt64(s.y) }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> State { State(x: Int(w[0] >> 32), y: Int(w[0] & 0xFFFF_FFFF)) }
    func canonical(_ s: State) -> State { s }
}

/// A broken test-and-set mutex for two interchangeable processes: `check`
/// sees the lock free, `enter` takes it (without looking again), `leave`
/// frees it. Both can pass `check` before either enters. 13 reachable
/// states, 24 transitions; 8 symmetry classes (swap the processes), 15
/// transitions between them.
struct BadMutex: ExplorableSystem {
    struct State: Hashable, Sendable { var pc: [Int], lock: Bool }
    struct Action: Hashable, Sendable { var step: Int, process: Int }  // step: 0 check, 1 enter, 2 leave

    var initialStates: [State] { [State(pc: [0, 0], lock: false)] }
    /// check(0), check(1), enter(0), enter(1), leave(0), leave(1).
    var actions: [Action] { (0..<3).flatMap { step in (0..<2).map { Action(step: step, process: $0) } } }

    func next(_ s: State, _ a: Action) -> State? {
        var t = s
        let i = a.process
        switch (a.step, s.pc[i]) {
        case (0, 0) where !s.lock: t.pc[i] = 1
        case (1, 1): t.pc[i] = 2; t.lock = true
        case (2, 2): t.pc[i] = 0; t.lock = false
        default: return nil
        }
        return t
    }

    var packedWordCount: Int { 1 }
    func pack(_ s: State, into w: UnsafeMutableBufferPointer<UInt64>) {
        w[0] = UInt64(s.pc[0]) | UInt64(s.pc[1]) << 8 | (s.lock ? 1 << 16 : 0)
    }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> State {
        State(pc: [Int(w[0] & 0xFF), Int(w[0] >> 8 & 0xFF)], lock: w[0] >> 16 & 1 == 1)
    }
    /// Processes sorted by program counter.
    func canonical(_ s: State) -> State { State(pc: s.pc.sorted(), lock: s.lock) }

    static func bothCritical(_ s: State) -> Bool { s.pc == [2, 2] }
}

/// Peterson's mutual exclusion for two processes: each process has one
/// action, its next statement. Symmetric under swapping the processes
/// together with flipping `turn`.
struct Peterson: ExplorableSystem {
    struct State: Hashable, Sendable { var pc: [Int], flag: [Bool], turn: Int }
    typealias Action = Int  // the process that steps

    var initialStates: [State] { [State(pc: [0, 0], flag: [false, false], turn: 0)] }
    var actions: [Int] { [0, 1] }

    func next(_ s: State, _ i: Int) -> State? {
        var t = s
        switch s.pc[i] {
        case 0: t.flag[i] = true; t.pc[i] = 1
        case 1: t.turn = 1 - i; t.pc[i] = 2
        case 2:
            guard !s.flag[1 - i] || s.turn == i else { return nil }
            t.pc[i] = 3
        default: t.flag[i] = false; t.pc[i] = 0
        }
        return t
    }

    var packedWordCount: Int { 1 }
    func pack(_ s: State, into w: UnsafeMutableBufferPointer<UInt64>) { w[0] = Self.code(s) }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> State {
        let c = w[0]
        return State(pc: [Int(c & 0xF), Int(c >> 4 & 0xF)], flag: [c >> 8 & 1 == 1, c >> 9 & 1 == 1],
                     turn: Int(c >> 10 & 1))
    }
    func canonical(_ s: State) -> State {
        let swapped = State(pc: s.pc.reversed(), flag: s.flag.reversed(), turn: 1 - s.turn)
        return Self.code(swapped) < Self.code(s) ? swapped : s
    }

    static func code(_ s: State) -> UInt64 {
        UInt64(s.pc[0]) | UInt64(s.pc[1]) << 4 | (s.flag[0] ? 1 << 8 : 0) | (s.flag[1] ? 1 << 9 : 0)
            | UInt64(s.turn) << 10
    }
}

/// N counters mod 3 on a ring; action i increments counter i (always
/// enabled). One word per counter, so rows are N words wide. 3^N states;
/// up to rotation, necklaces (N = 4: 24, by Burnside (81+3+9+3)/4); up to
/// any permutation, multisets (N = 4: C(6,2) = 15).
struct Ring: ExplorableSystem {
    enum Symmetry: Sendable { case none, rotation, permutation }
    typealias State = [Int]
    typealias Action = Int

    var count = 4
    var symmetry = Symmetry.rotation

    var initialStates: [State] { [Array(repeating: 0, count: count)] }
    var actions: [Int] { Array(0..<count) }

    func next(_ s: State, _ i: Int) -> State? {
        var t = s
        t[i] = (t[i] + 1) % 3
        return t
    }

    var packedWordCount: Int { count }
    func pack(_ s: State, into w: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<count { w[i] = UInt64(s[i]) }
    }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> State { w.map { Int($0) } }
    func canonical(_ s: State) -> State {
        switch symmetry {
        case .none: s
        case .rotation: (0..<count).map { r in Array(s[r...] + s[..<r]) }.min { $0.lexicographicallyPrecedes($1) } ?? s
        case .permutation: s.sorted()
        }
    }
}

/// A counter mod N that steps up or down: DFS reaches N-1 by N-1 steps up,
/// BFS by one step down.
struct Cycle: ExplorableSystem {
    typealias State = Int
    enum Action: Hashable, Sendable { case up, down }

    var size = 6

    var initialStates: [Int] { [0] }
    var actions: [Action] { [.up, .down] }
    func next(_ s: Int, _ a: Action) -> Int? { a == .up ? (s + 1) % size : (s + size - 1) % size }

    var packedWordCount: Int { 1 }
    func pack(_ s: Int, into w: UnsafeMutableBufferPointer<UInt64>) { w[0] = UInt64(s) }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> Int { Int(w[0]) }
    func canonical(_ s: Int) -> Int { s }
}

/// A pseudo-random graph on 0..<size with two initial states and four
/// affine actions, some disabled: many cross edges and duplicate
/// successors within a level, to exercise the parallel merge.
struct Scramble: ExplorableSystem {
    typealias State = Int
    typealias Action = Int

    var size = 20_000

    var initialStates: [Int] { [0, 17, 0] }
    var actions: [Int] { [0, 1, 2, 3] }

    func next(_ s: Int, _ k: Int) -> Int? {
        if (s + k) % 5 == 0 && s != 0 { return nil }
        let multipliers = [3, 7, 11, 2]
        let increments = [1, 5, 13, 0]
        return (s * multipliers[k] + increments[k]) % size
    }

    var packedWordCount: Int { 1 }
    func pack(_ s: Int, into w: UnsafeMutableBufferPointer<UInt64>) { w[0] = UInt64(s) }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> Int { Int(w[0]) }
    func canonical(_ s: Int) -> Int { s }
}

/// Wraps a system and sets `flag` once `next` has been called `after`
/// times: a caller cancelling a run while it is under way.
struct CancellingGrid: ExplorableSystem {
    final class Counter: Sendable {
        let calls = Atomic<Int>(0)
    }

    var grid = Grid(width: 60, height: 60)
    let flag: CancellationFlag
    let after: Int
    let counter = Counter()

    var initialStates: [Grid.State] { grid.initialStates }
    var actions: [Grid.Action] { grid.actions }
    func next(_ s: Grid.State, _ a: Grid.Action) -> Grid.State? {
        if counter.calls.wrappingAdd(1, ordering: .relaxed).newValue == after { flag.cancel() }
        return grid.next(s, a)
    }
    var packedWordCount: Int { 1 }
    func pack(_ s: Grid.State, into w: UnsafeMutableBufferPointer<UInt64>) { grid.pack(s, into: w) }
    func unpack(_ w: UnsafeBufferPointer<UInt64>) -> Grid.State { grid.unpack(w) }
    func canonical(_ s: Grid.State) -> Grid.State { s }
}
