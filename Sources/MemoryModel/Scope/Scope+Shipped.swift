import Foundation

/// The scopes that ship with privcheck (`Sources/MemoryModel/Scopes/*.yaml`),
/// and the lookup `--scope NAME|FILE` uses.
extension Scope {
    /// The names of the shipped scopes, sorted.
    public static var shippedNames: [String] {
        guard let directory = shippedDirectory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    /// A shipped scope by name, or else the scope file at a path.
    ///
    /// An argument containing `/` or ending in `.yaml` or `.yml` is a path
    /// (so `./default.yaml` reads the user's file, not the shipped one); any
    /// other argument must name a shipped scope.
    public static func named(_ nameOrPath: String) throws(ScopeError) -> Scope {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return try load(path: nameOrPath)
        }
        let names = shippedNames
        guard names.contains(nameOrPath), let directory = shippedDirectory else {
            let list = names.isEmpty ? "none were found" : names.joined(separator: ", ")
            let suggestion = nearestName(nameOrPath, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw ScopeError(
                file: "<command line>", line: 1, column: 1, message: "unknown scope '\(nameOrPath)'",
                hint: suggestion + "shipped scopes: \(list); or give the path of a .yaml scope file",
                sourceLine: nameOrPath)
        }
        return try load(path: directory.appendingPathComponent(nameOrPath + ".yaml").path)
    }

    /// The directory of shipped scopes in the module's resource bundle.
    static var shippedDirectory: URL? {
        Bundle.module.url(forResource: "Scopes", withExtension: nil)
    }
}
