import CheckerCore
import Foundation
import MemoryModel
import PropertyLanguage

/// The regression database: the counterexample files of a directory
/// (`counterexamples/`), each replayed in the engine and judged against what
/// it expects.
///
/// A file without `expected` is a bug to fix: while it still fails it is a
/// violation. A file with `expected: violation` is a known hole the design
/// keeps (its `reason` says why): it must keep failing, and stops the run
/// when it no longer does, so that a fix, or a model change that hides the
/// hole, is noticed and the file deleted on purpose. `expected: unreachable`
/// (a `reachable` property no run of the scope reaches) cannot be replayed;
/// `check` decides it when it explores that scope.
public enum Regression {
    /// What replaying one file showed.
    public enum Outcome: Equatable, Sendable {
        /// Expected, and it still fails.
        case knownViolation
        /// Expected, and it no longer fails.
        case stoppedReproducing(ReplayOutcome)
        /// Not expected, and it still fails, after `step` steps.
        case violation(step: Int)
        /// Not expected, and it no longer fails: the bug is fixed.
        case fixed(ReplayOutcome)
        /// A `reachable` property's file: exploring its scope decides it.
        case leftToExploration
        /// The file cannot be read or replayed; the diagnostic.
        case invalid(String)

        /// Whether this file makes the run fail.
        public var fails: Bool {
            switch self {
            case .stoppedReproducing, .violation, .invalid: true
            case .knownViolation, .fixed, .leftToExploration: false
            }
        }
    }

    public struct Entry: Sendable {
        public var path: String
        /// The file as read (nil when it could not be).
        public var file: CounterexampleFile?
        public var outcome: Outcome
    }

    /// Every file of a database, in path order.
    public struct Report: Sendable {
        public var directory: String
        public var entries: [Entry]

        public init(directory: String, entries: [Entry]) {
            self.directory = directory
            self.entries = entries
        }

        /// 65 when a file is unreadable or invalid, 1 when one fails, else 0.
        public var exitStatus: Int32 {
            if entries.contains(where: { if case .invalid = $0.outcome { true } else { false } }) { return ExitStatus.badInput }
            return entries.contains(where: \.outcome.fails) ? ExitStatus.violated : ExitStatus.ok
        }

        /// The expected failures recorded for one check: same design, mutant
        /// and scope, by property name.
        public func expectations(design: Design, mutant: Mutant?, scope: String) -> [String: ExpectedFailure] {
            var out: [String: ExpectedFailure] = [:]
            for entry in entries {
                guard let file = entry.file, let expected = file.expected, file.design == design, file.mutant == mutant,
                      file.scope == scope else { continue }
                out[file.property] = ExpectedFailure(expectation: expected, reason: file.reason ?? "", file: entry.path)
            }
            return out
        }
    }

    /// The `*.json` files of `directory`, sorted; none when it does not exist.
    public static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Replays every file of `directory`. A bad file is one entry; it never
    /// stops the others. A bad property library is thrown (it is not the
    /// database's fault, and nothing could be replayed).
    public static func replay(directory: String, propertiesDirectory: String) throws -> Report {
        try replay(directory: directory, library: Lint.library([propertiesDirectory]))
    }

    static func replay(directory: String, library: [LoadedProperty]) -> Report {
        Report(directory: directory, entries: files(in: directory).map { replay(path: $0, library: library) })
    }

    /// Replays the files given; a directory stands for its files.
    public static func replay(paths: [String], propertiesDirectory: String) throws -> [Entry] {
        let library = try Lint.library([propertiesDirectory])
        var entries: [Entry] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            let expanded = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                ? files(in: path) : [path]
            entries += expanded.map { replay(path: $0, library: library) }
        }
        return entries
    }

    static func replay(path: String, library: [LoadedProperty]) -> Entry {
        let file: CounterexampleFile
        let model: Model
        let property: CheckedProperty
        do {
            file = try CounterexampleFile.read(path)
            (model, property) = try Replay.load(file, path: path, library: library)
        } catch let error as CounterexampleError {
            return Entry(path: path, file: nil, outcome: .invalid(error.description))
        } catch let error as ScopeError {
            return Entry(path: path, file: nil, outcome: .invalid("\(path): error: its scope: \(error)"))
        } catch {
            return Entry(path: path, file: nil, outcome: .invalid("\(path): error: \(error)"))
        }
        if property.kind == .reachable { return Entry(path: path, file: file, outcome: .leftToExploration) }
        let replayed = Replayer(model: model, property: property).replay(file.steps.map(\.action))
        let outcome: Outcome = switch (file.expected, replayed) {
        case (.some, .fails): .knownViolation
        case (.some, _): .stoppedReproducing(replayed)
        case (nil, .fails(let step)): .violation(step: step)
        case (nil, _): .fixed(replayed)
        }
        return Entry(path: path, file: file, outcome: outcome)
    }
}

/// A failure the regression database accepts for one property of one check.
public struct ExpectedFailure: Sendable, Equatable {
    public var expectation: CounterexampleFile.Expectation
    public var reason: String
    /// The database file that records it.
    public var file: String
}

extension Regression.Entry {
    /// One line for people; nil for a file that needs no attention.
    public var message: String? {
        let name = file?.property ?? ""
        switch outcome {
        case .knownViolation, .leftToExploration:
            return nil
        case .invalid(let diagnostic):
            return diagnostic
        case .violation(let step):
            return "\(path): violation: \(name) fails " + (step == 0 ? "in the initial state" : "at step \(step)")
                + "; fix it, or mark the file \"expected\": \"violation\" with a \"reason\""
        case .stoppedReproducing(let replayed):
            return "\(path): stopped reproducing: the expected violation of \(name) \(Self.describe(replayed)); "
                + "if the hole is closed, delete the file"
        case .fixed(let replayed):
            return "\(path): fixed: \(name) \(Self.describe(replayed)); keep the file as a regression test or delete it"
        }
    }

    static func describe(_ replayed: ReplayOutcome) -> String {
        switch replayed {
        case .holds: "holds at every step"
        case .diverges(let step): "no longer runs (step \(step) is not enabled)"
        case .fails(let step): "fails at step \(step)"
        }
    }
}

extension Regression.Report {
    /// The summary line, then one line per file that needs attention.
    public func text() -> [String] {
        func count(_ p: (Regression.Outcome) -> Bool) -> Int { entries.filter { p($0.outcome) }.count }
        let known = count { $0 == .knownViolation }
        let deferred = count { $0 == .leftToExploration }
        let failing = count(\.fails)
        var parts = [known == 1 ? "1 known violation reproduces" : "\(known) known violations reproduce"]
        if deferred > 0 { parts.append("\(deferred) witness\(deferred == 1 ? "" : "es") left to exploration") }
        parts.append(failing == 0 ? "nothing new" : "\(failing) need\(failing == 1 ? "s" : "") attention")
        return ["regression database \(directory): \(entries.count) file\(entries.count == 1 ? "" : "s"), " + parts.joined(separator: ", ")]
            + entries.compactMap(\.message)
    }
}

extension Regression.Outcome {
    /// The outcome's name in JSON and SARIF.
    public var name: String {
        switch self {
        case .knownViolation: "known_violation"
        case .stoppedReproducing: "stopped_reproducing"
        case .violation: "violation"
        case .fixed: "fixed"
        case .leftToExploration: "left_to_exploration"
        case .invalid: "invalid"
        }
    }
}
