import CheckerCore
import Explorer
import Foundation
import MemoryModel
import PropertyLanguage
import Prover
import Z3Bridge

/// How `privcheck prove` proves.
public enum ProofMethod: String, CaseIterable, Sendable {
    case induction, bmc, spacer
}

/// What `privcheck prove` runs.
public struct ProveOptions: Sendable {
    public var design: Design = .v4
    public var mutant: Mutant?
    public var scope = "default"
    public var properties: [String] = []
    public var propertiesDirectory = Lint.defaultDirectory
    public var methods: [ProofMethod] = [.induction, .bmc]
    /// BMC's depth.
    public var depth = 8
    /// Seconds per obligation; nil: none.
    public var timeout: Double?
    /// The data induction and Spacer range over (BMC always takes the
    /// scope's, so that a trace replays).
    public var domain: DataDomain = .all
    /// Where each obligation's SMT-LIB2 file is written; nil: nowhere.
    public var emitSMT2: String?
    /// Where BMC counterexamples are written; nil: nowhere.
    public var counterexamplesDirectory: String?
    /// Whether a counterexample to induction is looked for in the explored
    /// scope (exhaustive BFS, without symmetry).
    public var checkReachability = true

    public init() {}
}

/// One property by one method.
public struct ProofReport: Sendable {
    public var property: CheckedProperty
    public var method: ProofMethod
    public var verdict: Verdict
    /// One line: what was shown, over what.
    public var summary: String
    /// Further lines: a counterexample to induction, a trace.
    public var details: [String]
    public var obligations: [Obligation]
    public var trace: [Action]?
    public var counterexampleFile: String?

    public var seconds: Double { obligations.map(\.seconds).reduce(0, +) }
}

/// The inductive part of the scope's field bounds, found once per run and
/// assumed by every induction (Houdini; `Induction.scopeInvariant`).
public struct ScopeInvariantReport: Sendable {
    public var kept: Int
    public var dropped: [String]
    public var obligations: [Obligation]
    /// Why there is none (Z3 could not decide), if so.
    public var failure: String?

    public var line: String {
        if let failure { return "scope invariant: unknown (\(failure))" }
        let seconds = obligations.map(\.seconds).reduce(0, +)
        return "scope invariant: \(kept) field bounds inductive" + String(format: " (%.2f s)", seconds)
            + (dropped.isEmpty ? "" : "; dropped, not inductive: " + dropped.joined(separator: "; "))
    }
}

/// A `privcheck prove` run: the scope invariant, then one report per
/// property and method.
public struct ProveRun: Sendable {
    public var scopeInvariant: ScopeInvariantReport?
    public var reports: [ProofReport]
}

