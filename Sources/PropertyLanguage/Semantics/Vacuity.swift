/// The antecedent of an invariant: what must be true somewhere for the
/// invariant to say anything. `forall f in folios where C: B` says nothing
/// in a run where no folio ever satisfies C; `A implies B` nothing where A
/// is never true. The checker warns when an exhaustive run never meets it.
extension CheckedProperty {
    /// A condition true in exactly the states where the invariant's body is
    /// not trivially true; nil when the body has no antecedent.
    public var antecedent: BoolTerm? {
        guard kind == .invariant else { return nil }
        return Self.antecedent(of: body)
    }

    static func antecedent(of term: BoolTerm) -> BoolTerm? {
        switch term {
        case .forall(let binder, let body):
            let inner = antecedent(of: body)
            guard binder.condition != nil || binder.nodeState != nil || inner != nil else { return nil }
            return .exists(binder, inner ?? .constant(true))
        case .implies(let premise, let conclusion):
            guard let inner = antecedent(of: conclusion) else { return premise }
            return .and(premise, inner)
        case .and(let l, let r):
            switch (antecedent(of: l), antecedent(of: r)) {
            case (nil, nil): return nil
            case (let a?, nil), (nil, let a?): return a
            case (let a?, let b?): return .or(a, b)
            }
        default:
            return nil
        }
    }

    /// The antecedent as a `reachable` property of its own.
    public var antecedentProperty: CheckedProperty? {
        antecedent.map { CheckedProperty(file: file, design: design, body: $0, symmetric: symmetric, kindOverride: .reachable) }
    }
}
