import Foundation
import MemoryModel
import PropertyLanguage
import Z3Bridge

/// An unbounded proof by Z3's Spacer engine on constrained Horn clauses:
/// `Inv(init)`, `Inv(s) ∧ T(s, s') → Inv(s')`, and the query whether
/// `Inv(s) ∧ ¬P(s)` is derivable. Spacer finds the inductive invariant
/// itself (no helpers); unreachable means proved, with that invariant.
public struct Spacer {
    public let symbolic: SymbolicModel
    public let timeout: Duration?

    public init(symbolic: SymbolicModel, timeout: Duration?) {
        self.symbolic = symbolic
        self.timeout = timeout
    }

    public enum Outcome {
        /// The property holds in every reachable state; the invariant Spacer
        /// found, in SMT-LIB2 over the state's field names.
        case proved(invariant: String)
        /// A violation is derivable.
        case violated
        case unknown(reason: String)
    }

    /// The outcome, the seconds Z3 took, and the rules with the query in
    /// Z3's fixedpoint format (for `--emit-smt2`; the z3 command line
    /// answers `unsat` when the query is unreachable).
    public func run(_ property: CheckedProperty) throws -> (Outcome, seconds: Double, text: String) {
        let context = symbolic.context
        let initial = symbolic.model.initialState(symbolic.z3)
        let sorts = SymbolicModel.fields(initial).map { field -> AnySort in
            switch field.value {
            case .bit: context.boolSort.erased
            case .num: context.intSort.erased
            case .mask: context.bitVecSort(width: 32).erased
            }
        }
        let inv = context.function(name: "Inv", domain: sorts, range: context.boolSort)
        func holds(_ s: ModelState<Z3Algebra>) throws -> Z3Bool { try inv.apply(SymbolicModel.fields(s).map { $0.value.erased }) }
        let fixedpoint = Z3Fixedpoint(context: context)
        fixedpoint.registerRelation(inv)
        try fixedpoint.addRule(try holds(initial), name: "init")
        let pre = symbolic.state("pre."), post = symbolic.state("post.")
        let transition = symbolic.transition(pre, post, name: "t")
        try fixedpoint.addRule(try holds(pre) && transition.formula ==> holds(post), name: "step")
        let bad: Z3Bool = switch property.kind {
        case .transition: try holds(pre) && transition.formula && symbolic.fails(property, on: transition, from: pre, to: post)
        case .invariant, .reachable: try holds(pre) && symbolic.failsOrWitnessed(property, in: pre)
        }
        let text = try fixedpoint.smtlib2(query: bad)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try fixedpoint.query(bad, timeout: timeout)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        switch result {
        case .reachable:
            return (.violated, seconds, text)
        case .unknown(let reason):
            return (.unknown(reason: reason), seconds, text)
        case .unreachable:
            let invariant = fixedpoint.cover(level: -1, for: inv).map { named($0.description, initial) } ?? "(not given)"
            return (.proved(invariant: invariant), seconds, text)
        }
    }

    /// The invariant's de Bruijn variables `(:var i)` replaced by the state
    /// fields they stand for (the relation's arguments, in `visit` order).
    func named(_ text: String, _ state: ModelState<Z3Algebra>) -> String {
        let names = SymbolicModel.fields(state).map(\.name)
        var out = text
        for (i, name) in names.enumerated().reversed() { out = out.replacingOccurrences(of: "(:var \(i))", with: name) }
        return out
    }
}

extension FieldValue where A == Z3Algebra {
    var erased: AnyTerm {
        switch self {
        case let .bit(b): b.erased
        case let .num(n): n.erased
        case let .mask(m): m.erased
        }
    }
}
