import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Harness
import MemoryModel
import PropertyLanguage
import Testing

/// Counterexamples of two known bugs, as `privcheck check` finds them.
enum ShowFixture {
    /// The gate mutant lets `kmalloc_node(GFP_KERNEL)` reach the CRAM node: 2 steps.
    static func isolation() throws -> ShowTrace {
        try trace(mutant: .gateIgnoresGFPPrivate, property: "isolation")
    }

    /// Unmutated v4 overcommits the CRAM device: a freed page still held for
    /// zeroing plus an incompressible page exceed real_capacity 4 (5 steps).
    static func capacity() throws -> ShowTrace {
        try trace(mutant: nil, property: "capacity")
    }

    static func trace(mutant: Mutant?, property name: String) throws -> ShowTrace {
        let report = try Check.run(CheckFixture.options(mutant: mutant, properties: [name]))
        let result = try #require(report.properties.first)
        let trace = try #require(result.trace)
        let failingStep = try #require(result.failingStep)
        let file = Check.counterexample(result.property, trace, failingStep: failingStep, model: report.model, scope: "default")
        return ShowTrace(file: file, model: report.model, property: result.property)
    }
}

/// The elements of an SVG document with their attributes, and for each the
/// `data-context` of the lane and the `data-series` of the chart it is in.
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var namespace: String?
        var attributes: [String: String]
        var lane: String?
        var series: String?
    }

    var elements: [Element] = []
    private var stack: [Element] = []

    static func parse(_ svg: String) throws -> [Element] {
        let parser = XMLParser(data: Data(svg.utf8))
        parser.shouldProcessNamespaces = true
        let delegate = SVGElements()
        parser.delegate = delegate
        let parsed = parser.parse()
        try #require(parsed, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return delegate.elements
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        let element = Element(name: name, namespace: namespaceURI, attributes: attributes,
                              lane: stack.last { $0.attributes["class"] == "lane" }?.attributes["data-context"],
                              series: stack.last { $0.attributes["class"] == "chart" }?.attributes["data-series"])
        elements.append(element)
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}

extension [SVGElements.Element] {
    func with(class name: String) -> [SVGElements.Element] { filter { $0.attributes["class"] == name } }
}

@Test func theIsolationTimelineHasOneLanePerContextAndOneBoxPerStep() throws {
    let trace = try ShowFixture.isolation()
    let svg = ShowSVG(trace).render()
    let elements = try SVGElements.parse(svg)

    let root = try #require(elements.first)
    #expect(root.name == "svg" && root.namespace == "http://www.w3.org/2000/svg")
    let (width, height) = (try #require(root.attributes["width"]), try #require(root.attributes["height"]))
    #expect(root.attributes["viewBox"] == "0 0 \(width) \(height)")

    // Step 1 adds the memory (no context), step 2 is task0's kmalloc_node.
    #expect(trace.steps.map(\.lane) == ["kernel", "task0"])
    #expect(elements.with(class: "lane").map { $0.attributes["data-context"] } == ["task0", "kernel"])
    let steps = elements.with(class: "step")
    #expect(steps.map { $0.attributes["data-step"] } == ["2", "1"])
    #expect(steps.allSatisfy { $0.lane == $0.attributes["data-context"] })
    #expect(steps.filter { $0.attributes["data-failing"] == "true" }.map { $0.attributes["data-step"] } == ["2"])

    // Node 0 (3 pages), node 1 (2 pages), the CRAM device (4 units): nothing over.
    #expect(elements.with(class: "capacity").map { "\($0.series ?? ""):\($0.attributes["data-capacity"] ?? "")" }
            == ["used_pages:3", "used_pages:2", "real_used:4"])
    #expect(elements.with(class: "over").isEmpty)
    #expect(elements.with(class: "usage").count == 9)
    #expect(ShowSVG(trace).render() == svg)
}

