import ArgumentParser
import Foundation
import Harness

/// How `privcheck show` renders a counterexample.
enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
    /// The steps with what each changed, then why the property fails.
    case text
    /// The same facts, with memory use per step, for tools.
    case json
    /// A timeline: one lane per execution context, memory use below.
    case svg
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Re-executes a counterexample file and renders it: text, JSON or an SVG timeline.")

    @Argument(help: "A counterexample file (counterexamples/*.json).")
    var file: String
    @Option(help: "text (default), json or svg.")
    var format: ShowFormat = .text
    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?
    @Option(help: "The property library's directory.")
    var propertiesDirectory: String = Lint.defaultDirectory

    /// A viewer: the status is 0 whether or not the trace still fails
    /// (`privcheck replay` is the command whose status says that).
    func run() throws {
        let trace = try Show.load(file: file, propertiesDirectory: propertiesDirectory)
        let rendered = switch format {
        case .text: trace.text()
        case .json: trace.json()
        case .svg: ShowSVG(trace).render()
        }
        if let output {
            try Data(rendered.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(rendered, terminator: "")
        }
    }
}
