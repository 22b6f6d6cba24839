import MemoryModel

/// Why a property is false in a state or on a step: the way down its body to
/// the subexpression that makes it false, with the values that subexpression
/// reads there.
///
/// `forall f in folios where ...: f.gfp has __GFP_PRIVATE`, false, reads
/// `forall f = folio 0: f.gfp has __GFP_PRIVATE is false (f.gfp = GFP_KERNEL|__GFP_THISNODE)`.
public struct Explanation: Equatable, Sendable {
    /// The quantifier bindings on the way down, outermost first: `forall f = folio 0`.
    public var bindings: [String]
    /// The false subexpression, as the property's source writes it.
    public var atom: String
    /// What the atom reads, in source order: `f.gfp = GFP_KERNEL|__GFP_THISNODE`.
    public var operands: [Operand]

    public struct Operand: Equatable, Sendable {
        public var text: String
        public var value: String
    }

    /// The explanation on one line.
    public var line: String {
        let prefix = bindings.isEmpty ? "" : bindings.joined(separator: ", ") + ": "
        let values = operands.isEmpty ? "" : " (" + operands.map { "\($0.text) = \($0.value)" }.joined(separator: ", ") + ")"
        return prefix + atom + " is false" + values
    }
}

/// The explanation is concrete only: it names one binding, which a symbolic
/// state does not have. It evaluates with the evaluator's own term readers
/// and leaves the explorer's entry points as they are.
extension PropertyEvaluator where A == ConcreteAlgebra {
    /// Why an invariant's (or reachable property's) body is false in `state`;
    /// nil when it is true.
    public func explain(_ property: CheckedProperty, in state: ModelState<ConcreteAlgebra>) -> Explanation? {
        precondition(property.kind != .transition, "\(property.name) is a transition property")
        return withUnsafePointer(to: state) { state in
            explain(property, Frame(current: state, pre: state, post: state, step: nil))
        }
    }

    /// Why a transition property's body is false on (pre, action, post) with
    /// the action's return value `ret`; nil when it is true.
    public func explain(_ property: CheckedProperty, pre: ModelState<ConcreteAlgebra>, action: Action,
                        post: ModelState<ConcreteAlgebra>, ret: Int) -> Explanation? {
        precondition(property.kind == .transition, "\(property.name) is not a transition property")
        let facts = StepFacts(action: action, data: model.concreteData(action), returnValue: .known(ret))
        return withUnsafePointer(to: pre) { pre in
            withUnsafePointer(to: post) { post in
                explain(property, Frame(current: pre, pre: pre, post: post, step: facts))
            }
        }
    }

    private func explain(_ property: CheckedProperty, _ frame: Frame) -> Explanation? {
        guard !bool(property.body, frame, Bindings()) else { return nil }
        var explainer = Explainer(evaluator: self, frame: frame, property: property)
        return explainer.explain(property.file.body, property.body, Bindings())
    }
}

/// Walks a property's syntax and its checked terms side by side: the terms
/// say what is false, the syntax says how the file writes it. A type checker
/// kept in step with the walk (the same quantifier levels, the same `let`s)
/// checks an atom's operands, so each value is read as the property reads it
/// and printed by its type (a gfp mask by its flag names).
///
/// The walk expects the checked body to be the file's (not a derived body
/// such as an antecedent); where the two differ it stops and explains the
/// whole subexpression.
private struct Explainer {
    typealias Evaluator = PropertyEvaluator<ConcreteAlgebra>

    let evaluator: Evaluator
    let frame: Evaluator.Frame
    var checker: TypeChecker
    var bindings: [String] = []

    init(evaluator: Evaluator, frame: Evaluator.Frame, property: CheckedProperty) {
        self.evaluator = evaluator
        self.frame = frame
        self.checker = TypeChecker(file: property.file, design: property.design, source: "", fileName: property.name)
    }

