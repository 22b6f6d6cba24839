/// Reading a concrete state field by field, by the kernel's names.
extension Model {
    /// Every field of the scope's part of the state, with its value rendered
    /// as a kernel developer reads it (flag names, nodemasks, errno names).
    public func fields(_ s: ModelState<ConcreteAlgebra>) -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        s.visit(prefix: "") { name, value in
            guard inScope(name) else { return }
            out.append((name, render(name, value)))
        }
        return out
    }

    /// The fields whose values differ between two states.
    public func changes(from pre: ModelState<ConcreteAlgebra>, to post: ModelState<ConcreteAlgebra>)
        -> [(name: String, before: String, after: String)] {
        zip(fields(pre), fields(post)).compactMap { a, b in
            a.value == b.value ? nil : (a.name, a.value, b.value)
        }
    }

    /// Whether a qualified field name belongs to a node, folio, task, block
    /// or context the scope has.
    func inScope(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        guard let head = parts.first, let index = Self.index(head) else { return false }
        switch head.prefix(while: { $0 != "[" }) {
        case "node":
            guard index < nodeCount else { return false }
            if parts.count > 1, let b = Self.index(parts[1]) { return b < scope.nodes[index].blocks }
            return true
        case "folio": return index < folioCount
        case "task": return index < taskCount
        case "ctx": return index < taskCount || index >= Scope.maxTasks
        default: return false
        }
    }

    static func index(_ part: Substring) -> Int? {
        guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]") else { return nil }
        return Int(part[part.index(after: open)..<close])
    }

    private func render(_ name: String, _ value: FieldValue<ConcreteAlgebra>) -> String {
        let field = name.split(separator: ".").last.map(String.init) ?? name
        switch value {
        case let .bit(b): return b ? "true" : "false"
        case let .num(n):
            switch field {
            case "path": return Path(rawValue: n)?.name ?? String(n)
            case "pc": return PC(rawValue: n).map { "\($0)" } ?? String(n)
            case "mode": return MPOL.modeNames.indices.contains(n) ? MPOL.modeNames[n] : String(n)
            case "reason": return MigrateReason(rawValue: n).map { "\($0)" } ?? String(n)
            default: return String(n)
            }
        case let .mask(m):
            switch field {
            case "gfp", "caller_gfp": return GFP.describe(m)
            case "ops_flags": return NPOps.describe(m)
            case "flags": return m & MPOL.MPOL_F_PRIVATE != 0 ? "MPOL_F_PRIVATE" : "0"
            default:
                let nids = (0..<32).filter { m & (1 << UInt32($0)) != 0 }
                return "{" + nids.map(String.init).joined(separator: ",") + "}"
            }
        }
    }
}
