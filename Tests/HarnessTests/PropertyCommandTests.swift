import Foundation
import Testing

/// `privcheck lint` and `privcheck list properties`, end to end.
enum Paths {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var properties: String { root.appendingPathComponent("Properties").path }
}

@Test func lintAcceptsTheShippedLibrary() throws {
    let r = try CLI.run(["lint", Paths.properties])
    #expect(r.status == 0)
    let count = PropertyFiles.count
    #expect(r.out.hasPrefix("\(count) properties parse and type-check"))
}

@Test func lintReportsEveryBadFileWithStatus65() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("privcheck-lint-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let header = "// A test.\n// Source: the test.\n"
    try (header + "invariant a\n{\n  forall f in folios: f.inuse\n}\n").write(
        to: dir.appendingPathComponent("a.prop"), atomically: true, encoding: .utf8)
    try (header + "invariant b\n{\n  true\n}\n").write(to: dir.appendingPathComponent("b.prop"), atomically: true, encoding: .utf8)
    try Data([0xFF, 0xFE, 0x00]).write(to: dir.appendingPathComponent("c.prop"))
    let r = try CLI.run(["lint", dir.path])
    #expect(r.status == 65)
    #expect(r.out.isEmpty)
    #expect(r.err == """
        \(dir.path)/a.prop:5:25: error: a folio has no field 'inuse'
          forall f in folios: f.inuse
                                ^
        hint: did you mean 'in_use'?

        \(dir.path)/c.prop:1:1: error: not a text file: the bytes are not UTF-8

        ^

        """)
}

@Test func listPropertiesShowsNameKindDesignsAndSummary() throws {
    let r = try CLI.run(["list", "properties", "--properties", Paths.properties])
    #expect(r.status == 0)
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == PropertyFiles.count)
    let isolation = try #require(lines.first { $0.hasPrefix("isolation ") })
    #expect(isolation.contains("invariant") && isolation.contains(" v4 ") && isolation.contains("Isolation (v4): a folio on an N_MEMORY_PRIVATE node"))
    let capacity = try #require(lines.first { $0.hasPrefix("capacity ") })
    #expect(capacity.contains("v4,v3"))
}

enum PropertyFiles {
    static var count: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: Paths.properties)) ?? []).filter { $0.hasSuffix(".prop") }.count
    }
}
