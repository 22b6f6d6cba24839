import Foundation
import Testing
@testable import MemoryModel

/// A bad scope file and the exact diagnostic it must produce.
struct BadScope: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let expected: String

    init(_ name: String, _ text: String, _ expected: String) {
        self.init(name, bytes: Array(text.utf8), expected)
    }

    init(_ name: String, bytes: [UInt8], _ expected: String) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A small valid scope; each bad case below changes one thing in it.
private let base = """
    nodes:
      - kind: dram
        pages_per_block: 3
      - kind: private
        blocks: 2
        pages_per_block: 1
        device:
          memtype: cram
          ops: [NP_OPS_MIGRATION, NP_OPS_DEMOTION]
          real_capacity: 4
          low_threshold: 3
          high_threshold: 1
    folios: 2
    tasks:
      - cpu_node: 0
        cpuset: [0, 1]
    callers:
      - page_fault
      - {caller: alloc_pages_node, gfp: "GFP_KERNEL|__GFP_THISNODE", nid: 1}

    """

private func replacing(_ old: String, with new: String) -> String {
    precondition(base.contains(old), "the base scope has no '\(old)'")
    return base.replacingOccurrences(of: old, with: new)
}

private let badScopes: [BadScope] = [
    BadScope("unknown top-level key, with suggestion", replacing("folios: 2", with: "foilos: 2"), """
        scopes/bad.yaml:13:1: error: unknown key 'foilos' in the scope
        foilos: 2
        ^
        hint: did you mean 'folios'?
        """),
    BadScope("unknown NP_OPS flag, with suggestion",
             replacing("[NP_OPS_MIGRATION, NP_OPS_DEMOTION]", with: "[NP_OPS_MIGRATE, NP_OPS_DEMOTION]"), """
        scopes/bad.yaml:9:13: error: unknown NP_OPS flag 'NP_OPS_MIGRATE'
              ops: [NP_OPS_MIGRATE, NP_OPS_DEMOTION]
                    ^
        hint: did you mean 'NP_OPS_MIGRATION'?
        """),
    BadScope("unknown NP_OPS flag inside an A|B string",
             replacing("[NP_OPS_MIGRATION, NP_OPS_DEMOTION]", with: "\"NP_OPS_MIGRATION | NP_OPS_DEMOTON\""), """
        scopes/bad.yaml:9:32: error: unknown NP_OPS flag 'NP_OPS_DEMOTON'
              ops: "NP_OPS_MIGRATION | NP_OPS_DEMOTON"
                                       ^
        hint: did you mean 'NP_OPS_DEMOTION'?
        """),
    BadScope("unknown gfp flag, with suggestion", replacing("__GFP_THISNODE", with: "__GFP_THISNOD"), """
        scopes/bad.yaml:19:49: error: unknown gfp flag '__GFP_THISNOD'
          - {caller: alloc_pages_node, gfp: "GFP_KERNEL|__GFP_THISNOD", nid: 1}
                                                        ^
        hint: did you mean '__GFP_THISNODE'?
        """),
    BadScope("wrong type", replacing("folios: 2", with: "folios: two"), """
        scopes/bad.yaml:13:9: error: expected an integer for 'folios', found a string ('two')
        folios: two
                ^
        """),
    BadScope("quoted number is a string", replacing("folios: 2", with: "folios: \"2\""), """
        scopes/bad.yaml:13:9: error: expected an integer for 'folios', found a string
        folios: "2"
                ^
        hint: remove the quotes: a quoted number is a string
        """),
    BadScope("folios out of range", replacing("folios: 2", with: "folios: 9"), """
        scopes/bad.yaml:13:9: error: 'folios' must be between 1 and 6, found 9
        folios: 9
                ^
        hint: the engine's fixed-width state holds 6 folio slots (Scope.maxFolios)
        """),
    BadScope("nid out of range in cpuset", replacing("cpuset: [0, 1]", with: "cpuset: [0, 5]"), """
        scopes/bad.yaml:16:17: error: the cpuset of task 0 names node 5, which does not exist
            cpuset: [0, 5]
                        ^
        hint: the scope has nodes 0 and 1
        """),
    BadScope("private node without device",
             replacing("""
                    device:
                      memtype: cram
                      ops: [NP_OPS_MIGRATION, NP_OPS_DEMOTION]
                      real_capacity: 4
                      low_threshold: 3
                      high_threshold: 1

                """, with: ""), """
        scopes/bad.yaml:4:5: error: private node 1 has no 'device'
          - kind: private
            ^
        hint: add a 'device:' with a 'memtype:' (cram, zswap, accelerator or demote-only) and its 'ops:'
        """),
    BadScope("dram node with device",
             replacing("  - kind: dram\n    pages_per_block: 3\n",
                       with: "  - kind: dram\n    pages_per_block: 3\n    device: {memtype: cram}\n"), """
        scopes/bad.yaml:4:5: error: dram node 0 cannot have a device
            device: {memtype: cram}
            ^
        hint: only private nodes have a device; did you mean 'kind: private'?
        """),
    BadScope("cpu_node on a private node", replacing("cpu_node: 0", with: "cpu_node: 1"), """
        scopes/bad.yaml:15:15: error: task 0 runs on node 1, a private node
          - cpu_node: 1
                      ^
        hint: private nodes have no CPUs; cpu_node must be a dram node (0)
        """),
    BadScope("empty file", "", """
        scopes/bad.yaml:1:1: error: the scope file is empty
        hint: a scope needs at least 'nodes' and 'folios'
        """),
    BadScope("only comments", "# nothing here\n\n", """
        scopes/bad.yaml:1:1: error: the scope file is empty
        hint: a scope needs at least 'nodes' and 'folios'
        """),
    BadScope("YAML syntax error: unbalanced bracket", replacing("cpuset: [0, 1]", with: "cpuset: [0, 1"), """
        scopes/bad.yaml:17:8: error: YAML syntax error: did not find expected ',' or ']'
        callers:
               ^
        hint: while parsing a flow sequence that starts at line 16, column 13
        """),
    BadScope("binary garbage", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x9C], """
        scopes/bad.yaml:1:9: error: the file is not UTF-8 text (byte 0xFF)
        �ELF����
                ^
        hint: a scope is a YAML text file
        """),
    BadScope("control characters", "nodes: [\u{1}\u{2}]\n", """
        scopes/bad.yaml:1:9: error: YAML syntax error: control characters are not allowed (found 0x01)
        nodes: [��]
                ^
        hint: a scope is a YAML text file
        """),
    BadScope("top-level list instead of mapping", "- kind: dram\n- kind: private\n", """
        scopes/bad.yaml:1:1: error: a scope file must be a mapping of keys, found a list
        - kind: dram
        ^
        hint: start with 'nodes:' and 'folios:' at the left margin
        """),
    BadScope("low threshold above real capacity", replacing("low_threshold: 3", with: "low_threshold: 5"), """
        scopes/bad.yaml:11:22: error: 'low_threshold' must be between 1 and 4, found 5
              low_threshold: 5
                             ^
        hint: lthresh must fire by the time the device is full (real_capacity = 4)
        """),
    BadScope("high threshold not below low threshold", replacing("high_threshold: 1", with: "high_threshold: 3"), """
        scopes/bad.yaml:12:23: error: 'high_threshold' must be between 0 and 2, found 3
              high_threshold: 3
                              ^
        hint: hthresh fires when real usage falls back to high_threshold, which is below low_threshold (3)
        """),
    BadScope("gfp on page_fault", replacing("  - page_fault\n", with: "  - {caller: page_fault, gfp: GFP_KERNEL}\n"), """
        scopes/bad.yaml:18:31: error: page_fault always uses GFP_HIGHUSER_MOVABLE
          - {caller: page_fault, gfp: GFP_KERNEL}
                                      ^
        hint: remove 'gfp'; kmalloc, kmalloc_node and alloc_pages_node take a gfp mask
        """),
    BadScope("nid on kmalloc", replacing("  - page_fault\n", with: "  - {caller: kmalloc, nid: 1}\n"), """
        scopes/bad.yaml:18:23: error: kmalloc takes no nid
          - {caller: kmalloc, nid: 1}
                              ^
        hint: kmalloc_node allocates on a given node
        """),
    BadScope("unknown caller, with suggestion", replacing("  - page_fault\n", with: "  - page_falt\n"), """
        scopes/bad.yaml:18:5: error: unknown caller 'page_falt'
          - page_falt
            ^
        hint: did you mean 'page_fault'?
        """),
    BadScope("unknown memtype, with suggestion", replacing("memtype: cram", with: "memtype: demote_only"), """
        scopes/bad.yaml:8:16: error: unknown memtype 'demote_only'
              memtype: demote_only
                       ^
        hint: did you mean 'demote-only'?
        """),
    BadScope("unknown mempolicy mode, with suggestion",
             replacing("cpuset: [0, 1]", with: "cpuset: [0, 1]\n    mempolicy: {mode: MPOL_BIDN, nodes: [1]}"), """
        scopes/bad.yaml:17:23: error: unknown mempolicy mode 'MPOL_BIDN'
            mempolicy: {mode: MPOL_BIDN, nodes: [1]}
                              ^
        hint: did you mean 'MPOL_BIND'?
        """),
    BadScope("MPOL_PREFERRED with two nodes",
             replacing("cpuset: [0, 1]", with: "cpuset: [0, 1]\n    policies:\n      - {mode: MPOL_PREFERRED, nodes: [0, 1]}"), """
        scopes/bad.yaml:18:39: error: MPOL_PREFERRED takes exactly one node, found 2
              - {mode: MPOL_PREFERRED, nodes: [0, 1]}
                                              ^
        """),
    BadScope("duplicate key", replacing("folios: 2", with: "folios: 2\nfolios: 3"), """
        scopes/bad.yaml:14:1: error: duplicate key 'folios' in the scope
        folios: 3
        ^
        hint: 'folios' is already given on line 13
        """),
    BadScope("missing folios", replacing("folios: 2\n", with: ""), """
        scopes/bad.yaml:1:1: error: the scope has no 'folios'
        nodes:
        ^
        hint: add 'folios: 2', the number of folio slots
        """),
    BadScope("too many nodes", replacing("nodes:\n", with: "nodes:\n" + String(repeating: "  - {kind: dram, pages_per_block: 1}\n", count: 4)), """
        scopes/bad.yaml:6:5: error: too many nodes: 6, at most 4
          - kind: dram
            ^
        hint: the engine's fixed-width state holds 4 nodes (Scope.maxNodes)
        """),
    BadScope("no dram node", replacing("  - kind: dram\n    pages_per_block: 3\n", with: ""), """
        scopes/bad.yaml:2:3: error: a scope needs at least one dram node
          - kind: private
          ^
        hint: CPUs and tasks live on dram nodes; private nodes have none
        """),
    BadScope("watermarks out of order",
             replacing("  - kind: dram\n    pages_per_block: 3\n",
                       with: "  - kind: dram\n    pages_per_block: 3\n    watermarks: {min: 2, low: 1, high: 3}\n"), """
        scopes/bad.yaml:4:31: error: the low watermark (1) is below the min watermark (2)
            watermarks: {min: 2, low: 1, high: 3}
                                      ^
        hint: zone watermarks satisfy min <= low <= high
        """),
    BadScope("compressed size above page_units", base + "compressed_sizes: [1, 8]\n", """
        scopes/bad.yaml:20:23: error: a compressed size must be between 1 and 4, found 8
        compressed_sizes: [1, 8]
                              ^
        hint: an uncompressed page is page_units = 4 units
        """),
    BadScope("distance_order leaves out a node",
             replacing("  - kind: dram\n    pages_per_block: 3\n",
                       with: "  - kind: dram\n    pages_per_block: 3\n    distance_order: []\n"), """
        scopes/bad.yaml:4:21: error: the distance_order of node 0 leaves out node 1
            distance_order: []
                            ^
        hint: list every other node, nearest first
        """),
    BadScope("tab indentation", replacing("    pages_per_block: 3", with: "\tpages_per_block: 3"), """
        scopes/bad.yaml:3:1: error: YAML syntax error: found a tab character that violates indentation
        \tpages_per_block: 3
        ^
        hint: indent with spaces; YAML does not allow tabs in indentation
        """),
    BadScope("deep nesting beyond the indicator limit",
             "nodes: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n", """
        scopes/bad.yaml:1:20007: error: the file is too large to be a scope: more than 20000 YAML indicators ('-', ':', '?', '[', '{')
        ...[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...
                                                                       ^
        hint: a scope file needs a few hundred; is this the right file?
        """),
    BadScope("deep nesting within the bound reads on a large stack",
             "nodes: " + String(repeating: "[", count: 9_000) + String(repeating: "]", count: 9_000) + "\n", """
        scopes/bad.yaml:1:9: error: expected a mapping for node 0, found a list
        nodes: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...
                ^
        """),
    BadScope("two documents", base + "---\nfolios: 3\n", """
        scopes/bad.yaml:20:1: error: a scope file holds one YAML document, found a second one
        ---
        ^
        hint: remove this '---' line and what follows, or split the file in two
        """),
]

