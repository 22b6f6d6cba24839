import CheckerCore
import Explorer
import Foundation
import Harness
import MemoryModel
import Testing

/// Every mutant is caught: `check --mutant NAME` on the scope `Mutant.breaks`
/// names finds a counterexample to a property the mutant's summary says it
/// breaks, writes it, and `replay` of the file still fails. `breaks` is an
/// exhaustive switch, so a new mutant cannot be added without naming what
/// catches it, and this test then holds it to that.
@Test(arguments: Mutant.allCases)
func everyMutantIsCaughtAndItsCounterexampleReplays(_ mutant: Mutant) throws {
    let (properties, scope) = mutant.breaks
    let directory = CheckFixture.temporaryDirectory("mutant-\(mutant.rawValue)")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var options = CheckFixture.options(mutant: mutant, properties: properties, directory: directory)
    options.scope = scope
    // Breadth-first, stopping at the first violation: the shortest counterexample.
    options.explorer.stopAtFirstViolation = true
    let report = try Check.run(options)
    #expect(report.verdict.exitStatus == ExitStatus.violated, "\(mutant.rawValue) is not caught on \(scope)")
    let caught = report.properties.filter { $0.verdict == .violated }
    #expect(!caught.isEmpty)
    for property in caught {
        #expect(mutant.summary.contains("breaks"), "the summary says what \(mutant.rawValue) breaks")
        let file = try #require(property.counterexampleFile)
        let (outcome, _) = try Replay.run(file: file, propertiesDirectory: Paths.properties)
        #expect(outcome == .fails(step: property.failingStep ?? -1), "\(file) no longer fails where check said")
    }
}

/// What `breaks` names exists: a property of the library for the mutant's
/// design, and a shipped scope.
@Test(arguments: Mutant.allCases)
func mutantCatchersExist(_ mutant: Mutant) throws {
    let (properties, scope) = mutant.breaks
    #expect(Scope.shippedNames.contains(scope))
    let selected = try Check.selectedProperties(CheckFixture.options(mutant: mutant, properties: properties))
    #expect(selected.map(\.name) == properties)
}
