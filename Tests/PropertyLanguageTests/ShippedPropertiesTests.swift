import Foundation
import PropertyLanguage
import Testing

/// Every file in `Properties/` parses, is named after its file, and opens
/// with an English summary that cites its source. (Name resolution against
/// the engine is the type checker's, not the parser's.)
enum ShippedProperties {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Properties")
    }

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".prop") }.sorted().map { directory.appendingPathComponent($0) }
    }
}

@Test func thereAreShippedProperties() {
    #expect(ShippedProperties.files.count >= 20)
}

@Test(arguments: ShippedProperties.files.map(\.lastPathComponent))
func shippedPropertyParses(_ name: String) throws {
    let url = ShippedProperties.directory.appendingPathComponent(name)
    let file = try PropertyParser.parse(data: Data(contentsOf: url), file: "Properties/" + name)
    #expect(file.name + ".prop" == name, "the property's name must be its file's name")
    #expect(!file.summary.isEmpty, "the file opens with an English summary")
    #expect(file.summary.contains("Source:") || file.summary.contains("RFC"), "the summary cites its source")
    #expect(PropertyParser.parseOrNil(PropertyPrinter.print(file)) == file, "print then parse gives the same tree")
    // It type-checks for every design it names, through the library's own rules.
    let loaded = try PropertyLibrary.load(path: url.path)
    #expect(loaded.designs == file.applicableDesigns)
}

extension PropertyParser {
    static func parseOrNil(_ text: String) -> PropertyFile? {
        try? parse(text, file: "<printed>")
    }
}
