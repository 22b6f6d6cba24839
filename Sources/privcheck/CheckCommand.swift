import ArgumentParser
import CheckerCore
import Dispatch
import Explorer
import Foundation
import Harness
import MemoryModel

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, junit, sarif }
enum StrategyName: String, ExpressibleByArgument, CaseIterable { case bfs, dfs, random }

/// Options of a search: strategy, workers and budgets.
struct SearchOptions: ParsableArguments {
    @Option(help: "bfs (shortest counterexamples), dfs, or random walks.")
    var strategy: StrategyName = .bfs
    @Option(help: "Worker threads (default: every core). Results do not depend on it.")
    var workers: Int = ExplorerOptions.availableCores
    @Option(help: "Seed of the random walks.")
    var seed: UInt64 = 1
    @Option(help: "How many random walks.")
    var walks: Int = 1000
    @Option(help: "Stop after this many distinct states (incomplete).")
    var maxStates: Int?
    @Option(help: "Do not go deeper than this (incomplete if there was more). For random walks: the walk length.")
    var maxDepth: Int?
    @Option(help: "Stop after this many seconds (incomplete).")
    var timeLimit: Double?
    @Option(help: "Stop when the state store reaches this many megabytes (incomplete).")
    var maxMemory: Int?
    @Flag(help: "Store 64-bit fingerprints instead of whole states (prints the omission bound).")
    var fingerprints = false
    @Flag(help: "Explore without symmetry reduction.")
    var noSymmetry = false

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard walks >= 1 else { throw ValidationError("--walks must be at least 1") }
        if let n = maxStates, n < 1 { throw ValidationError("--max-states must be at least 1") }
        if let n = maxDepth, n < 0 { throw ValidationError("--max-depth must be 0 or more") }
        if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let m = maxMemory, m < 1 { throw ValidationError("--max-memory must be at least 1 (megabytes)") }
    }

    func explorerOptions(depth: Int) -> ExplorerOptions {
        var options = ExplorerOptions()
        switch strategy {
        case .bfs: options.strategy = .bfs
        case .dfs: options.strategy = .dfs
        case .random: options.strategy = .random(walks: walks, depth: maxDepth ?? depth, seed: seed)
        }
        options.workers = workers
        options.symmetry = !noSymmetry
        options.storage = fingerprints ? .fingerprint : .exact
        options.budgets = Budgets(maxStates: maxStates, maxDepth: strategy == .random ? nil : maxDepth,
                                  timeLimit: timeLimit, memoryBytes: maxMemory.map { $0 << 20 })
        return options
    }
}

/// SIGINT ends a search with `incomplete` and the statistics so far.
enum Interrupt {
    nonisolated(unsafe) static var source: DispatchSourceSignal?

    static func cancelling(_ flag: CancellationFlag) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { flag.cancel() }
        source.resume()
        Self.source = source
    }
}

/// Progress on a terminal, once a second; nothing when stderr is not one.
func terminalProgress() -> (@Sendable (ExplorationProgress) -> Void)? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return { p in
        let line = "\r\(p.states) states, \(Int(p.statesPerSecond)) states/s, depth \(p.depth), queue \(p.queue)   "
        FileHandle.standardError.write(Data(line.utf8))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Explores every interleaving of the scope's actions and checks the properties.")

    @OptionGroup var model: ModelOptions
    @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
    var properties: [String] = []
    @OptionGroup var search: SearchOptions
    @Option(help: "text, json, junit or sarif (SARIF 2.1.0, for code scanning).")
    var format: ReportFormat = .text
    @Option(help: "The property library's directory.")
    var propertiesDirectory: String = Lint.defaultDirectory
    @Option(help: "Where counterexamples are written.")
    var counterexamples: String = "counterexamples"

    func run() throws {
        var options = CheckOptions()
        options.design = model.design
        options.mutant = model.mutant
        options.scope = model.scope
        options.properties = properties
        options.propertiesDirectory = propertiesDirectory
        options.counterexamplesDirectory = counterexamples
        let scope = try Scope.named(model.scope)
        options.explorer = search.explorerOptions(depth: scope.depth)
        let flag = CancellationFlag()
        Interrupt.cancelling(flag)
        options.explorer.cancellation = flag
        options.explorer.progress = terminalProgress()
        let report = try Check.run(options)
        if options.explorer.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        switch format {
        case .text: print(report.text())
        case .json: print(report.json())
        case .junit: print(report.junit())
        case .sarif: print(report.sarif())
        }
        throw ExitCode(report.exitStatus)
    }
}

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-executes counterexample files in the engine and judges them as the regression database does.",
        discussion: """
            One file: its trace, step by step, and whether it still fails. Several files or a directory \
            (counterexamples/): one line per file that needs attention. Exit status 0 when every file \
            behaves as it says (an expected violation still fails, a fixed bug stays fixed), 1 when a \
            file fails unexpectedly or an expected violation stopped reproducing, 65 when a file is \
            unreadable or invalid (the others are still replayed).
            """)

    @Argument(help: "Counterexample files or directories of them (counterexamples/).")
    var paths: [String]
    @Option(help: "The property library's directory.")
    var propertiesDirectory: String = Lint.defaultDirectory

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name a counterexample file or directory") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        if paths.count == 1, FileManager.default.fileExists(atPath: paths[0], isDirectory: &isDirectory), !isDirectory.boolValue {
            let (_, text) = try Replay.run(file: paths[0], propertiesDirectory: propertiesDirectory)
            print(text)
        }
        let entries = try Regression.replay(paths: paths, propertiesDirectory: propertiesDirectory)
        let report = Regression.Report(directory: paths.joined(separator: ", "), entries: entries)
        if entries.count == 1, let message = entries[0].message {
            // The trace above said what happened; this says what it means.
            FileHandle.standardError.write(Data((message + "\n").utf8))
        } else if entries.count != 1 {
            print(report.text().joined(separator: "\n"))
        }
        throw ExitCode(report.exitStatus)
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measures the explorer on a scope (build with -c release): one worker, then every core.")

    @Option(help: "The design.")
    var design: Design = .v4
    @Option(help: "A shipped scope's name or a scope file's path.")
    var scope: String = "bench"
    @Option(help: "Workers of the parallel run (default: every core).")
    var workers: Int = ExplorerOptions.availableCores
    @Flag(help: "Explore without symmetry reduction.")
    var noSymmetry = false
    @Option(help: "Stop each run after this many seconds.")
    var timeLimit: Double?
    @Option(help: "Explore only this many steps deep (a fixed amount of work, to compare builds).")
    var maxDepth: Int?

    func run() throws {
        let model = try Model(scope: Scope.named(scope), design: design)
        let runs = try Bench.run(model: model, workers: workers > 1 ? [1, workers] : [1], symmetry: !noSymmetry,
                                 budgets: Budgets(maxDepth: maxDepth, timeLimit: timeLimit))
        print(Bench.text(model: model, runs: runs))
    }
}