    /// `syntax` and `term` are the same subexpression, false under `env`.
    mutating func explain(_ syntax: Expr, _ term: BoolTerm, _ env: Evaluator.Bindings) -> Explanation {
        switch (syntax, term) {
        case let (.letBinding(name, value, body, _), _):
            // The checked form substituted the value; the syntax still names it.
            guard let typed = try? checker.check(value) else { return atom(syntax, env) }
            checker.scopes.append((name, .value(typed)))
            defer { checker.scopes.removeLast() }
            return explain(body, term, env)
        case let (.quantifier(.forall, variable, collection, condition, body, location), .forall(binder, bodyTerm)):
            guard (try? checker.bind(variable, collection, condition, at: location)) != nil else { return atom(syntax, env) }
            defer { checker.unbind() }
            // The first binding, in slot order, that is in range and breaks the body.
            for i in 0..<evaluator.count(binder.kind) {
                let inner = env.bound(binder.level, to: i)
                if evaluator.member(binder, i, frame, inner) && !evaluator.bool(bodyTerm, frame, inner) {
                    bindings.append("forall \(variable) = \(Self.name(binder.kind, i))")
                    return explain(body, bodyTerm, inner)
                }
            }
            return atom(syntax, env)
        case let (.binary(.and, left, right, _), .and(leftTerm, rightTerm)):
            return evaluator.bool(leftTerm, frame, env) ? explain(right, rightTerm, env) : explain(left, leftTerm, env)
        case let (.binary(.implies, _, consequent, _), .implies(_, consequentTerm)):
            return explain(consequent, consequentTerm, env)
        default:
            return atom(syntax, env)
        }
    }

    /// The false subexpression itself and the values it reads; an atom that
    /// is a single read (`node[f.nid].N_MEMORY_PRIVATE`) needs no values.
    mutating func atom(_ syntax: Expr, _ env: Evaluator.Bindings) -> Explanation {
        var reads: [Expr] = []
        collectReads(syntax, into: &reads)
        var operands: [Explanation.Operand] = []
        if !(reads.count == 1 && reads[0] == syntax) {
            for read in reads {
                let text = PropertyPrinter.print(read)
                guard !operands.contains(where: { $0.text == text }), let value = value(of: read, env) else { continue }
                operands.append(.init(text: text, value: value))
            }
        }
        return Explanation(bindings: bindings, atom: PropertyPrinter.print(syntax), operands: operands)
    }

    /// The outermost subexpressions that read the state or the step: fields,
    /// indexed entities, aggregates, `let` names, `ret`, `action`.
    func collectReads(_ e: Expr, into reads: inout [Expr]) {
        switch e {
        case .boolean, .integer, .set:
            break
        case .name(let name, _):
            // A quantifier variable is already named by its binding.
            if case .variable? = checker.scopes.last(where: { $0.name == name })?.binding { break }
            reads.append(e)
        case .member, .index, .quantifier, .count, .sum, .letBinding:
            reads.append(e)
        case .unary(_, let operand, _):
            collectReads(operand, into: &reads)
        case .binary(_, let left, let right, _):
            collectReads(left, into: &reads)
            collectReads(right, into: &reads)
        }
    }

    /// The value of a read, as a kernel developer writes it; nil for a
    /// constant, a name that only means something beside another operand
    /// (`demotion`, `alloc`), or anything that is not a value.
    mutating func value(of e: Expr, _ env: Evaluator.Bindings) -> String? {
        guard let typed = try? checker.check(e) else { return nil }
        switch typed {
        case .bool(let term):
            if case .constant = term { return nil }
            return evaluator.bool(term, frame, env) ? "true" : "false"
        case .int(let term, let flavor):
            if case .constant = term { return nil }
            let value = evaluator.num(term, frame, env)
            if flavor == .path { return Path(rawValue: value)?.name ?? String(value) }
            if case .ret = term, value < 0 { return Errno.describe(value) }
            return String(value)
        case .mask(let term, let kind):
            if case .constant = term { return nil }
            return Self.describe(evaluator.mask(term, frame, env), kind)
        case .entity(let ref):
            return Self.name(ref.kind, evaluator.index(ref.index, frame, env))
        case .action:
            return frame.step.map { evaluator.model.describe($0.action) }
        case .entityArray, .stateView, .blockArray, .fallbackArray, .nodeState, .set:
            return nil
        }
    }

    /// `folio 0`, `node 1`, `task 0`, `kswapd`.
    static func name(_ kind: EntityKind, _ index: Int) -> String {
        kind == .context ? Context.name(index) : "\(kind.rawValue) \(index)"
    }

    /// A mask by its kind's names, as `privcheck simulate` prints the field.
    static func describe(_ mask: UInt32, _ kind: MaskKind?) -> String {
        switch kind {
        case .gfp?: return GFP.describe(mask)
        case .npOps?: return NPOps.describe(mask)
        case .mpolFlags?: return mask & MPOL.MPOL_F_PRIVATE != 0 ? "MPOL_F_PRIVATE" : "0"
        case .nodemask?: return "{" + (0..<32).filter { mask & (1 << UInt32($0)) != 0 }.map(String.init).joined(separator: ",") + "}"
        case nil: return String(mask)
        }
    }
}
