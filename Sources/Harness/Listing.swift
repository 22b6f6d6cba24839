import MemoryModel

/// The text of `privcheck list ...`.
public enum Listing {
    public static func designs() -> String {
        Design.allCases.map { "\($0.rawValue)\t\($0.summary)\n\tposted as \($0.source)" }.joined(separator: "\n")
    }

    public static func mutants() -> String {
        Mutant.allCases.map { "\($0.rawValue)\t(\($0.design.rawValue)) \($0.summary)" }.joined(separator: "\n")
    }

    /// The shipped scopes; with a design, only those it runs on (a v4
    /// scope with a GFP_PRIVATE caller does not apply to v3).
    public static func scopes(design: Design? = nil) throws -> String {
        var rows: [String] = []
        for name in Scope.shippedNames {
            let scope = try Scope.named(name)
            if let design, (try? Model(scope: scope, design: design)) == nil { continue }
            rows.append("\(name)\t\(scope.summary)")
        }
        return rows.joined(separator: "\n")
    }

    public static func actions(_ design: Design) -> String {
        let rows = Model.catalog(design)
        let width = rows.map(\.family.count).max() ?? 0
        return rows.map { row in
            row.family.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.summary + "  [" + row.source + "]"
        }.joined(separator: "\n")
    }
}
