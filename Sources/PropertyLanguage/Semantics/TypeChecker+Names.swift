import MemoryModel

/// Names, fields and indexing.
extension TypeChecker {
    /// Namespaces a name beside a path or the action resolves in first.
    enum NameContext {
        case path, action, mask(MaskKind)
    }

    mutating func resolve(_ name: String, at location: SourceLocation, context: NameContext?) throws(Diagnostic) -> Typed {
        if let (_, binding) = scopes.last(where: { $0.name == name }) {
            switch binding {
            case .variable(let level, let kind):
                return .entity(EntityRef(kind: kind, index: .variable(level), state: inTransition ? nil : .current))
            case .value(let typed):
                return typed
            }
        }
        switch context {
        case .path?:
            if let value = Constants.paths[name] { return .int(.constant(value), .path) }
        case .action?:
            if let family = actionNames[name] { return .bool(.actionIs([family])) }
            throw error(location, "'\(name)' is not an action of design \(design.rawValue)",
                        hint: Spelling.suggestion(for: name, among: actionNames.keys.sorted())
                            ?? "'privcheck list actions --design \(design.rawValue)' lists them; write ': ' as '_'")
        default:
            break
        }
        if let kind = EntityKind(rawValue: name) ?? (name == "ctx" ? .context : nil) {
            guard !inTransition else {
                throw error(location, "in a transition, '\(name)' is ambiguous",
                            hint: "read it before or after the step: pre.\(name)[...] or post.\(name)[...]")
            }
            return .entityArray(kind, .current)
        }
        switch name {
        case "pre", "post", "action", "ret":
            guard inTransition else {
                throw error(location, "'\(name)' exists only in a transition property",
                            hint: "an \(file.kind.rawValue) looks at one state: read node[...], folio[...], task[...]")
            }
            switch name {
            case "pre": return .stateView(.pre)
            case "post": return .stateView(.post)
            case "action": return .action
            default: return .int(.ret, .plain)
            }
        default:
            break
        }
        if let value = Constants.integers[name] { return .int(.constant(value), .plain) }
        if let (value, kind) = Constants.masks[name] { return .mask(.constant(value), kind) }
        if let state = Constants.nodeStates[name] { return .nodeState(state) }
        if Constants.paths[name] != nil {
            throw error(location, "'\(name)' is a path: compare a folio's path with it",
                        hint: "write 'f.path == \(name)'")
        }
        if actionNames[name] != nil {
            throw error(location, "'\(name)' is an action: compare the action with it",
                        hint: "in a transition, write 'action == \(name)'")
        }
        let looksLikeFlag = ["__GFP_", "GFP_", "NP_OPS_", "MPOL_F_"].contains { name.hasPrefix($0) }
        let what = if case .path? = context { "path" } else if looksLikeFlag { "flag" } else { "name" }
        throw error(location, "unknown \(what) '\(name)'",
                    hint: suggestion(for: name, context: context))
    }

    /// The nearest name the context allows, or a pointer to where names are listed.
    func suggestion(for name: String, context: NameContext?) -> String? {
        var candidates = scopes.map(\.name)
        switch context {
        case .mask(let kind)?:
            candidates += Constants.masks.filter { $0.value.kind == kind }.keys.sorted()
        case .path?:
            candidates += Constants.paths.keys.sorted()
        default:
            candidates += ["node", "folio", "task", "ctx"] + (inTransition ? ["pre", "post", "action", "ret"] : [])
            candidates += Constants.masks.keys.sorted() + Constants.integers.keys.sorted() + Constants.nodeStates.keys.sorted()
        }
        if let hint = Spelling.suggestion(for: name, among: candidates) { return hint }
        if name.hasPrefix("__GFP") || name.hasPrefix("GFP_") || name.hasPrefix("NP_OPS") {
            let all = Constants.masks.keys.sorted()
            if let hint = Spelling.suggestion(for: name, among: all) { return hint }
            return "the flags are the kernel's: __GFP_*, GFP_*, NP_OPS_*, MPOL_F_PRIVATE"
        }
        return nil
    }

    // MARK: - base.field

    mutating func member(of base: Expr, _ field: String, at location: SourceLocation) throws(Diagnostic) -> Typed {
        let typed = try check(base)
        switch typed {
        case .entity(let ref):
            return try entityField(ref, field, at: location, base: base)
        case .stateView(let state):
            let kind = field == "ctx" ? EntityKind.context : EntityKind(rawValue: field)
            guard let kind else {
                throw error(locate(field, after: location), "the '\(state.rawValue)' state has no array '\(field)'",
                            hint: Spelling.suggestion(for: field, among: ["node", "folio", "task", "ctx"])
                                ?? "a state has the arrays node, folio, task and ctx")
            }
            return .entityArray(kind, state)
        case .action:
            guard let argument = ActionArgument(rawValue: field) else {
                throw error(locate(field, after: location), "an action has no argument '\(field)'",
                            hint: Spelling.suggestion(for: field, among: ActionArgument.allCases.map(\.rawValue))
                                ?? "arguments: " + ActionArgument.allCases.map(\.rawValue).joined(separator: ", "))
            }
            switch argument {
            case .remove, .write: return .bool(.actionFlag(argument))
            case .gfp: return .mask(.actionMask, .gfp)
            case .flags: return .mask(.actionMask, .npOps)
            case .nid, .folio, .task, .context: return .int(.actionArgument(argument), .identity)
            default: return .int(.actionArgument(argument), .plain)
            }
        default:
            throw error(locate(field, after: location), "\(typed.typeName) has no field '\(field)'")
        }
    }

