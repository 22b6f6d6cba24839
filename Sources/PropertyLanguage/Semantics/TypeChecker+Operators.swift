import MemoryModel

/// Infix operators.
extension TypeChecker {
    mutating func binary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, at location: SourceLocation) throws(Diagnostic) -> Typed {
        switch op {
        case .and, .or, .implies:
            let l = try condition(lhs, "the left side of '\(op.rawValue)'")
            let r = try condition(rhs, "the right side of '\(op.rawValue)'")
            return .bool(op == .and ? .and(l, r) : op == .or ? .or(l, r) : .implies(l, r))
        case .equal, .notEqual:
            let (l, r) = try operands(lhs, rhs)
            let same = try equality(l, r, lhs: lhs, rhs: rhs, at: location)
            return .bool(op == .equal ? same : .not(same))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (l, lf) = try integer(lhs, "the left side of '\(op.rawValue)'")
            let (r, rf) = try integer(rhs, "the right side of '\(op.rawValue)'")
            noteOrdering(l, lf, r, rf)
            switch op {
            case .less: return .bool(.compare(l, .less, r))
            case .lessOrEqual: return .bool(.compare(l, .lessOrEqual, r))
            case .greater: return .bool(.compare(r, .less, l))
            default: return .bool(.compare(r, .lessOrEqual, l))
            }
        case .in:
            return try membership(lhs, rhs, at: location)
        case .has:
            let l = try check(lhs)
            guard case .mask(let mask, let kind) = l else {
                throw error(lhs.location, "'has' tests the bits of a mask, but this is \(l.typeName)",
                            hint: "write 'f.gfp has __GFP_PRIVATE' or 'n.ops_flags has NP_OPS_MIGRATION'")
            }
            let bits = try maskOperand(rhs, expected: kind, beside: l, op: "has")
            return .bool(.has(mask, bits.term))
        case .bitAnd, .bitOr:
            let l = try check(lhs)
            guard case .mask(let left, let kind) = l else {
                throw error(lhs.location, "'\(op.rawValue)' combines masks, but this is \(l.typeName)")
            }
            let r = try maskOperand(rhs, expected: kind, beside: l, op: op.rawValue)
            let term: MaskTerm = op == .bitAnd ? .and(left, r.term) : .or(left, r.term)
            return .mask(term, kind ?? r.kind)
        case .add, .subtract:
            let (l, lf) = try integer(lhs, "the left side of '\(op.rawValue)'")
            let (r, rf) = try integer(rhs, "the right side of '\(op.rawValue)'")
            if case .constant(let a) = l, case .constant(let b) = r {
                return .int(.constant(op == .add ? a + b : a - b), lf == .literal && rf == .literal ? .literal : .plain)
            }
            return .int(op == .add ? .add(l, r) : .subtract(l, r), .plain)
        case .multiply:
            let (l, _) = try integer(lhs, "the left side of '*'")
            let (r, _) = try integer(rhs, "the right side of '*'")
            switch (l, r) {
            case (.constant(let a), .constant(let b)): return .int(.constant(a * b), .literal)
            case (let term, .constant(let k)), (.constant(let k), let term): return .int(.multiply(term, by: k), .plain)
            default:
                throw error(location, "'*' needs a constant on one side",
                            hint: "the prover's arithmetic is linear: multiply by a number, not by a field")
            }
        case .divide:
            let (l, _) = try integer(lhs, "the left side of '/'")
            let (r, _) = try integer(rhs, "the right side of '/'")
            guard case .constant(let k) = r, k > 0 else {
                throw error(rhs.location, "'/' divides by a positive constant", hint: "write 'n.watermark_boost / 2'")
            }
            return .int(.divide(l, by: k), .plain)
        }
    }

    /// Checks both sides of a comparison, letting a bare name on one side
    /// resolve in the namespace the other side implies (`f.path == demotion`,
    /// `action == alloc`).
    mutating func operands(_ lhs: Expr, _ rhs: Expr) throws(Diagnostic) -> (Typed, Typed) {
        if case .name(let name, let location) = lhs, !isBound(name), !isBareName(rhs) {
            let r = try check(rhs)
            return (try resolve(name, at: location, context: context(of: r)), r)
        }
        let l = try check(lhs)
        if case .name(let name, let location) = rhs, !isBound(name) {
            return (l, try resolve(name, at: location, context: context(of: l)))
        }
        return (l, try check(rhs))
    }

    func isBound(_ name: String) -> Bool { scopes.contains { $0.name == name } }
    func isBareName(_ e: Expr) -> Bool { if case .name = e { true } else { false } }

    func context(of typed: Typed) -> NameContext? {
        switch typed {
        case .int(_, .path): .path
        case .action: .action
        case .mask(_, let kind?): .mask(kind)
        default: nil
        }
    }

    mutating func equality(_ l: Typed, _ r: Typed, lhs: Expr, rhs: Expr, at location: SourceLocation) throws(Diagnostic) -> BoolTerm {
        switch (l, r) {
        case (.bool(let a), .bool(let b)):
            return .same(a, b)
        case (.action, .bool(.actionIs(let families))), (.bool(.actionIs(let families)), .action):
            return .actionIs(families)
        case (.action, _):
            throw error(rhs.location, "the action is compared with an action name, not \(r.typeName)",
                        hint: "write 'action == alloc'")
        case (.mask(let a, let ka), .mask(let b, let kb)):
            try compatible(ka, kb, at: location)
            noteMaskConstant(a, ka ?? kb, b)
            return .maskEqual(a, b)
        case (.mask(let a, let kind), .int(.constant(let v), .literal)) where v >= 0:
            noteMaskConstant(a, kind, .constant(UInt32(v)))
            return .maskEqual(a, .constant(UInt32(v)))
        case (.int(.constant(let v), .literal), .mask(let b, let kind)) where v >= 0:
            noteMaskConstant(b, kind, .constant(UInt32(v)))
            return .maskEqual(.constant(UInt32(v)), b)
        case (.entity(let a), .entity(let b)) where a.kind == b.kind:
            return .compare(.index(a), .equal, .index(b))
        default:
            break
        }
        if let (a, af) = asInteger(l), let (b, bf) = asInteger(r) {
            if af == .identity, case .constant(let c) = b, c >= 0 { symmetric = false }
            if bf == .identity, case .constant(let c) = a, c >= 0 { symmetric = false }
            return .compare(a, .equal, b)
        }
        throw error(location, "cannot compare \(l.typeName) with \(r.typeName)", hint: comparisonHint(l, r))
    }

    func asInteger(_ typed: Typed) -> (NumTerm, IntFlavor)? {
        switch typed {
        case .int(let term, let flavor): (term, flavor)
        case .entity(let ref): (.index(ref), .identity)
        default: nil
        }
    }

    func comparisonHint(_ l: Typed, _ r: Typed) -> String? {
        switch (l, r) {
        case (.mask, .mask): nil
        case (.mask, _), (_, .mask): "test bits with 'has': f.gfp has __GFP_PRIVATE"
        case (.nodeState(let f), _), (_, .nodeState(let f)): "test a node with 'n.\(f.rawValue)'"
        default: nil
        }
    }

    func compatible(_ a: MaskKind?, _ b: MaskKind?, at location: SourceLocation) throws(Diagnostic) {
        if let a, let b, a != b {
            throw error(location, "compares \(a.described) with \(b.described)",
                        hint: "gfp masks take __GFP_* and GFP_* names, NP_OPS flags take NP_OPS_*, nodemasks take node ids")
        }
    }

    /// The right operand of `has`, `&` or `|`: a mask of the left's kind, or a number.
    mutating func maskOperand(_ e: Expr, expected: MaskKind?, beside left: Typed, op: String)
        throws(Diagnostic) -> (term: MaskTerm, kind: MaskKind?)
    {
        let typed: Typed
        if case .name(let name, let location) = e, !isBound(name) {
            typed = try resolve(name, at: location, context: expected.map { .mask($0) })
        } else {
            typed = try check(e)
        }
        switch typed {
        case .mask(let term, let kind):
            if let expected, let kind, expected != kind {
                throw error(e.location, "'\(PropertyPrinter.print(e))' is \(typed.typeName), but the left side of '\(op)' is \(left.typeName)",
                            hint: expected == .gfp ? "gfp masks take __GFP_* and GFP_* flags" : expected == .npOps ? "NP_OPS flags take NP_OPS_* names" : nil)
            }
            return (term, kind)
        case .int(.constant(let v), .literal) where v >= 0:
            return (.constant(UInt32(truncatingIfNeeded: v)), nil)
        default:
            throw error(e.location, "the right side of '\(op)' must be a mask, but this is \(typed.typeName)")
        }
    }

    mutating func membership(_ lhs: Expr, _ rhs: Expr, at location: SourceLocation) throws(Diagnostic) -> Typed {
        if case .set(let elements, _) = rhs {
            let l = try check(lhs)
            var any: BoolTerm = .constant(false)
            var first = true
            for element in elements {
                let r: Typed
                if case .name(let name, let nameLocation) = element, !isBound(name) {
                    r = try resolve(name, at: nameLocation, context: context(of: l))
                } else {
                    r = try check(element)
                }
                let same = try equality(l, r, lhs: lhs, rhs: element, at: element.location)
                any = first ? same : .or(any, same)
                first = false
            }
            return .bool(any)
        }
        let l = try check(lhs)
        let r = try check(rhs)
        switch r {
        case .nodeState(let field):
            guard !inTransition else {
                throw error(rhs.location, "'\(field.rawValue)' differs between the states of a step",
                            hint: "write 'pre.node[n].\(field.rawValue)' or 'post.node[n].\(field.rawValue)'")
            }
            switch l {
            case .entity(let ref) where ref.kind == .node:
                return .bool(.nodeBit(ref, field))
            case .int(let term, _):
                if case .constant = term { symmetric = false }
                return .bool(.nodeBit(EntityRef(kind: .node, index: .value(term), state: .current), field))
            default:
                throw error(lhs.location, "only a node can be in \(field.rawValue), but this is \(l.typeName)")
            }
        case .mask(let mask, let kind) where kind == nil || kind == .nodemask:
            guard let (nid, flavor) = asInteger(l) else {
                throw error(lhs.location, "a nodemask holds node ids, but this is \(l.typeName)",
                            hint: "write 'n.nid in t.nodes'")
            }
            if flavor != .identity, case .constant = nid { symmetric = false }
            return .bool(.inMask(nid, mask))
        default:
            throw error(rhs.location, "'in' needs a set, a nodemask or a node state on its right, but this is \(r.typeName)",
                        hint: "write 'f.path in {demotion, compaction}', 'n.nid in t.nodes' or 'n in N_MEMORY'")
        }
    }

    /// A node, folio or task named by a number makes the property asymmetric.
    mutating func noteOrdering(_ l: NumTerm, _ lf: IntFlavor, _ r: NumTerm, _ rf: IntFlavor) {
        if lf == .identity, case .constant(let c) = r, c >= 1 { symmetric = false }
        if rf == .identity, case .constant(let c) = l, c >= 1 { symmetric = false }
    }

    mutating func noteMaskConstant(_ mask: MaskTerm, _ kind: MaskKind?, _ other: MaskTerm) {
        if kind == .nodemask, case .constant(let v) = other, v != 0 { symmetric = false }
    }
}
