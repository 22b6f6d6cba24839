import CheckerCore

/// A named property the explorer checks on states or transitions of `S`.
///
/// The check is a closure, so the property language's evaluator, a test, or
/// hand-written Swift can all supply one. With symmetry on, the search only
/// visits symmetry representatives (`canonical`): state properties see
/// them, and transition properties see them as pre-states. So a property
/// must give the same answer on symmetric states. The explorer checks this
/// on every trace it reports, by evaluating the property again on the
/// replayed execution (`ExplorerError.propertyNotSymmetric`); it cannot
/// catch an asymmetric property that no representative violates, which is
/// then reported as holding. Run with symmetry off to rule that out.
public struct ExplorerProperty<S: ExplorableSystem>: Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// Holds in every reachable state; violated where the check is false.
        case invariant
        /// Holds on every transition (pre, action, post); violated where false.
        case transition
        /// Some reachable state satisfies it; witnessed where the check is true.
        case reachable
    }

    @usableFromInline
    enum Check: Sendable {
        case state(@Sendable (S.State) -> Bool)
        case transition(@Sendable (S.State, S.Action, S.State) -> Bool)
    }

    public let name: String
    public let kind: Kind
    @usableFromInline let check: Check

    @usableFromInline
    init(name: String, kind: Kind, check: Check) {
        self.name = name
        self.kind = kind
        self.check = check
    }

    /// Violated in any reachable state where `holds` is false.
    public static func invariant(_ name: String, _ holds: @escaping @Sendable (S.State) -> Bool) -> Self {
        Self(name: name, kind: .invariant, check: .state(holds))
    }

    /// Violated on any reachable transition where `holds(pre, action, post)` is false.
    public static func transition(
        _ name: String, _ holds: @escaping @Sendable (_ pre: S.State, _ action: S.Action, _ post: S.State) -> Bool
    ) -> Self {
        Self(name: name, kind: .transition, check: .transition(holds))
    }

    /// Witnessed by any reachable state where `condition` is true.
    public static func reachable(_ name: String, _ condition: @escaping @Sendable (S.State) -> Bool) -> Self {
        Self(name: name, kind: .reachable, check: .state(condition))
    }

    /// Whether `state` is a finding: an invariant's violation or a reachable
    /// property's witness.
    @inlinable @inline(__always)
    func isFinding(_ state: S.State) -> Bool {
        guard case .state(let f) = check else { return false }
        return kind == .reachable ? f(state) : !f(state)
    }

    /// Whether the transition violates a transition property.
    @inlinable @inline(__always)
    func isFinding(_ pre: S.State, _ action: S.Action, _ post: S.State) -> Bool {
        guard case .transition(let f) = check else { return false }
        return !f(pre, action, post)
    }
}
