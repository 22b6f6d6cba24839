import Testing
import CheckerCore
@testable import MemoryModel

// Tables 4 and 10: allocation isolation (v4 numa_zone_alloc_allowed, v3
// numa_zone_allowed) and the zonelists build_zonelists gives.

// MARK: 4. Isolation, v4 (RFC v4 02/27, 03/27; v4 cover "Can never land on private node")

enum IsolationV4Table {
    /// One allocation: the caller, the nid it passes, and where it lands when
    /// DRAM has room (nil: -ENOMEM).
    struct Alloc {
        var label: String
        var caller: Int
        var nid: Int
        var withRoom: Int?
    }

    static let allocs: [Alloc] = [
        Alloc(label: "alloc_pages_node(0, GFP_KERNEL)", caller: KCaller.kernel, nid: 0, withRoom: 0),
        Alloc(label: "alloc_pages_node(1, GFP_KERNEL)", caller: KCaller.kernel, nid: 1, withRoom: 0),
        Alloc(label: "alloc_pages_node(0, GFP_HIGHUSER_MOVABLE)", caller: KCaller.highuser, nid: 0, withRoom: 0),
        Alloc(label: "alloc_pages_node(1, GFP_HIGHUSER_MOVABLE)", caller: KCaller.highuser, nid: 1, withRoom: 0),
        Alloc(label: "alloc_pages_node(0, GFP_KERNEL|__GFP_THISNODE)", caller: KCaller.kernelThisnode, nid: 0, withRoom: 0),
        // NOFALLBACK(1) = [1], and the gate refuses it: nothing else to try.
        Alloc(label: "alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE)", caller: KCaller.kernelThisnode, nid: 1, withRoom: nil),
        // slub: __GFP_THISNODE on node 1 first (refused), then without.
        Alloc(label: "kmalloc_node(GFP_KERNEL, 1)", caller: KCaller.kmallocNode, nid: 1, withRoom: 0),
        Alloc(label: "kmalloc_node(GFP_KERNEL, 0)", caller: KCaller.kmallocNode, nid: 0, withRoom: 0),
        Alloc(label: "page_fault (vma_alloc_folio, default policy)", caller: KCaller.pageFault, nid: -1, withRoom: 0),
        Alloc(label: "kmalloc(GFP_KERNEL)", caller: KCaller.kmalloc, nid: -1, withRoom: 0),
        // The slow path of a non-blocking __GFP_HIGH allocation drops the cpuset
        // and nodemask, but not numa_zone_alloc_allowed's __GFP_PRIVATE test.
        Alloc(label: "alloc_pages_node(1, GFP_ATOMIC)", caller: KCaller.atomic, nid: 1, withRoom: 0),
    ]

    /// How the private node is attached: all online and registered.
    static let nodes: [(label: String, memtype: PrivateDevice.Memtype, setup: [Action])] = [
        ("CRAM node after cram_register", .cram, KSetup.cramOnline()),
        ("demote-only node with every NP_OPS flag", .demoteOnly, KSetup.privateOnline(flags: KOps.permissive)),
        ("registered node without ops", .demoteOnly, KSetup.privateOnline(flags: nil)),
    ]

    static let cases: [KCase] = {
        var out: [KCase] = []
        for node in nodes {
            for cpusets in [true, false] {
                for dramFull in [false, true] {
                    let scope = kScope(memtype: node.memtype, cpusetsEnabled: cpusets)
                    let fill = KSetup.faults(dramFull ? 3 : 0)
                    let slot = dramFull ? 3 : 0
                    let scene = "\(node.label), DRAM \(dramFull ? "full" : "with room"), cpusets \(cpusets ? "on" : "off")"
                    for alloc in allocs {
                        let lands = dramFull ? nil : alloc.withRoom
                        out.append(KCase(
                            name: "numa_zone_alloc_allowed (v4 03/27): \(alloc.label), \(scene) -> "
                                + (lands.map { "node \($0)" } ?? "-ENOMEM"),
                            scope: scope, setup: node.setup + fill,
                            action: .alloc(caller: alloc.caller, nid: alloc.nid, task: 0, size: 1),
                            expect: .ret(lands == nil ? Errno.ENOMEM : slot),
                            check: { model, s in
                                #expect(kFolios(on: 1, model, s).isEmpty,
                                        "a folio without __GFP_PRIVATE landed on private node 1")
                                if let lands { #expect(s.folio[slot].in_use && s.folio[slot].nid == lands) }
                            }))
                    }
                    // GFP_PRIVATE = __GFP_PRIVATE|__GFP_THISNODE (02/27) is the way in.
                    out.append(KCase(
                        name: "numa_zone_alloc_allowed (v4 02,03/27): alloc_pages_node(1, GFP_PRIVATE), \(scene) -> node 1",
                        scope: scope, setup: node.setup + fill,
                        action: .alloc(caller: KCaller.privateService, nid: 1, task: 0, size: 1),
                        expect: .ret(slot),
                        check: { _, s in
                            #expect(s.folio[slot].in_use && s.folio[slot].nid == 1)
                            #expect(s.folio[slot].gfp & GFP.__GFP_PRIVATE != 0)
                            #expect(s.folio[slot].path == Path.privateService.rawValue)
                        }))
                }
            }
        }
        return out
    }()
}

