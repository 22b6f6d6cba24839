@testable import MemoryModel

/// Scopes built in Swift, so the engine's tests do not depend on the YAML
/// loader: one DRAM node (nid 0) and one private node (nid 1).
enum Fixtures {
    static func scope(
        memtype: PrivateDevice.Memtype = .cram,
        ops: UInt32 = NPOps.NP_OPS_MIGRATION | NPOps.NP_OPS_DEMOTION | NPOps.NP_OPS_PROTECT_WRITE | NPOps.NP_OPS_RECLAIM,
        privateBlocks: Int = 2, folios: Int = 3, cpuset: [Int]? = [0, 1],
        policies: [MempolicyConfig] = [.init(mode: MPOL.MPOL_BIND, nodes: [1])],
        callers: [CallerConfig]? = nil, realCapacity: Int? = 4
    ) -> Scope {
        let compressed = memtype == .cram || memtype == .zswap
        return Scope(
            name: "fixture",
            nodes: [
                NodeConfig(kind: .dram, pagesPerBlock: 3, watermarks: .init(min: 0, low: 0, high: 1)),
                NodeConfig(kind: .private, blocks: privateBlocks, pagesPerBlock: 1,
                           device: PrivateDevice(memtype: memtype, ops: ops,
                                                 realCapacity: compressed ? realCapacity : nil,
                                                 lowThreshold: compressed ? 3 : nil, highThreshold: compressed ? 1 : nil)),
            ],
            folios: folios,
            tasks: [TaskConfig(cpuNode: 0, cpuset: cpuset, policies: policies)],
            callers: callers ?? [
                CallerConfig(.pageFault), CallerConfig(.kmalloc), CallerConfig(.kmallocNode, nid: 1),
                CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL, nid: 1),
                CallerConfig(.allocPagesNode, gfp: GFP.GFP_KERNEL | GFP.__GFP_THISNODE, nid: 1),
                CallerConfig(.privateService, nid: 1),
            ]
        )
    }
}