/// The shipped `default.yaml`, written out in Swift: a change to either must
/// be deliberate (it changes what `privcheck check` explores by default).
private let expectedDefault = Scope(
    name: "default",
    summary: "One DRAM node and one CRAM node, one task, every kind of allocation caller.",
    nodes: [
        NodeConfig(kind: .dram, pagesPerBlock: 3, watermarks: Watermarks(min: 0, low: 0, high: 2)),
        NodeConfig(kind: .private, blocks: 1, pagesPerBlock: 2, device: PrivateDevice(
            memtype: .cram,
            ops: NPOps.NP_OPS_MIGRATION | NPOps.NP_OPS_DEMOTION | NPOps.NP_OPS_PROTECT_WRITE | NPOps.NP_OPS_RECLAIM,
            realCapacity: 4, lowThreshold: 3, highThreshold: 1)),
    ],
    folios: 1,
    tasks: [TaskConfig(cpuNode: 0, cpuset: [0, 1], policies: [MempolicyConfig(mode: MPOL.MPOL_BIND, nodes: [1])])],
    callers: [
        CallerConfig(.pageFault),
        CallerConfig(.kmalloc),
        CallerConfig(.kmallocNode, nid: 1),
        CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL | GFP.__GFP_THISNODE, nid: 1),
        CallerConfig(.privateService, nid: 1),
    ],
    compressedSizes: [1, 4], pageUnits: 4, pressureValues: [0, 1000], setOpsChoices: [],
    cpusetsEnabled: true, flushBuffer: 1, excludedActions: ["memory_failure"], depth: 12)