@Test(arguments: IsolationV4Table.cases)
func isolationV4(_ c: KCase) throws { try kVerify(c) }

// MARK: 4b. Isolation, v3 (RFC v3 3/8, 4/8; spec §2 A1 "v3 corner", §4)

enum IsolationV3Table {
    static func row(_ name: String, cpusets: Bool, dramFull: Bool = false, caller: Int, nid: Int,
                    lands: Int?, gfp: UInt32? = nil) -> KCase {
        let slot = dramFull ? 3 : 0
        return KCase(
            name: name, design: .v3, scope: kScope(design: .v3, cpusetsEnabled: cpusets),
            setup: KSetup.v3Online + KSetup.faults(dramFull ? 3 : 0),
            action: .alloc(caller: caller, nid: nid, task: 0, size: 1),
            expect: .ret(lands == nil ? Errno.ENOMEM : slot),
            check: { _, s in
                #expect(s.node[1].N_PRIVATE && !s.node[1].N_MEMORY)
                if let lands {
                    #expect(s.folio[slot].in_use && s.folio[slot].nid == lands)
                    if let gfp { #expect(s.folio[slot].gfp == gfp, "gfp \(GFP.describe(s.folio[slot].gfp))") }
                }
            })
    }

    static let cases: [KCase] = [
        row("numa_zone_allowed (v3 3/8): alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE), cpusets off -> node 1 (THISNODE is the gate)",
            cpusets: false, caller: KCaller.kernelThisnode, nid: 1, lands: 1),
        row("prepare_alloc_pages (spec A1 'v3 corner'): alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE), cpusets on, NULL nodemask -> mems_allowed (sysram) -> -ENOMEM",
            cpusets: true, caller: KCaller.kernelThisnode, nid: 1, lands: nil),
        row("slub ___slab_alloc (v3 hole, spec §4): kmalloc_node(GFP_KERNEL, 1), cpusets off -> node 1 via slub's __GFP_THISNODE",
            cpusets: false, caller: KCaller.kmallocNode, nid: 1, lands: 1, gfp: GFP.GFP_KERNEL | GFP.__GFP_THISNODE),
        row("slub ___slab_alloc + v3 corner: kmalloc_node(GFP_KERNEL, 1), cpusets on -> THISNODE try fails, retry lands on node 0",
            cpusets: true, caller: KCaller.kmallocNode, nid: 1, lands: 0, gfp: GFP.GFP_KERNEL),
        row("build_zonelists (v3, upstream): alloc_pages_node(1, GFP_KERNEL), cpusets off -> node 0 (not in its own FALLBACK list)",
            cpusets: false, caller: KCaller.kernel, nid: 1, lands: 0),
        row("numa_zone_allowed (v3 3/8): alloc_pages_node(1, GFP_KERNEL), DRAM full, cpusets off -> -ENOMEM",
            cpusets: false, dramFull: true, caller: KCaller.kernel, nid: 1, lands: nil),
        row("numa_zone_allowed (v3 3/8): alloc_pages_node(1, GFP_HIGHUSER_MOVABLE), DRAM full, cpusets on -> -ENOMEM",
            cpusets: true, dramFull: true, caller: KCaller.highuser, nid: 1, lands: nil),
        row("numa_zone_allowed (v3 3/8): page_fault, DRAM full, cpusets off -> -ENOMEM",
            cpusets: false, dramFull: true, caller: KCaller.pageFault, nid: -1, lands: nil),
        row("numa_zone_allowed (v3 3/8): kmalloc_node(GFP_KERNEL, 1), DRAM full, cpusets off -> node 1",
            cpusets: false, dramFull: true, caller: KCaller.kmallocNode, nid: 1, lands: 1),
        row("numa_zone_allowed (v3 3/8): alloc_pages_node(1, GFP_KERNEL|__GFP_THISNODE), DRAM full, cpusets off -> node 1",
            cpusets: false, dramFull: true, caller: KCaller.kernelThisnode, nid: 1, lands: 1),
    ]
}

@Test(arguments: IsolationV3Table.cases)
func isolationV3(_ c: KCase) throws { try kVerify(c) }

// MARK: 10. Zonelists (RFC v4 04/27; v3 upstream build_zonelists)

enum ZonelistTable {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var design: Design
        var mutant: Mutant?
        var setup: [Action]
        var preferred: Int
        var zone: Int
        var fallback: Bool
        /// Membership of the NOFALLBACK list (__GFP_THISNODE), when checked.
        var noFallback: Bool?
        var testDescription: String { name }
    }

