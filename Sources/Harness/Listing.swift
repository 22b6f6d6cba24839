import MemoryModel

/// The text of `privcheck list ...`.
public enum Listing {
    public static func designs() -> String {
        Design.allCases.map { "\($0.rawValue)\t\($0.summary)\n\tposted as \($0.source)" }.joined(separator: "\n")
    }

    public static func mutants() -> String {
        Mutant.allCases.map { "\($0.rawValue)\t(\($0.design.rawValue)) \($0.summary)" }.joined(separator: "\n")
    }

    public static func scopes() throws -> String {
        try Scope.shippedNames.map { name in
            let scope = try Scope.named(name)
            return "\(name)\t\(scope.summary)"
        }.joined(separator: "\n")
    }

    public static func actions(_ design: Design) -> String {
        let rows = Model.catalog(design)
        let width = rows.map(\.family.count).max() ?? 0
        return rows.map { row in
            row.family.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.summary + "  [" + row.source + "]"
        }.joined(separator: "\n")
    }
}