/// `privcheck prove`.
public enum Prove {
    public static func run(_ options: ProveOptions) throws -> ProveRun {
        let model = try Model(scope: Scope.named(options.scope), design: options.design, mutant: options.mutant)
        var checkOptions = CheckOptions()
        checkOptions.design = options.design
        checkOptions.properties = options.properties
        checkOptions.propertiesDirectory = options.propertiesDirectory
        let library = try Lint.library([options.propertiesDirectory])
        let properties = try Check.selectedProperties(checkOptions, from: library)
        let all = library.compactMap { $0.checked(for: options.design) }
        let context = Z3Context()
        let runner = ObligationRunner(context: context, timeout: options.timeout.map { .milliseconds(Int($0 * 1000)) })
        var reports: [ProofReport] = []
        var scopeInvariant: ScopeInvariantReport?
        var scope: [SymbolicModel.Bound] = []
        // Induction and Spacer range over the chosen data; BMC over the
        // scope's, so that its traces replay. Each symbolic model (and the
        // induction step) is built once per run.
        let symbolic = SymbolicModel(model: model, context: context, domain: options.domain)
        let scopeData = options.methods.contains(.bmc) ? SymbolicModel(model: model, context: context, domain: .scope) : nil
        let induction = options.methods.contains(.induction) ? Induction(symbolic: symbolic, runner: runner) : nil
        if let induction {
            do {
                let found = try induction.scopeInvariant()
                scope = found.bounds
                scopeInvariant = ScopeInvariantReport(kept: found.bounds.count, dropped: found.dropped, obligations: found.obligations)
            } catch let error as ProofError {
                scopeInvariant = ScopeInvariantReport(kept: 0, dropped: [], obligations: [], failure: error.description)
            }
        }
        for method in options.methods {
            for property in properties {
                switch method {
                case .bmc:
                    guard let scopeData else { continue }
                    reports.append(try bmc(property, symbolic: scopeData, runner: runner, options: options))
                case .induction where property.kind != .reachable:
                    guard let induction else { continue }
                    if let failure = scopeInvariant?.failure {
                        reports.append(ProofReport(property: property, method: .induction, verdict: .unknown,
                                                   summary: "not attempted: the scope invariant is unknown (\(failure))",
                                                   details: [], obligations: []))
                    } else {
                        reports.append(try self.induction(property, induction: induction, scope: scope, options: options, library: all))
                    }
                case .induction:
                    continue
                case .spacer:
                    reports.append(try spacer(property, symbolic: symbolic, options: options))
                }
            }
        }
        if let directory = options.emitSMT2 {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for obligation in (scopeInvariant?.obligations ?? []) + reports.flatMap(\.obligations) {
                let path = (directory as NSString).appendingPathComponent(obligation.name + ".smt2")
                try Data(obligation.smtlib2.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        }
        return ProveRun(scopeInvariant: scopeInvariant, reports: reports)
    }

    // MARK: Bounded model checking

    static func bmc(_ property: CheckedProperty, symbolic: SymbolicModel, runner: ObligationRunner, options: ProveOptions) throws
        -> ProofReport {
        let model = symbolic.model
        let (outcome, obligations) = try BoundedModelCheck(symbolic: symbolic, runner: runner).run(property, depth: options.depth)
        var report = ProofReport(property: property, method: .bmc, verdict: .incomplete, summary: "", details: [],
                                 obligations: obligations)
        switch outcome {
        case .none(let depth):
            report.verdict = .incomplete
            report.summary = property.kind == .reachable
                ? "not witnessed within \(depth) steps (bounded: says nothing of longer runs)"
                : "no violation within \(depth) steps (bounded: not a proof)"
        case .unknown(let reason, let depth):
            report.verdict = .unknown
            report.summary = "unknown at depth \(depth): \(reason)"
        case .found(let steps):
            let actions = steps.map(\.0)
            report.trace = actions
            let renderer = TraceRenderer(model: model)
            report.details = renderer.lines(actions, indent: "    ")
            if property.kind == .reachable {
                report.verdict = .holds
                report.summary = "witnessed after \(actions.count) steps"
            } else {
                report.verdict = .violated
                report.summary = "violated after \(actions.count) steps"
                if let directory = options.counterexamplesDirectory {
                    let file = Check.counterexample(property, actions, failingStep: actions.count, model: model, scope: options.scope)
                    report.counterexampleFile = try Check.write(file, in: directory)
                }
            }
        }
        return report
    }

    // MARK: Spacer

    static func spacer(_ property: CheckedProperty, symbolic: SymbolicModel, options: ProveOptions) throws -> ProofReport {
        let spacer = Spacer(symbolic: symbolic, timeout: options.timeout.map { .milliseconds(Int($0 * 1000)) })
        let (outcome, seconds, text) = try spacer.run(property)
        var report = ProofReport(property: property, method: .spacer, verdict: .unknown, summary: "", details: [],
                                 obligations: [Obligation(name: "\(property.name).spacer", result: .unknown(reason: ""),
                                                          seconds: seconds, smtlib2: text)])
        switch outcome {
        case .proved(let invariant):
            report.verdict = property.kind == .reachable ? .violated : .holds
            report.obligations[0].result = .unsat
            report.summary = property.kind == .reachable ? "unreachable (Spacer)"
                : "proved by Spacer, over \(options.domain.description), for runs of any length"
            report.details = ["    invariant: " + invariant]
        case .violated:
            report.verdict = property.kind == .reachable ? .holds : .violated
            report.obligations[0].result = .sat
            report.summary = property.kind == .reachable ? "reachable (Spacer)" : "violated (Spacer: a failing state is derivable; BMC gives the trace)"
        case .unknown(let reason):
            report.obligations[0].result = .unknown(reason: reason)
            report.summary = "unknown: \(reason)"
        }
        return report
    }

    // MARK: Induction

    static func induction(_ property: CheckedProperty, induction: Induction, scope: [SymbolicModel.Bound], options: ProveOptions,
                          library: [CheckedProperty]) throws -> ProofReport {
        let model = induction.symbolic.model
        var report = ProofReport(property: property, method: .induction, verdict: .unknown, summary: "", details: [],
                                 obligations: [])
        // The helpers it assumes, and theirs: proved together with it.
        var helpers: [CheckedProperty] = []
        var pending = property.file.assuming
        while let name = pending.first {
            pending.removeFirst()
            guard name != property.name, !helpers.contains(where: { $0.name == name }) else { continue }
            guard let helper = library.first(where: { $0.name == name }), helper.kind == .invariant else {
                report.summary = "not attempted: helper '\(name)' is not an invariant of design \(model.design.rawValue)"
                return report
            }
            helpers.append(helper)
            pending += helper.file.assuming
        }
        let (outcome, claim, obligations) = try induction.run(property, helpers: helpers, scope: scope)
        let which = claim == property.name ? "" : " (its helper \(claim))"
        report.obligations += obligations
        switch outcome {
        case .proved:
            report.verdict = .holds
            report.summary = "proved by induction" + (helpers.isEmpty ? "" : " with \(helpers.map(\.name).joined(separator: ", "))")
                + ", over \(options.domain.description), for runs of any length"
        case .initiationFails:
            report.verdict = .violated
            report.summary = "violated in the initial state\(which)"
        case .unknown(let reason):
            report.summary = "unknown: \(reason)"
        case .notInductive(let cti):
            report.summary = "not inductive\(which): a state that meets the scope invariant"
                + (helpers.isEmpty ? " and the property" : ", the property and \(helpers.map(\.name).joined(separator: ", "))")
                + " has a step that breaks \(claim)"
            report.details += render(cti, model: model)
            if options.checkReachability {
                report.details.append("    " + reachability(of: cti, model: model, scope: options.scope, report: &report))
            }
        }
        return report
    }

    /// A counterexample to induction, rendered like a trace step.
    static func render(_ cti: Induction.CounterexampleToInduction, model: Model) -> [String] {
        let fields = model.fields(cti.pre).filter { $0.value != "0" && $0.value != "false" && $0.value != "none" }
        return ["    pre-state (fields not 0, false or none):"]
            + fields.map { "      \($0.name) = \($0.value)" }
            + ["    step: \(model.describe(cti.action))" + (cti.data.mask != 0 ? " with mask \(GFP.describe(cti.data.mask))" : "")]
            + model.changes(from: cti.pre, to: cti.post).map { "      \($0.name): \($0.before) -> \($0.after)" }
    }

    /// What the explored scope says of a counterexample to induction's
    /// pre-state: outside the values the scope's actions write, unreachable
    /// (so the invariant needs a helper), or reachable (a real violation
    /// when the step's data is the scope's: the report becomes violated).
    static func reachability(of cti: Induction.CounterexampleToInduction, model: Model, scope: String,
                             report: inout ProofReport) -> String {
        let layout = model.layout
        if let field = layout.firstUnpackableField(cti.pre) {
            return "the pre-state is outside scope \(scope)'s values (\(field)), so no run of the scope reaches it: "
                + "the invariant is too weak there; name a helper with 'assuming'"
        }
        var goal = [UInt64](repeating: 0, count: layout.wordCount)
        goal.withUnsafeMutableBufferPointer { layout.pack(cti.pre, into: $0) }
        let wanted = goal
        var options = ExplorerOptions()
        options.symmetry = false
        let property = ExplorerProperty<Model>.reachable("counterexample to induction") { state in
            var row = [UInt64](repeating: 0, count: layout.wordCount)
            row.withUnsafeMutableBufferPointer { layout.pack(state, into: $0) }
            return row == wanted
        }
        guard let result = try? Explorer(system: model, options: options).run(properties: [property]),
              let outcome = result.outcomes.first else { return "the explorer could not search scope \(scope)" }
        guard outcome.verdict == .holds, let trace = outcome.trace else {
            return result.isExhaustive
                ? "the pre-state is not reachable in scope \(scope) (explored whole): the invariant is too weak; name a helper with 'assuming'"
                : "the search of scope \(scope) stopped before it found the pre-state"
        }
        let scopeData = model.concreteData(cti.action)
        guard scopeData.mask == cti.data.mask, scopeData.value == cti.data.value else {
            return "the pre-state is reachable in scope \(scope), but the step's data is not the scope's"
        }
        report.verdict = .violated
        report.trace = trace.steps.map(\.action) + [cti.action]
        return "the pre-state is reachable in scope \(scope) (\(trace.steps.count) steps): a real violation"
    }
}

extension Prove {
    /// 0 when every report proves its property (or witnesses it), 1 for a
    /// violation, else 2: unknown, a timeout, a bounded search, a failed proof.
    public static func exitStatus(_ run: ProveRun) -> Int32 {
        let reports = run.reports
        if reports.contains(where: { $0.verdict == .violated }) { return ExitStatus.violated }
        return reports.allSatisfy { $0.verdict == .holds } ? ExitStatus.ok : ExitStatus.incomplete
    }

    public static func text(_ run: ProveRun, options: ProveOptions) -> String {
        let reports = run.reports
        var out = ["privcheck prove: design \(options.design.rawValue)" + (options.mutant.map { ", mutant \($0.rawValue)" } ?? "")
                   + ", scope \(options.scope)"]
        if let scopeInvariant = run.scopeInvariant { out.append(scopeInvariant.line) }
        let width = reports.map(\.property.name.count).max() ?? 0
        for report in reports {
            let verdict = switch (report.property.kind, report.verdict) {
            case (.reachable, .holds): "witnessed"
            case (.reachable, .violated): "unreachable"
            case (_, .holds): "proved"
            case (_, let verdict): verdict.rawValue
            }
            out.append(verdict.padding(toLength: 11, withPad: " ", startingAt: 0)
                       + report.property.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                       + report.method.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                       + String(format: "%6.2f s  ", report.seconds) + report.summary)
            out += report.details
            if let file = report.counterexampleFile { out.append("    written to \(file)") }
        }
        if let directory = options.emitSMT2 {
            let count = (run.scopeInvariant?.obligations.count ?? 0) + reports.map(\.obligations.count).reduce(0, +)
            out.append("SMT-LIB2: \(count) obligations written to \(directory)")
        }
        return out.joined(separator: "\n")
    }
}