    static let v4 = KSetup.cramOnline()
    static let rows: [Row] = [
        Row(name: "build_zonelists (v4 04/27): FALLBACK(0) excludes N_MEMORY_PRIVATE node 1",
            design: .v4, mutant: nil, setup: v4, preferred: 0, zone: 1, fallback: false, noFallback: false),
        Row(name: "build_zonelists (v4 04/27): FALLBACK(0) starts with node 0",
            design: .v4, mutant: nil, setup: v4, preferred: 0, zone: 0, fallback: true, noFallback: true),
        Row(name: "build_zonelists (v4 04/27): FALLBACK(1) of the private node contains itself",
            design: .v4, mutant: nil, setup: v4, preferred: 1, zone: 1, fallback: true, noFallback: true),
        Row(name: "build_zonelists (v4 04/27): FALLBACK(1) then N_MEMORY node 0",
            design: .v4, mutant: nil, setup: v4, preferred: 1, zone: 0, fallback: true, noFallback: false),
        Row(name: "build_zonelists (v4 04/27): an unpopulated private node is in no list",
            design: .v4, mutant: nil, setup: [.register(nid: 1, owner: 1)], preferred: 1, zone: 1, fallback: false,
            noFallback: false),
        Row(name: "mutant private-in-fallback: FALLBACK(0) contains N_MEMORY_PRIVATE node 1",
            design: .v4, mutant: .privateInFallback, setup: v4, preferred: 0, zone: 1, fallback: true, noFallback: false),
        Row(name: "build_zonelists (v3, upstream): FALLBACK(1) excludes the N_PRIVATE node itself (not N_MEMORY)",
            design: .v3, mutant: nil, setup: KSetup.v3Online, preferred: 1, zone: 1, fallback: false, noFallback: true),
        Row(name: "build_zonelists (v3, upstream): FALLBACK(0) excludes the N_PRIVATE node",
            design: .v3, mutant: nil, setup: KSetup.v3Online, preferred: 0, zone: 1, fallback: false, noFallback: false),
        Row(name: "build_zonelists (v3, upstream): FALLBACK(1) contains N_MEMORY node 0",
            design: .v3, mutant: nil, setup: KSetup.v3Online, preferred: 1, zone: 0, fallback: true, noFallback: false),
    ]
}

@Test(arguments: ZonelistTable.rows)
func zonelists(_ row: ZonelistTable.Row) throws {
    let model = try Model(scope: kScope(design: row.design), design: row.design, mutant: row.mutant)
    let (s, _, ok) = kRun(model, row.setup)
    guard ok else { return }
    let a = ConcreteAlgebra()
    #expect(model.inFallbackList(s, preferred: row.preferred, zone: row.zone, a) == row.fallback)
    if let nf = row.noFallback {
        #expect(model.inNoFallbackList(s, preferred: row.preferred, zone: row.zone, a) == nf)
    }
}
