import ArgumentParser
import CheckerCore
import Foundation
import Harness
import Prover

/// A `--method` value: one method, or all of them.
enum MethodChoice: String, ExpressibleByArgument, CaseIterable {
    case induction, bmc, spacer, all

    var methods: [ProofMethod] {
        switch self {
        case .induction: [.induction]
        case .bmc: [.bmc]
        case .spacer: [.spacer]
        case .all: ProofMethod.allCases
        }
    }
}
extension DataDomain: ExpressibleByArgument {}

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Proves properties with Z3: induction over symbolic data, bounded model checking with replayable traces, Spacer.",
        discussion: """
            Induction proves a property for runs of any length: from any state that meets the scope \
            invariant (the inductive part of the scope's value sets, found first), the property and the \
            helpers its file names with 'assuming', every step keeps them. With --data all (the default) gfp \
            masks, NP_OPS flag sets, compressed sizes and pressures are symbolic. A counterexample to \
            induction is printed and looked for in the explored scope. BMC unrolls --depth steps from the \
            initial state with the scope's data, so a violation is a trace `privcheck replay` runs. Spacer \
            proves without helpers, finding the invariant itself, and prints it. Exit status: 0 every \
            property proved, 1 a violation, 2 unknown, a timeout, or only bounded or failed proofs.
            """)

    @OptionGroup var model: ModelOptions
    @Option(name: .customLong("property"), help: "Prove only this property (repeatable).")
    var properties: [String] = []
    @Option(name: .customLong("method"), help: "induction, bmc, spacer or all (repeatable; default induction and bmc: Spacer may take minutes a property).")
    var methods: [MethodChoice] = []
    @Option(help: "BMC's depth.")
    var depth: Int = 8
    @Option(help: "Seconds per proof obligation (unknown after it).")
    var timeout: Double?
    @Option(help: "Induction's data: all (symbolic) or scope (the scope's values).")
    var data: DataDomain = .all
    @Option(help: "text, json or junit.")
    var format: ReportFormat = .text
    @Option(help: "Write every proof obligation as an SMT-LIB2 file into this directory.")
    var emitSmt2: String?
    @Option(help: "Write BMC counterexamples into this directory (default: nowhere; counterexamples/ is check's database).")
    var counterexamples: String?
    @Option(help: "The property library's directory.")
    var propertiesDirectory: String = Lint.defaultDirectory

    func validate() throws {
        guard depth >= 0 else { throw ValidationError("--depth must be 0 or more") }
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        var options = ProveOptions()
        options.design = model.design
        options.mutant = model.mutant
        options.scope = model.scope
        options.properties = properties
        options.propertiesDirectory = propertiesDirectory
        var chosen: [ProofMethod] = []
        for method in methods.flatMap(\.methods) where !chosen.contains(method) { chosen.append(method) }
        options.methods = chosen.isEmpty ? [.induction, .bmc] : chosen
        options.depth = depth
        options.timeout = timeout
        options.domain = data
        options.emitSMT2 = emitSmt2
        options.counterexamplesDirectory = counterexamples
        let run = try Prove.run(options)
        switch format {
        case .text: print(Prove.text(run, options: options))
        case .json: print(Prove.json(run, options: options))
        case .junit: print(Prove.junit(run, options: options))
        case .sarif: throw ValidationError("--format sarif is check's (code scanning); prove gives text, json or junit")
        }
        throw ExitCode(Prove.exitStatus(run))
    }
}