@Test func theCapacityTimelineMarksTheOvercommitInRed() throws {
    let trace = try ShowFixture.capacity()
    let elements = try SVGElements.parse(ShowSVG(trace).render())

    #expect(elements.with(class: "lane").map { $0.attributes["data-context"] } == ["kernel"])
    #expect(elements.with(class: "step").map { $0.attributes["data-step"] } == ["1", "2", "3", "4", "5"])
    let device = elements.with(class: "capacity").filter { $0.series == "real_used" }
    #expect(device.map { $0.attributes["data-capacity"] } == ["4"])
    // After step 5 the device holds 5 units: 1 awaiting zeroing, 4 for the new page.
    let over = elements.with(class: "over")
    #expect(over.map { "\($0.series ?? "") step \($0.attributes["data-step"] ?? "") = \($0.attributes["data-value"] ?? "")" }
            == ["real_used step 5 = 5"])
}

@Test func svgTextIsEscaped() {
    #expect(ShowSVG.escape(#"a<b && c>"d' "#) == "a&lt;b &amp;&amp; c&gt;&quot;d&apos; ")
}

@Test func theIsolationTextShowsWhatChangedAndWhyItFails() throws {
    let text = try ShowFixture.isolation().text()
    #expect(text == """
        isolation (invariant) on design v4, mutant gate-ignores-gfp-private, scope default
          Isolation (v4): a folio on an N_MEMORY_PRIVATE node got there through an allocation or migration target that carried __GFP_PRIVATE: a GFP_PRIVATE service, a fault or mbind migration under MPOL_F_PRIVATE, or the node's own migrate_to (demotion, move_pages).

        1. add_private_memory_driver_managed(nid=1, block=0) = 0
             node[1].present[0]: false -> true
             node[1].online[0]: false -> true
             node[1].N_MEMORY_PRIVATE: false -> true
             node[1].pgdat_private: false -> true
             node[1].node_private: 0 -> 1
             node[1].refcount: 0 -> 1
        2. task0: kmalloc_node(GFP_KERNEL, nid=1, size=1) = folio 0 on node 1
             folio[0].in_use: false -> true
             folio[0].nid: 0 -> 1
             folio[0].gfp: 0 -> GFP_KERNEL|__GFP_THISNODE
             folio[0].caller_gfp: 0 -> GFP_KERNEL
             folio[0].path: none -> kmalloc_node
             folio[0].compressed_size: 0 -> 1

        why it fails: the state after step 2 breaks isolation
          forall f = folio 0: f.gfp has __GFP_PRIVATE is false (f.gfp = GFP_KERNEL|__GFP_THISNODE)

        """)
}

/// Without the mutant the allocation falls back to node 0: the trace runs
/// and holds, and show says so instead of explaining; a step that cannot
/// run any more ends the steps and says which.
@Test func aTraceThatNoLongerFailsSaysSo() throws {
    let failing = try ShowFixture.isolation()
    var file = failing.file
    file.mutant = nil
    let model = try Model(scope: Scope.named("default"), design: .v4, mutant: nil)
    let fixed = ShowTrace(file: file, model: model, property: failing.property)
    #expect(fixed.outcome == .holds && fixed.explanation == nil)
    #expect(fixed.steps.last.map { "\($0.call) = \($0.result)" } == "task0: kmalloc_node(GFP_KERNEL, nid=1, size=1) = folio 0 on node 0")
    #expect(fixed.text().hasSuffix("\n\nno longer fails: isolation holds at every step\n"))
    #expect(fixed.explanationLines == ["no longer fails: isolation holds at every step"])

    file.steps.append(.init(call: "offline_pages: finish", action: .offlineFinish))
    let stuck = ShowTrace(file: file, model: model, property: failing.property)
    #expect(stuck.outcome == .diverges(step: 3) && stuck.steps.count == 2)
    #expect(stuck.text().hasSuffix("\n\nno longer runs: step 3 (offline_pages: finish) is not enabled\n"))
}

@Test func theJSONHasEveryStepWithItsContextUsageAndTheExplanation() throws {
    let trace = try ShowFixture.capacity()
    let json = trace.json()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["property"] as? String == "capacity")
    #expect(object["outcome"] as? String == "fails" && object["outcome_step"] as? Int == 5)
    #expect(object["explanation"] as? [String] == [
        "the state after step 5 breaks capacity",
        "forall n = node 1: n.real_used <= n.real_capacity is false (n.real_used = 5, n.real_capacity = 4)",
    ])
    let steps = try #require(object["steps"] as? [[String: Any]])
    #expect(steps.count == 5)
    #expect(steps.map { $0["context"] as? String } == ["none", "none", "none", "none", "none"])
    #expect(steps.map { $0["family"] as? String } == [
        "add_private_memory_driver_managed", "cram_register", "alloc", "folio_put", "alloc",
    ])
    let last = try #require(steps.last?["usage"] as? [String: Any])
    let device = try #require((last["devices"] as? [[String: Any]])?.first)
    #expect(device["nid"] as? Int == 1 && device["real_used"] as? Int == 5 && device["real_capacity"] as? Int == 4)
    let changes = try #require(steps.first?["changes"] as? [[String: String]])
    #expect(changes.first == ["field": "node[1].present[0]", "before": "false", "after": "true"])
    #expect(trace.json() == json)

    let isolation = try #require(try JSONSerialization.jsonObject(with: Data(ShowFixture.isolation().json().utf8)) as? [String: Any])
    #expect((isolation["steps"] as? [[String: Any]])?.map { $0["context"] as? String } == ["none", "task0"])
}

@Test func aCorruptedFileIsACounterexampleError() throws {
    let directory = CheckFixture.temporaryDirectory("show")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/corrupt.json"
    try Data(#"{"schema": 1, "design": "v4", "steps": [tru"#.utf8).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: CounterexampleError.self) {
        try Show.load(file: path, propertiesDirectory: Paths.properties)
    }
    if case .malformed(let reported, _)? = error { #expect(reported == path) } else { Issue.record("expected .malformed, got \(String(describing: error))") }

    // The command: status 65 and one message; a good file shows with status 0.
    let shown = try CLI.run(["show", path, "--properties-directory", Paths.properties])
    #expect(shown.status == 65 && shown.out.isEmpty && shown.err.hasPrefix("\(path): error: not a valid counterexample"))
}

@Test func showWritesTheChosenFormatToOutput() throws {
    let directory = CheckFixture.temporaryDirectory("show-output")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let trace = try ShowFixture.isolation()
    let path = try Check.write(trace.file, in: directory)
    let svgPath = directory + "/trace.svg"
    let r = try CLI.run(["show", path, "--format", "svg", "--output", svgPath, "--properties-directory", Paths.properties])
    #expect(r.status == 0 && r.out.isEmpty)
    #expect(try String(contentsOfFile: svgPath, encoding: .utf8) == ShowSVG(trace).render())
    let text = try CLI.run(["show", path, "--properties-directory", Paths.properties])
    #expect(text.status == 0 && text.out == trace.text())
}

/// One property broken by a mutant, and the line that explains it.
struct ExplanationCase: CustomTestStringConvertible, Sendable {
    let mutant: Mutant
    let property: String
    let line: String
    var testDescription: String { "\(property) under \(mutant.rawValue)" }
}

/// The explanation at the failing step: a forall names its breaking binding,
/// an implication its consequent, an atom the values it read (errno names
/// for `ret`); transition properties are explained on (pre, action, post).
@Test(arguments: [
    ExplanationCase(mutant: .gateIgnoresGFPPrivate, property: "alloc_gate",
                    line: "not post.node[post.folio[ret].nid].N_MEMORY_PRIVATE is false (post.node[post.folio[ret].nid].N_MEMORY_PRIVATE = true)"),
    ExplanationCase(mutant: .unregisterWhileOnline, property: "unregister_busy",
                    line: "ret == -EBUSY is false (ret = 0)"),
    ExplanationCase(mutant: .unregisterWhileOnline, property: "state_follows_memory",
                    line: "forall n = node 1: n.N_MEMORY_PRIVATE == (n.populated and n.pgdat_private) is false "
                        + "(n.N_MEMORY_PRIVATE = true, n.populated = true, n.pgdat_private = false)"),
    ExplanationCase(mutant: .demoteIgnoresPressure, property: "demotion_backpressure",
                    line: "forall c = kswapd: ret == -ENOSPC or ret == -ENODEV is false (ret = 0)"),
])
func theExplanationNamesTheFailingSubexpression(_ c: ExplanationCase) throws {
    let trace = try ShowFixture.trace(mutant: c.mutant, property: c.property)
    #expect(trace.explanation?.line == c.line)
}