/// A deterministic generator for the no-crash test (SplitMix64).
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ScopeTests {
    @Test func baseScopeLoads() throws {
        let scope = try Scope.load(yaml: base, file: "base.yaml", name: "base")
        #expect(scope.nodes.count == 2)
        #expect(scope.callers[1] == CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL | GFP.__GFP_THISNODE, nid: 1))
    }

    @Test(arguments: badScopes) func badScopeDiagnostic(_ bad: BadScope) {
        do {
            let scope = try Scope.load(data: Data(bad.bytes), file: "scopes/bad.yaml", name: "bad")
            Issue.record("loaded a bad scope: \(scope)")
        } catch {
            #expect(error.description == bad.expected)
        }
    }

    @Test func shippedNames() {
        #expect(Scope.shippedNames == ["bench", "cram", "default", "flags", "v3-numa", "v3-zswap"])
    }

    @Test(arguments: Scope.shippedNames) func shippedScopeLoadsAndRoundTrips(_ name: String) throws {
        let scope = try Scope.named(name)
        #expect(scope.name == name)
        #expect(!scope.summary.isEmpty)
        let text = scope.yaml()
        let again = try Scope.load(yaml: text, file: "\(name).written.yaml", name: name)
        #expect(again == scope, "yaml() of \(name) reads back differently:\n\(text)")
    }

    @Test func defaultScopeIsAsSpecified() throws {
        #expect(try Scope.named("default") == expectedDefault)
    }

    @Test func unusualValuesRoundTrip() throws {
        var scope = expectedDefault
        scope.name = "unusual"
        scope.summary = "quotes \" and \\ backslash, a tab\t, a newline\n, # not a comment: [x]"
        scope.nodes[0].distanceOrder = [1]
        scope.nodes[1].distanceOrder = [0]
        scope.callers.append(CallerConfig(.kmalloc, gfp: GFP.GFP_ATOMIC | 0x4000_0000))
        scope.setOpsChoices = [0, NPOps.NP_OPS_MEMPOLICY | NPOps.NP_OPS_MIGRATION, NPOps.NP_OPS_OOM_ELIGIBLE]
        scope.excludedActions = ["cram_fault", "yes", "a: b"]
        scope.tasks.append(TaskConfig(cpuNode: 0, cpuset: nil, hardwall: true,
                                      mempolicy: MempolicyConfig(mode: MPOL.MPOL_PREFERRED, nodes: [0])))
        scope.cpusetsEnabled = false
        let again = try Scope.load(yaml: scope.yaml(), file: "unusual.yaml", name: "unusual")
        #expect(again == scope)
    }

    @Test func unknownScopeNameListsShippedScopes() {
        #expect(throws: ScopeError(
            file: "<command line>", line: 1, column: 1, message: "unknown scope 'defualt'",
            hint: "did you mean 'default'? shipped scopes: bench, cram, default, flags, v3-numa, v3-zswap; "
                + "or give the path of a .yaml scope file",
            sourceLine: "defualt")) {
            try Scope.named("defualt")
        }
    }

    @Test func unreadableFile() throws {
        let missing = "/nonexistent-privcheck-dir/missing.yaml"
        #expect(throws: ScopeError(file: missing, line: 1, column: 1,
                                   message: "cannot read the scope file: No such file or directory")) {
            try Scope.named(missing)
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: ScopeError(file: directory, line: 1, column: 1,
                                   message: "cannot read the scope file: it is a directory")) {
            try Scope.load(path: directory)
        }
    }

    @Test func loadPathNamesTheScopeAfterTheFile() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("privcheck-scope-test-\(ProcessInfo.processInfo.processIdentifier).yml")
        try base.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let scope = try Scope.named(url.path)
        #expect(scope.name == url.deletingPathExtension().lastPathComponent)
        #expect(scope == (try Scope.load(yaml: base, file: url.path, name: scope.name)))
    }

    @Test(arguments: [
        ("NP_OPS_MIGRATE", "NP_OPS_MIGRATION"), ("folio", "folios"), ("mpol_bind", "MPOL_BIND"),
        ("GFP_KERNL", "GFP_KERNEL"), ("compressed_size", "compressed_sizes"), ("xyzzy", nil), ("", nil),
    ] as [(String, String?)])
    func nearestNameSuggestsCloseNamesOnly(_ name: String, _ expected: String?) {
        let candidates = ["NP_OPS_MIGRATION", "folios", "MPOL_BIND", "GFP_KERNEL", "compressed_sizes", "depth"]
        #expect(nearestName(name, in: candidates) == expected)
    }

    /// Damaged versions of every shipped scope (each prefix, each one-byte
    /// deletion, random byte changes) either load or throw a ScopeError:
    /// the point is that none of them crashes.
    @Test(arguments: Scope.shippedNames) func damagedScopesNeverCrash(_ name: String) throws {
        let path = try #require(Scope.shippedDirectory).appendingPathComponent(name + ".yaml")
        let bytes = [UInt8](try Data(contentsOf: path))
        var damaged: [[UInt8]] = []
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            damaged.append(Array(bytes[..<cut]))
            var deleted = bytes
            deleted.remove(at: cut)
            damaged.append(deleted)
        }
        var random = SplitMix64(state: 0x5C0_9E)
        let alphabet = Array("[]{}:-?,#'\"|&*!%@`\t\n 0123456789abc_".utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<300 {
            var copy = bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<copy.count, using: &random)
                copy[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
            }
            damaged.append(copy)
        }
        var loaded = 0
        for input in damaged {
            do {
                _ = try Scope.load(data: Data(input), file: "damaged.yaml", name: name)
                loaded += 1
            } catch {
                #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
            }
        }
        // The undamaged prefixes include the whole file minus its last byte
        // or so; at least some damaged inputs still read.
        #expect(loaded > 0)
    }
}
