import CheckerCore
import Explorer
import Foundation
import MemoryModel
import PropertyLanguage

/// What `privcheck check` runs: a model, the properties that apply to its
/// design, and how to search.
public struct CheckOptions: Sendable {
    public var design: Design = .v4
    public var mutant: Mutant?
    /// A shipped scope's name or a scope file's path.
    public var scope = "default"
    /// Properties to check by name; empty: every property of the library that applies to the design.
    public var properties: [String] = []
    public var propertiesDirectory = Lint.defaultDirectory
    /// The regression database: replayed before exploring, its expected
    /// failures accepted, new counterexamples written there; nil: none.
    public var counterexamplesDirectory: String? = "counterexamples"
    public var explorer = ExplorerOptions()

    public init() {}
}

/// One property's result, ready to print.
public struct PropertyReport: Sendable {
    public var property: CheckedProperty
    public var verdict: Verdict
    /// The counterexample (invariant, transition) or witness (reachable), as
    /// actions; a counterexample minimized.
    public var trace: [Action]?
    /// The explorer's counterexample before minimization (a shortest one under BFS).
    public var explorerTrace: [Action]?
    /// What minimizing took out of the scope, and the model `trace` runs in
    /// then; nil: the check's own.
    public var scopeReduction: ScopeReduction?
    public var traceModel: Model?
    /// Steps to the violation (0: the initial state).
    public var failingStep: Int?
    /// Where the counterexample was written.
    public var counterexampleFile: String?
    /// The regression database's entry for this property, if it has one.
    public var expected: ExpectedFailure?

    /// A violation the regression database accepts.
    public var isKnown: Bool { verdict == .violated && expected != nil }
    /// The database expects a failure, and the whole scope was explored
    /// without one: the expectation is stale.
    public var isStale: Bool { verdict == .holds && expected != nil }
}

/// The outcome of a check: per-property reports, the search's statistics, and warnings.
public struct CheckReport: Sendable {
    public var model: Model
    public var properties: [PropertyReport]
    public var statistics: ExplorationStatistics
    public var stopReason: StopReason
    public var symmetry: Bool
    public var notes: [String]
    public var warnings: [String]
    /// The regression database as replayed before exploring.
    public var regression: Regression.Report?
    /// Each property's file, by name (SARIF points at it).
    public var propertyFiles: [String: String] = [:]

    /// The design's verdict in the scope: violated, then unknown or
    /// incomplete, then holds (known violations included).
    public var verdict: Verdict { Verdict.worst(properties.map(\.verdict)) }

    /// The model a property's trace runs in (the scope may have been reduced).
    public func model(of report: PropertyReport) -> Model { report.traceModel ?? model }

    /// The properties whose outcome fails the run: new violations and stale expectations.
    public var unexpected: [PropertyReport] { properties.filter { ($0.verdict == .violated && !$0.isKnown) || $0.isStale } }

    /// The process exit status: 65 for a bad database file; 1 for a new
    /// violation, a stale expectation or a database file that fails; 2 when
    /// a property is undecided; 0 when every failure is a known one.
    public var exitStatus: Int32 {
        let database = regression?.exitStatus ?? ExitStatus.ok
        if database == ExitStatus.badInput { return database }
        if !unexpected.isEmpty || database == ExitStatus.violated { return ExitStatus.violated }
        return Verdict.worst(properties.filter { !$0.isKnown }.map(\.verdict)).exitStatus
    }
}

/// `privcheck check`.
public enum Check {
    /// The properties of the library that `options` selects, checked for its design.
    public static func selectedProperties(_ options: CheckOptions) throws -> [CheckedProperty] {
        try selectedProperties(options, from: Lint.library([options.propertiesDirectory]))
    }

    static func selectedProperties(_ options: CheckOptions, from library: [LoadedProperty]) throws -> [CheckedProperty] {
        if let unknown = options.properties.first(where: { name in !library.contains { $0.name == name } }) {
            throw CheckError.unknownProperty(unknown, suggestion: nearestName(unknown, in: library.map(\.name)))
        }
        var selected: [CheckedProperty] = []
        for property in library where options.properties.isEmpty || options.properties.contains(property.name) {
            if let checked = property.checked(for: options.design) {
                selected.append(checked)
            } else if !options.properties.isEmpty {
                throw CheckError.notForDesign(property.name, options.design)
            }
        }
        return selected
    }

