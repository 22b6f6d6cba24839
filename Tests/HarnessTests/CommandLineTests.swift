import CheckerCore
import Foundation
import MemoryModel
import Testing

/// The `privcheck` executable, end to end: output and exit statuses.
enum CLI {
    /// The built executable, next to the test bundle in `.build/<config>/`.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("privcheck").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("privcheck")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

struct ListActionsCase: CustomTestStringConvertible, Sendable {
    let design: Design
    var testDescription: String { design.rawValue }
}

@Test(arguments: [ListActionsCase(design: .v4), ListActionsCase(design: .v3)])
func listActionsNamesEveryFamilyWithItsKernelSource(_ c: ListActionsCase) throws {
    let r = try CLI.run(["list", "actions", "--design", c.design.rawValue])
    #expect(r.status == 0)
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == Model.catalog(c.design).count)
    for info in Model.catalog(c.design) {
        #expect(lines.contains { $0.hasPrefix(info.family + " ") && $0.contains("[" + info.source + "]") }, "\(info.family)")
    }
}

@Test func listMutantsHasAtLeastSix() throws {
    let r = try CLI.run(["list", "mutants"])
    #expect(r.status == 0)
    #expect(r.out.split(separator: "\n").count == Mutant.allCases.count)
    #expect(Mutant.allCases.count >= 6)
}

@Test func simulatePrintsTheSameWalkEveryRun() throws {
    let a = try CLI.run(["simulate", "--seed", "7", "--steps", "200"])
    let b = try CLI.run(["simulate", "--seed", "7", "--steps", "200"])
    #expect(a.status == 0)
    #expect(a.out == b.out)
    #expect(a.out.hasPrefix("design v4, scope default, seed 7\n1. "))
}

struct StatusCase: CustomTestStringConvertible, Sendable {
    let name: String
    let arguments: [String]
    let status: Int32
    let stderrPrefix: String
    var testDescription: String { name }
}

@Test(arguments: [
    StatusCase(name: "unknown flag", arguments: ["simulate", "--bogus"], status: 64,
               stderrPrefix: "Error: Unknown option '--bogus'"),
    StatusCase(name: "unknown scope", arguments: ["simulate", "--scope", "nope"], status: 65,
               stderrPrefix: "<command line>:1:1: error: unknown scope 'nope'"),
    StatusCase(name: "mutant of another design", arguments: ["simulate", "--design", "v3", "--mutant", "no-scrub-on-free"],
               status: 64, stderrPrefix: "error: mutant 'no-scrub-on-free' is not a mutant of design v3"),
    StatusCase(name: "bad scope file", arguments: ["simulate", "--scope", "/nonexistent/x.yaml"], status: 65,
               stderrPrefix: "/nonexistent/x.yaml:1:1: error:"),
    StatusCase(name: "scope not for the design", arguments: ["simulate", "--design", "v3", "--scope", "default"], status: 64,
               stderrPrefix: "error: scope 'default' does not apply to design v3"),
])
func exitStatusesFollowTheContract(_ c: StatusCase) throws {
    let r = try CLI.run(c.arguments)
    #expect(r.status == c.status)
    #expect(r.err.hasPrefix(c.stderrPrefix), "stderr: \(r.err)")
}
