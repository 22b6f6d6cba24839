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
        // Minimized: no longer than the explorer's shortest trace, no more
        // task switches, and exactly the pinned steps.
        let minimized = try #require(property.trace)
        let shortest = try #require(property.explorerTrace)
        let (small, explored) = (Minimize.size(minimized, model: report.model(of: property)), Minimize.size(shortest, model: report.model))
        #expect(small.steps <= explored.steps && small.taskSwitches <= explored.taskSwitches, "\(small) vs \(explored)")
        #expect(minimized.map(report.model(of: property).describe) == pinnedMinimizedTraces[mutant]?[property.property.name])
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

/// Each mutant's minimized counterexample, per property that catches it on
/// its scope (`Mutant.breaks`), as kernel calls. A change here is a change to
/// the model, the minimizer or BFS order: explain it in the commit.
let pinnedMinimizedTraces: [Mutant: [String: [String]]] = [
    .privateInFallback: ["fallback_lists": [
        "add_private_memory_driver_managed(nid=1, block=0)",
    ]],
    .gateIgnoresGFPPrivate: ["isolation": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "task0: kmalloc_node(GFP_KERNEL, nid=1, size=1)",
    ]],
    .demoteIgnoresPressure: ["demotion_backpressure": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "cram_register(nid=1)",
        "task0: page_fault(GFP_HIGHUSER_MOVABLE, size=1)",
        "cram_set_pressure(nid=1, 1000)",
        "kswapd: shrink_folio_list: demote(folio 0)",
        "kswapd: demote_folio_list: node_private_migrate_to",
    ]],
    .writableOnArrival: ["cram_read_only": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "cram_register(nid=1)",
        "task0: page_fault(GFP_HIGHUSER_MOVABLE, size=1)",
        "kswapd: shrink_folio_list: demote(folio 0)",
        "kswapd: demote_folio_list: node_private_migrate_to",
        "kswapd: migrate_pages: alloc",
        "kswapd: migrate_pages: move(size=1)",
    ]],
    .unregisterWhileOnline: [
        "state_follows_memory": ["add_private_memory_driver_managed(nid=1, block=0)", "node_private_unregister(nid=1)"],
        "unregister_busy": ["add_private_memory_driver_managed(nid=1, block=0)", "node_private_unregister(nid=1)"],
    ],
    .noScrubOnFree: ["scrub": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "cram_register(nid=1)",
        "private_service: alloc_pages_node(nid=1, GFP_PRIVATE, size=1)",
        "folio_put(folio 0)",
    ]],
    .setOpsNoDependencies: ["flag_dependencies": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "node_private_set_ops(nid=1, NP_OPS_MEMPOLICY)",
    ]],
    .registerOnNMemory: ["mutual_exclusion": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "offline_pages(nid=1, block=0)",
        "offline_pages: finish",
        "node_private_unregister(nid=1)",
        "online_pages(nid=1, block=0)",
        "node_private_register(nid=1, its driver)",
    ]],
    .mprotectUpgradesWrite: ["cram_read_only": [
        "add_private_memory_driver_managed(nid=1, block=0)",
        "cram_register(nid=1)",
        "task0: page_fault(GFP_HIGHUSER_MOVABLE, size=1)",
        "task0: mprotect(folio 0, PROT_READ)",
        "kswapd: shrink_folio_list: demote(folio 0)",
        "kswapd: demote_folio_list: node_private_migrate_to",
        "kswapd: migrate_pages: alloc",
        "kswapd: migrate_pages: move(size=1)",
        "task0: mprotect(folio 0, PROT_READ|PROT_WRITE)",
    ]],
]
