import Foundation
import Z3Bridge

/// One proof obligation: formulas that must be unsatisfiable for the claim
/// to hold (or, for a witness, satisfiable), checked by one solver, with
/// its SMT-LIB2 text kept for `--emit-smt2`.
public struct Obligation: Sendable {
    /// `isolation.consecution`, `isolation.bmc.3`: also the file name.
    public var name: String
    /// What was asked: `unsat` proves the obligation.
    public var result: Answer
    public var seconds: Double
    /// The obligation as a standalone SMT-LIB2 benchmark.
    public var smtlib2: String

    public init(name: String, result: Answer, seconds: Double, smtlib2: String) {
        self.name = name
        self.result = result
        self.seconds = seconds
        self.smtlib2 = smtlib2
    }

    public enum Answer: Sendable, Equatable {
        case sat
        case unsat
        case unknown(reason: String)

        public var word: String {
            switch self {
            case .sat: "sat"
            case .unsat: "unsat"
            case .unknown: "unknown"
            }
        }
    }
}

/// Runs obligations: one solver each, a watchdog timeout, and the SMT-LIB2
/// text of every obligation.
public struct ObligationRunner {
    public let context: Z3Context
    public let timeout: Duration?

    public init(context: Z3Context, timeout: Duration?) {
        self.context = context
        self.timeout = timeout
    }

    /// Checks `formulas` together; the Z3 model when satisfiable.
    public func check(_ name: String, _ formulas: [Z3Bool]) throws -> (Obligation, Z3Model?) {
        let solver = Z3Solver(context: context)
        solver.assertAll(formulas)
        let text = solver.smtlib2Benchmark(name: name)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try solver.check(timeout: timeout)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let answer: Obligation.Answer = switch result {
        case .sat: .sat
        case .unsat: .unsat
        case .unknown(let reason): .unknown(reason: reason)
        }
        return (Obligation(name: name, result: answer, seconds: seconds, smtlib2: text), result.model)
    }
}
