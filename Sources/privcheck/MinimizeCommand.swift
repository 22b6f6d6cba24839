import ArgumentParser
import Foundation
import Harness

struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Shrinks a counterexample file to a shortest, simplest trace that still fails.")

    @Argument(help: "A counterexample file (counterexamples/*.json).")
    var file: String
    @Option(help: "Where to write the minimized file (default: over FILE, atomically).")
    var output: String?
    @Flag(help: "Per-pass statistics.")
    var verbose = false
    @Option(help: "The property library's directory.")
    var propertiesDirectory: String = Lint.defaultDirectory

    func run() throws {
        let (minimized, before, after, result) = try Minimize.run(file: file, propertiesDirectory: propertiesDirectory)
        let path = output ?? file
        try minimized.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        print(Minimize.report(before: before, after: after, result, verbose: verbose))
        for (i, step) in minimized.steps.enumerated() { print("  \(i + 1). \(step.call)") }
        print("written to \(path)")
    }
}