    public static func run(_ options: CheckOptions) throws -> CheckReport {
        let model = try Model(scope: Scope.named(options.scope), design: options.design, mutant: options.mutant)
        let library = try Lint.library([options.propertiesDirectory])
        let properties = try selectedProperties(options, from: library)
        // The regression database first: a stored counterexample that fails
        // is news before any state is explored.
        var regression: Regression.Report?
        if let directory = options.counterexamplesDirectory, FileManager.default.fileExists(atPath: directory) {
            regression = Regression.replay(directory: directory, library: library)
        }
        let expectations = regression?.expectations(design: options.design, mutant: options.mutant, scope: options.scope) ?? [:]
        var notes: [String] = []
        var explorerOptions = options.explorer
        let asymmetric = properties.filter { !$0.symmetric }.map(\.name)
        if explorerOptions.symmetry && !asymmetric.isEmpty {
            explorerOptions.symmetry = false
            notes.append("symmetry reduction is off: \(asymmetric.joined(separator: ", ")) name nodes, folios or tasks by number")
        }
        let evaluator = PropertyEvaluator(model: model, algebra: ConcreteAlgebra())
        var explorerProperties = properties.map { explorerProperty($0, model: model, evaluator: evaluator) }
        // Vacuity: each invariant's antecedent, as a hidden reachable property.
        let antecedents = properties.compactMap(\.antecedentProperty)
        explorerProperties += antecedents.map {
            explorerProperty($0, model: model, evaluator: evaluator, name: "antecedent of " + $0.name)
        }
        let result = try Explorer(system: model, options: explorerOptions).run(properties: explorerProperties)

        var reports: [PropertyReport] = []
        for (property, outcome) in zip(properties, result.outcomes) {
            var report = PropertyReport(property: property, verdict: outcome.verdict,
                                        trace: outcome.trace.map { $0.steps.map(\.action) },
                                        failingStep: outcome.trace?.failingStep, expected: expectations[property.name])
            if report.isKnown {
                // Its file is the record; it is neither minimized nor rewritten.
                report.counterexampleFile = report.expected?.file
            } else if outcome.verdict == .violated {
                if property.kind != .reachable, let trace = report.trace {
                    report.explorerTrace = trace
                    // The explorer's trace is a shortest one; minimizing keeps
                    // its length, runs each task's steps together where it
                    // can, picks the simplest actions and takes out of the
                    // scope what the bug does not need (Minimize.swift).
                    let minimized = Minimize.minimize(trace, model: model, property: property)
                    report.trace = minimized.actions
                    report.failingStep = minimized.failingStep
                    if !minimized.reduction.isEmpty {
                        report.scopeReduction = minimized.reduction
                        report.traceModel = minimized.model
                    }
                }
                if let directory = options.counterexamplesDirectory {
                    // An unreachable witness is written without steps, so that
                    // it can be marked expected like any other failure.
                    var file = counterexample(property, report.trace ?? [], failingStep: report.failingStep ?? 0,
                                              model: report.traceModel ?? model, scope: options.scope)
                    file.scopeReduction = report.scopeReduction
                    report.counterexampleFile = try write(file, in: directory)
                }
            }
            reports.append(report)
        }
        var warnings: [String] = []
        if result.isExhaustive {
            for (antecedent, outcome) in zip(antecedents, result.outcomes.suffix(antecedents.count)) where outcome.verdict != .holds {
                warnings.append("\(antecedent.name) holds vacuously: no reachable state meets its antecedent")
            }
            for index in result.statistics.neverFired ?? [] {
                warnings.append("\(model.describe(model.actions[index])) never fired")
            }
        }
        return CheckReport(model: model, properties: reports, statistics: result.statistics, stopReason: result.stopReason,
                           symmetry: explorerOptions.symmetry, notes: notes, warnings: warnings, regression: regression,
                           propertyFiles: Dictionary(library.map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The explorer's view of a checked property: the evaluator as a closure.
    static func explorerProperty(_ property: CheckedProperty, model: Model, evaluator: PropertyEvaluator<ConcreteAlgebra>,
                                 name: String? = nil) -> ExplorerProperty<Model> {
        let name = name ?? property.name
        switch property.kind {
        case .invariant:
            return .invariant(name) { evaluator.isTrue(property, in: $0) }
        case .reachable:
            return .reachable(name) { evaluator.isTrue(property, in: $0) }
        case .transition:
            // The explorer gives (pre, action, post); the return value comes
            // from running the step again, only if the property reads it.
            return .transition(name) { pre, action, post in
                evaluator.isTrue(property, pre: pre, action: action, post: post) {
                    model.step(pre, action, model.concreteData(action), ConcreteAlgebra()).ret
                }
            }
        }
    }

    public static func counterexample(_ property: CheckedProperty, _ trace: [Action], failingStep: Int,
                                      model: Model, scope: String) -> CounterexampleFile {
        CounterexampleFile(
            design: model.design, mutant: model.mutant, scope: scope, property: property.name,
            kind: property.kind.rawValue, summary: property.summaryLine,
            steps: trace.map { .init(call: model.describe($0), action: $0) }, failingStep: failingStep)
    }

    /// Writes the file under a name that says what it is; atomically, so a
    /// good file is never left half-overwritten.
    public static func write(_ file: CounterexampleFile, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let scope = URL(fileURLWithPath: file.scope).deletingPathExtension().lastPathComponent
        let name = [file.design.rawValue, file.mutant?.rawValue, scope, file.property].compactMap { $0 }.joined(separator: "-")
        let path = (directory as NSString).appendingPathComponent(name + ".json")
        try file.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}

/// A command line that names something that does not exist (exit status 64).
public enum CheckError: Error, CustomStringConvertible {
    case unknownProperty(String, suggestion: String?)
    case notForDesign(String, Design)

    public var description: String {
        switch self {
        case .unknownProperty(let name, let suggestion):
            "error: no property named '\(name)' in the library" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .notForDesign(let name, let design):
            "error: property '\(name)' does not apply to design \(design.rawValue)"
        }
    }
}