    /// Every name `.` may follow an entity of `kind` with.
    static func fieldNames(_ kind: EntityKind) -> [String] {
        switch kind {
        case .node:
            NodeBitField.allCases.map(\.rawValue) + NodeBlockField.allCases.map(\.rawValue)
                + NodeNumField.allCases.map(\.rawValue) + ["ops_flags"] + NodeDerivedBit.allCases.map(\.rawValue)
                + NodeDerivedNum.allCases.map(\.rawValue) + ["fallback"]
        case .folio:
            FolioBitField.allCases.map(\.rawValue) + FolioNumField.allCases.map(\.rawValue) + FolioMaskField.allCases.map(\.rawValue)
        case .task:
            TaskNumField.allCases.map(\.rawValue) + TaskMaskField.allCases.map(\.rawValue)
        case .context:
            ContextBitField.allCases.map(\.rawValue) + ContextNumField.allCases.map(\.rawValue) + ContextMaskField.allCases.map(\.rawValue)
        }
    }

    mutating func entityField(_ ref: EntityRef, _ field: String, at location: SourceLocation, base: Expr) throws(Diagnostic) -> Typed {
        if ref.state == nil {
            // A transition's quantifier variable names a slot, not a state.
            if ref.kind == .node && field == "nid" { return .int(.index(ref), .identity) }
            let array = ref.kind == .context ? "ctx" : ref.kind.rawValue
            let name = PropertyPrinter.print(base)
            throw error(location, "'\(name)' names a \(ref.kind.rawValue), not its state before or after the step",
                        hint: "write pre.\(array)[\(name)].\(field) or post.\(array)[\(name)].\(field)")
        }
        switch ref.kind {
        case .node:
            if let f = NodeBitField(rawValue: field) { return .bool(.nodeBit(ref, f)) }
            if let f = NodeBlockField(rawValue: field) { return .blockArray(ref, f) }
            if let f = NodeNumField(rawValue: field) { return .int(.nodeField(ref, f), .plain) }
            if field == "ops_flags" { return .mask(.nodeOpsFlags(ref), .npOps) }
            if let f = NodeDerivedBit(rawValue: field) { return .bool(.nodeDerived(ref, f)) }
            if let f = NodeDerivedNum(rawValue: field) {
                return .int(.nodeDerived(ref, f), f == .nid || f == .next_demotion_node ? .identity : .plain)
            }
            if field == "fallback" { return .fallbackArray(ref) }
        case .folio:
            if let f = FolioBitField(rawValue: field) { return .bool(.folioBit(ref, f)) }
            if let f = FolioNumField(rawValue: field) {
                let flavor: IntFlavor = switch f {
                case .path: .path
                case .nid, .owner: .identity
                case .compressed_size: .plain
                }
                return .int(.folioField(ref, f), flavor)
            }
            if let f = FolioMaskField(rawValue: field) { return .mask(.folioField(ref, f), .gfp) }
        case .task:
            if let f = TaskNumField(rawValue: field) { return .int(.taskField(ref, f), f == .il_prev ? .identity : .plain) }
            if let f = TaskMaskField(rawValue: field) { return .mask(.taskField(ref, f), f.kind) }
        case .context:
            if let f = ContextBitField(rawValue: field) { return .bool(.contextBit(ref, f)) }
            if let f = ContextNumField(rawValue: field) {
                return .int(.contextField(ref, f), [.folio, .nid, .dst_nid].contains(f) ? .identity : .plain)
            }
            if let f = ContextMaskField(rawValue: field) { return .mask(.contextField(ref, f), f.kind) }
        }
        let names = TypeChecker.fieldNames(ref.kind)
        throw error(locate(field, after: location), "a \(ref.kind.rawValue) has no field '\(field)'",
                    hint: Spelling.suggestion(for: field, among: names)
                        ?? "\(ref.kind.rawValue) fields: " + names.joined(separator: ", "))
    }

    // MARK: - base[index]

    mutating func subscripted(_ base: Expr, _ index: Expr, at location: SourceLocation) throws(Diagnostic) -> Typed {
        let typed = try check(base)
        switch typed {
        case .entityArray(let kind, let state):
            return .entity(EntityRef(kind: kind, index: try entityIndex(index, of: kind), state: state))
        case .blockArray(let ref, let field):
            let (block, _) = try integer(index, "a block number")
            return .bool(.nodeBlock(ref, field, block: block))
        case .fallbackArray(let ref):
            let zone = try entityIndex(index, of: .node)
            return .bool(.fallback(ref, zone: numTerm(zone, .node)))
        default:
            throw error(location, "\(typed.typeName) cannot be indexed")
        }
    }

    /// An index into the array of `kind`: a variable over that array, a
    /// number, or an integer the state holds.
    mutating func entityIndex(_ e: Expr, of kind: EntityKind) throws(Diagnostic) -> EntityIndex {
        let typed = try check(e)
        switch typed {
        case .entity(let ref):
            guard ref.kind == kind else {
                throw error(e.location, "a \(ref.kind.rawValue) cannot index the \(kind.rawValue) array",
                            hint: ref.kind == .folio && kind == .node ? "a folio's node is node[f.nid]" : nil)
            }
            return ref.index
        case .int(.constant(let value), _):
            symmetric = false
            return .constant(value)
        case .int(let term, _):
            return .value(term)
        default:
            throw error(e.location, "an index must be an integer, but this is \(typed.typeName)")
        }
    }

    func numTerm(_ index: EntityIndex, _ kind: EntityKind) -> NumTerm {
        switch index {
        case .constant(let v): .constant(v)
        case .value(let term): term
        case .variable: .index(EntityRef(kind: kind, index: index, state: .current))
        }
    }
}
