import Foundation
import MemoryModel

/// One `.prop` file, parsed and checked for every design it names.
public struct LoadedProperty: Sendable {
    /// The path the file was read from, as diagnostics print it.
    public var path: String
    public var source: String
    public var file: PropertyFile
    /// The property checked for each design it applies to, in `Design` order.
    public var checked: [CheckedProperty]

    public var name: String { file.name }
    public var kind: PropertyKind { file.kind }
    public var designs: [Design] { checked.map(\.design) }

    /// The property as checked for `design`, if it applies to it.
    public func checked(for design: Design) -> CheckedProperty? { checked.first { $0.design == design } }
}

/// Reading property files: one file, a directory (`Properties/`), or a list of paths.
public enum PropertyLibrary {
    /// Reads, parses and checks one file. The file's name must be the
    /// property's, and it must open with its English statement citing a source.
    public static func load(path: String) throws(Diagnostic) -> LoadedProperty {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: path, line: 1, column: 1, message: "cannot read the file", sourceLine: "")
        }
        return try load(data: data, path: path)
    }

    /// The same, for a file's contents; `path` names it (and its property).
    public static func load(data: Data, path: String) throws(Diagnostic) -> LoadedProperty {
        let file = try PropertyParser.parse(data: data, file: path)
        let source = String(decoding: data, as: UTF8.self)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let line = source.split(separator: "\n", omittingEmptySubsequences: false)
        let kindLine = file.location.line - 1 < line.count ? String(line[file.location.line - 1]) : ""
        if fileName != file.name + ".prop" {
            let column = (kindLine.range(of: file.name).map { kindLine.distance(from: kindLine.startIndex, to: $0.lowerBound) } ?? 0) + 1
            throw Diagnostic(file: path, line: file.location.line, column: column,
                             message: "the property is named '\(file.name)' but its file is '\(fileName)'",
                             hint: "name the file '\(file.name).prop': a property's name is its file's", sourceLine: kindLine)
        }
        if file.summary.isEmpty || !(file.summary.contains("Source:")) {
            throw Diagnostic(file: path, line: file.location.line, column: file.location.column,
                             message: file.summary.isEmpty ? "the property has no opening comment"
                                 : "the opening comment does not cite its source",
                             hint: "open the file with '// ' lines that state the property in English and end with 'Source: ...' (the patch or document that promises it)",
                             sourceLine: kindLine)
        }
        let designs = try PropertyChecker.designs(of: file, source: source, fileName: path)
        var checked: [CheckedProperty] = []
        for design in designs {
            checked.append(try PropertyChecker.check(file, design: design, source: source, fileName: path))
        }
        return LoadedProperty(path: path, source: source, file: file, checked: checked)
    }

    /// The `.prop` files of a directory, sorted by name.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".prop") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Loads every file; a bad file gives its diagnostic and never stops the
    /// others from loading. `assuming` clauses must name loaded properties.
    public static func load(paths: [String]) -> (properties: [LoadedProperty], diagnostics: [Diagnostic]) {
        var properties: [LoadedProperty] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            do { properties.append(try load(path: path)) } catch { diagnostics.append(error) }
        }
        let names = Set(properties.map(\.name))
        properties.removeAll { property in
            guard let missing = property.file.assuming.first(where: { !names.contains($0) }) else { return false }
            let lines = property.source.split(separator: "\n", omittingEmptySubsequences: false)
            let row = lines.firstIndex { $0.contains("assuming") && $0.contains(missing) } ?? (property.file.location.line - 1)
            let text = String(lines[row])
            let column = (text.range(of: missing).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0) + 1
            diagnostics.append(Diagnostic(
                file: property.path, line: row + 1, column: column,
                message: "'\(missing)' is not a property in the library",
                hint: Spelling.suggestion(for: missing, among: names.sorted()) ?? "a helper invariant is another .prop file's name",
                sourceLine: text))
            return true
        }
        return (properties, diagnostics)
    }
}
