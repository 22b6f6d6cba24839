import ArgumentParser
import CheckerCore
import Foundation
import Explorer
import Harness
import MemoryModel

@main
struct PrivCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privcheck",
        abstract: "Checks the Linux private-memory-node design (N_MEMORY_PRIVATE, __GFP_PRIVATE, mm/cram).",
        subcommands: [CheckCommand.self, ProveCommand.self, ReplayCommand.self, MinimizeCommand.self, ShowCommand.self, List.self, Simulate.self, LintCommand.self, BenchCommand.self]
    )

    /// Runs the command line; errors become one message and the contract's
    /// exit status (64 bad command line, 65 bad input file, 70 internal).
    static func mainWithStatus() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(ExitStatus.ok)
        } catch let error as ScopeError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch let error as PropertyFileErrors {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch let error as CounterexampleError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch let error as CheckError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        } catch let error as ExplorerError {
            FileHandle.standardError.write(Data(("internal error: \(error)\n").utf8))
            Foundation.exit(ExitStatus.internalError)
        } catch let error as ModelError {
            FileHandle.standardError.write(Data(("error: \(error)\n").utf8))
            Foundation.exit(ExitStatus.usage)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code == .success ? ExitStatus.ok : (code == .validationFailure ? ExitStatus.usage : code.rawValue))
        }
    }

    static func main() { mainWithStatus() }
}

extension Design: ExpressibleByArgument {}
extension Mutant: ExpressibleByArgument {}

/// Options that pick the model: design, mutant, scope.
struct ModelOptions: ParsableArguments {
    @Option(help: "The design: v4 (default) or v3.")
    var design: Design = .v4
    @Option(help: "A seeded bug on top of the design (privcheck list mutants).")
    var mutant: Mutant?
    @Option(name: .customLong("scope"), help: "A shipped scope's name or a scope file's path (default: the design's, default for v4, v3-numa for v3).")
    var scopeOption: String?

    /// The scope given, or the design's default.
    var scope: String { scopeOption ?? design.defaultScope }

    func model() throws -> Model {
        try Model(scope: Scope.named(scope), design: design, mutant: mutant)
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lists designs, mutants, scopes, actions or properties.")

    enum What: String, ExpressibleByArgument, CaseIterable { case designs, mutants, scopes, actions, properties }

    @Argument(help: "designs | mutants | scopes | actions | properties")
    var what: What
    @Option(help: "The design whose actions to list (default v4), or whose scopes (default: every scope).")
    var design: Design?
    @Option(help: "The property library's directory.")
    var properties: String = Lint.defaultDirectory

    func run() throws {
        switch what {
        case .designs: print(Listing.designs())
        case .mutants: print(Listing.mutants())
        case .scopes: print(try Listing.scopes(design: design))
        case .actions: print(Listing.actions(design ?? .v4))
        case .properties: print(Listing.properties(try Lint.library([properties])))
        }
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Parses and type-checks property files (default: Properties/); runs nothing.")

    @Argument(help: "Property files or directories.")
    var paths: [String] = []

    func run() throws {
        print(Lint.report(try Lint.library(paths)))
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A seeded random walk, printed as kernel calls with what each changed.")

    @OptionGroup var options: ModelOptions
    @Option(help: "The walk's seed; the same seed gives the same walk.")
    var seed: UInt64 = 1
    @Option(help: "How many steps to take.")
    var steps: Int = 50

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be 0 or more") }
    }

    func run() throws {
        let model = try options.model()
        _ = Simulator(model: model).run(seed: seed, steps: steps) { print($0) }
    }
}
