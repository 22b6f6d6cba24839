import Foundation
import PropertyLanguage

/// Property files that did not load: each one's diagnostic (exit status 65).
public struct PropertyFileErrors: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n\n") }
}

/// `privcheck lint` and the property library the other commands read.
public enum Lint {
    /// The default place of the library: `Properties/` in the working directory.
    public static let defaultDirectory = "Properties"

    /// The `.prop` files named by `paths`: files as given, directories by their
    /// `.prop` files; no paths means the default directory.
    public static func files(_ paths: [String]) -> [String] {
        let roots = paths.isEmpty ? [defaultDirectory] : paths
        return roots.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return PropertyLibrary.files(in: path)
            }
            return [path]
        }
    }

    /// Loads the library; any bad file makes it an error listing every diagnostic.
    public static func library(_ paths: [String]) throws(PropertyFileErrors) -> [LoadedProperty] {
        let files = files(paths)
        if files.isEmpty {
            let where_ = paths.isEmpty ? defaultDirectory : paths.joined(separator: ", ")
            throw PropertyFileErrors(diagnostics: [Diagnostic(
                file: where_, line: 1, column: 1, message: "no .prop files found",
                hint: "run privcheck from the project root, or name the property files", sourceLine: "")])
        }
        let (properties, diagnostics) = PropertyLibrary.load(paths: files)
        if !diagnostics.isEmpty { throw PropertyFileErrors(diagnostics: diagnostics) }
        return properties
    }

    /// The report of a clean lint.
    public static func report(_ properties: [LoadedProperty]) -> String {
        let checks = properties.map(\.checked.count).reduce(0, +)
        return "\(properties.count) properties parse and type-check (\(checks) property/design pairs)"
    }
}

extension Listing {
    /// `privcheck list properties`: name, kind, designs, one-line summary.
    public static func properties(_ properties: [LoadedProperty]) -> String {
        let nameWidth = properties.map(\.name.count).max() ?? 0
        return properties.map { p in
            return p.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + p.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                + p.designs.map(\.rawValue).joined(separator: ",").padding(toLength: 8, withPad: " ", startingAt: 0)
                + p.file.firstSentence
        }.joined(separator: "\n")
    }
}
