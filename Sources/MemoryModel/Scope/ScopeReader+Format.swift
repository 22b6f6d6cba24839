import Foundation
import Yams

// MARK: - The scope format

extension ScopeReader {
    static let topKeys = [
        "summary", "nodes", "folios", "tasks", "callers", "compressed_sizes", "page_units", "pressure_values",
        "set_ops_choices", "cpusets_enabled", "flush_buffer", "exclude_actions", "depth",
    ]
    static let nodeKeys = ["kind", "blocks", "pages_per_block", "watermarks", "distance_order", "device"]
    static let watermarkKeys = ["min", "low", "high"]
    static let deviceKeys = ["memtype", "ops", "real_capacity", "low_threshold", "high_threshold"]
    static let taskKeys = ["cpu_node", "cpuset", "hardwall", "mempolicy", "policies"]
    static let mempolicyKeys = ["mode", "nodes"]
    static let callerKeys = ["caller", "gfp", "nid"]

    /// Parses and checks the whole file.
    func read(name: String) throws(ScopeError) -> Scope {
        let root: Node
        do {
            let parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            guard let node = try parser.singleRoot() else {
                // No line to show: the file is empty or holds only comments.
                throw ScopeError(file: file, line: 1, column: 1, message: "the scope file is empty",
                                 hint: "a scope needs at least 'nodes' and 'folios'")
            }
            // A document that is only `---` is as empty as an empty file.
            if case .scalar(let scalar) = node, tagName(node) == .null, scalar.string.isEmpty {
                throw ScopeError(file: file, line: 1, column: 1, message: "the scope file is empty",
                                 hint: "a scope needs at least 'nodes' and 'folios'")
            }
            root = node
        } catch let scopeError as ScopeError {
            throw scopeError
        } catch {
            throw self.error(from: error)
        }
        guard case .mapping = root else {
            throw error(root, "a scope file must be a mapping of keys, found \(describe(root))",
                        hint: "start with 'nodes:' and 'folios:' at the left margin")
        }
        let top = try fields(root, "the scope", keys: Self.topKeys)

        let nodesNode = try require(top, "nodes", "the scope", hint: "add 'nodes:', a list of nodes (nid 0 first)")
        let nodeList = try list(nodesNode, "'nodes'")
        guard !nodeList.isEmpty else {
            throw error(nodesNode, "a scope needs at least one node")
        }
        if nodeList.count > Scope.maxNodes {
            throw error(nodeList[Scope.maxNodes], "too many nodes: \(nodeList.count), at most \(Scope.maxNodes)",
                        hint: "the engine's fixed-width state holds \(Scope.maxNodes) nodes (Scope.maxNodes)")
        }
        var nodes: [NodeConfig] = []
        for (nid, element) in nodeList.enumerated() {
            nodes.append(try readNode(element, nid: nid, nodeCount: nodeList.count))
        }
        guard nodes.contains(where: { $0.kind == .dram }) else {
            throw error(nodesNode, "a scope needs at least one dram node",
                        hint: "CPUs and tasks live on dram nodes; private nodes have none")
        }

        let folios = try int(
            try require(top, "folios", "the scope", hint: "add 'folios: 2', the number of folio slots"),
            "'folios'", 1...Scope.maxFolios,
            hint: "the engine's fixed-width state holds \(Scope.maxFolios) folio slots (Scope.maxFolios)")

        var tasks: [TaskConfig] = []
        if let tasksNode = top["tasks"] {
            let taskList = try list(tasksNode, "'tasks'")
            if taskList.count > Scope.maxTasks {
                throw error(taskList[Scope.maxTasks], "too many tasks: \(taskList.count), at most \(Scope.maxTasks)",
                            hint: "the engine's fixed-width state holds \(Scope.maxTasks) tasks (Scope.maxTasks)")
            }
            for (index, element) in taskList.enumerated() {
                tasks.append(try readTask(element, index: index, nodes: nodes))
            }
        }

        var callers: [CallerConfig] = []
        if let callersNode = top["callers"] {
            for (index, element) in try list(callersNode, "'callers'").enumerated() {
                callers.append(try readCaller(element, index: index, nodeCount: nodes.count))
            }
        }

        var scope = Scope(name: name, nodes: nodes, folios: folios, tasks: tasks, callers: callers)
        if let node = top["summary"] {
            guard case .scalar(let scalar) = node, tagName(node) != .null else {
                throw typeError(node, expected: "a one-line description", "for 'summary'")
            }
            scope.summary = scalar.string
        }
        if let node = top["page_units"] {
            scope.pageUnits = try int(node, "'page_units'", 1...Int.max)
        }
        if let node = top["compressed_sizes"] {
            let elements = try list(node, "'compressed_sizes'")
            guard !elements.isEmpty else {
                throw error(node, "'compressed_sizes' is empty",
                            hint: "list the sizes a page may compress to, e.g. [1, \(scope.pageUnits)]")
            }
            var sizes: [Int] = []
            for element in elements {
                let size = try int(element, "a compressed size", 1...scope.pageUnits,
                                   hint: "an uncompressed page is page_units = \(scope.pageUnits) units")
                if sizes.contains(size) {
                    throw error(element, "'compressed_sizes' lists \(size) twice")
                }
                sizes.append(size)
            }
            scope.compressedSizes = sizes
        }
        if let node = top["pressure_values"] {
            scope.pressureValues = try list(node, "'pressure_values'").map { (element) throws(ScopeError) in
                try int(element, "a pressure value", 0...CRAM.CRAM_PRESSURE_MAX,
                        hint: "cram_set_pressure takes 0 to CRAM_PRESSURE_MAX (\(CRAM.CRAM_PRESSURE_MAX))")
            }
        }
        if let node = top["set_ops_choices"] {
            scope.setOpsChoices = try list(node, "'set_ops_choices'").map { (element) throws(ScopeError) in
                try npOps(element, "a set_ops choice")
            }
        }
        if let node = top["cpusets_enabled"] {
            scope.cpusetsEnabled = try bool(node, "'cpusets_enabled'")
        }
        if let node = top["flush_buffer"] {
            scope.flushBuffer = try int(node, "'flush_buffer'", 0...Int.max)
        }
        if let node = top["exclude_actions"] {
            scope.excludedActions = try list(node, "'exclude_actions'").map { (element) throws(ScopeError) in
                try string(element, "an action family in 'exclude_actions'")
            }
        }
        if let node = top["depth"] {
            scope.depth = try int(node, "'depth'", 1...Int.max)
        }
        return scope
    }

    func readNode(_ node: Node, nid: Int, nodeCount: Int) throws(ScopeError) -> NodeConfig {
        let what = "node \(nid)"
        let keys = try fields(node, what, keys: Self.nodeKeys)
        let kindName = try name(
            try require(keys, "kind", what, hint: "add 'kind: dram' or 'kind: private'"),
            "node kind", in: NodeConfig.Kind.allCases.map(\.rawValue))
        let kind = NodeConfig.Kind(rawValue: kindName) ?? .dram
        let blocks = try keys["blocks"].map { (value) throws(ScopeError) in
            try int(value, "'blocks'", 1...Scope.maxBlocks,
                    hint: "the engine's fixed-width state holds \(Scope.maxBlocks) memory blocks per node "
                        + "(Scope.maxBlocks)")
        } ?? 1
        let pagesPerBlock = try int(
            try require(keys, "pages_per_block", what, hint: "add 'pages_per_block: 2'"),
            "'pages_per_block'", 1...Int.max)
        var config = NodeConfig(kind: kind, blocks: blocks, pagesPerBlock: pagesPerBlock)
        if let value = keys["watermarks"] {
            config.watermarks = try readWatermarks(value, what, pages: config.pages)
        }
        if let value = keys["distance_order"] {
            let order = "the distance_order of \(what)"
            for element in try list(value, order) where integerValue(element) == nid {
                throw error(element, "\(order) lists \(what) itself", hint: "list the other nodes, nearest first")
            }
            config.distanceOrder = try nids(value, order, nodeCount: nodeCount)
            if let missing = (0..<nodeCount).first(where: { $0 != nid && !config.distanceOrder.contains($0) }) {
                throw error(value, "\(order) leaves out node \(missing)", hint: "list every other node, nearest first")
            }
        }
        switch (kind, keys["device"]) {
        case (.dram, .some):
            throw error(keys.keyNode("device") ?? node, "dram \(what) cannot have a device",
                        hint: "only private nodes have a device; did you mean 'kind: private'?")
        case (.private, .none):
            throw error(node, "private \(what) has no 'device'",
                        hint: "add a 'device:' with a 'memtype:' (cram, zswap, accelerator or demote-only) "
                            + "and its 'ops:'")
        case (.private, .some(let value)):
            config.device = try readDevice(value, "the device of \(what)")
        case (.dram, .none):
            break
        }
        return config
    }

    func readWatermarks(_ node: Node, _ what: String, pages: Int) throws(ScopeError) -> Watermarks {
        let keys = try fields(node, "the watermarks of \(what)", keys: Self.watermarkKeys)
        var marks = Watermarks()
        var previous: (name: String, value: Int)?
        // Checked in order, so the message names the first mark out of order.
        for key in Self.watermarkKeys {
            guard let value = keys[key] else { continue }
            let mark = try int(value, "the \(key) watermark", 0...pages,
                               hint: "\(what) has \(pages) page\(pages == 1 ? "" : "s")")
            if let previous, mark < previous.value {
                throw error(value, "the \(key) watermark (\(mark)) is below the \(previous.name) watermark "
                            + "(\(previous.value))", hint: "zone watermarks satisfy min <= low <= high")
            }
            switch key {
            case "min": marks.min = mark
            case "low": marks.low = mark
            default: marks.high = mark
            }
            previous = (key, mark)
        }
        // An omitted mark defaults to 0, which can still break the order.
        if marks.low < marks.min || marks.high < marks.low {
            throw error(node, "the watermarks of \(what) are out of order: min \(marks.min), low \(marks.low), "
                        + "high \(marks.high)", hint: "zone watermarks satisfy min <= low <= high")
        }
        return marks
    }

    func readDevice(_ node: Node, _ what: String) throws(ScopeError) -> PrivateDevice {
        let keys = try fields(node, what, keys: Self.deviceKeys)
        let memtypeName = try name(
            try require(keys, "memtype", what, hint: "add 'memtype: cram' (cram, zswap, accelerator, demote-only)"),
            "memtype", in: PrivateDevice.Memtype.allCases.map(\.rawValue))
        let memtype = PrivateDevice.Memtype(rawValue: memtypeName) ?? .accelerator
        var device = PrivateDevice(memtype: memtype)
        if let value = keys["ops"] {
            device.ops = try npOps(value, "the ops of \(what)")
        }
        if let value = keys["real_capacity"] {
            device.realCapacity = try int(value, "'real_capacity'", 1...Int.max)
        } else if memtype == .cram || memtype == .zswap {
            throw error(node, "a \(memtype.rawValue) device needs 'real_capacity'",
                        hint: "real_capacity is the device's real size, in the units of compressed_sizes")
        }
        if let value = keys["low_threshold"] {
            guard let capacity = device.realCapacity else {
                throw error(keys.keyNode("low_threshold") ?? value, "'low_threshold' needs 'real_capacity'",
                            hint: "the thresholds watch the real usage of a compressed device")
            }
            device.lowThreshold = try int(value, "'low_threshold'", 1...capacity,
                                          hint: "lthresh must fire by the time the device is full "
                                              + "(real_capacity = \(capacity))")
        }
        if let value = keys["high_threshold"] {
            guard let low = device.lowThreshold else {
                throw error(keys.keyNode("high_threshold") ?? value, "'high_threshold' needs 'low_threshold'",
                            hint: "the device raises hthresh when usage falls back below lthresh")
            }
            device.highThreshold = try int(value, "'high_threshold'", 0...(low - 1),
                                           hint: "hthresh fires when real usage falls back to high_threshold, "
                                               + "which is below low_threshold (\(low))")
        }
        return device
    }

    func readTask(_ node: Node, index: Int, nodes: [NodeConfig]) throws(ScopeError) -> TaskConfig {
        let what = "task \(index)"
        let keys = try fields(node, what, keys: Self.taskKeys)
        var task = TaskConfig()
        let cpuNodeValue = keys["cpu_node"]
        if let value = cpuNodeValue {
            task.cpuNode = try nid(value, "the cpu_node of \(what)", nodeCount: nodes.count)
        }
        if nodes[task.cpuNode].kind != .dram {
            let dram = nodes.indices.filter { nodes[$0].kind == .dram }.map(String.init).joined(separator: ", ")
            let defaulted = cpuNodeValue == nil ? " (cpu_node defaults to 0)" : ""
            throw error(cpuNodeValue ?? node, "\(what) runs on node \(task.cpuNode)\(defaulted), a private node",
                        hint: "private nodes have no CPUs; cpu_node must be a dram node (\(dram))")
        }
        if let value = keys["cpuset"] {
            let mems = try nids(value, "the cpuset of \(what)", nodeCount: nodes.count)
            if mems.isEmpty {
                throw error(value, "the cpuset of \(what) is empty",
                            hint: "leave 'cpuset' out for the top cpuset (every node)")
            }
            task.cpuset = mems
        }
        if let value = keys["hardwall"] {
            task.hardwall = try bool(value, "'hardwall'")
        }
        if let value = keys["mempolicy"] {
            task.mempolicy = try readMempolicy(value, "the mempolicy of \(what)", nodeCount: nodes.count)
        }
        if let value = keys["policies"] {
            for (number, element) in try list(value, "'policies'").enumerated() {
                task.policies.append(
                    try readMempolicy(element, "policy \(number) of \(what)", nodeCount: nodes.count))
            }
        }
        return task
    }

    func readMempolicy(_ node: Node, _ what: String, nodeCount: Int) throws(ScopeError) -> MempolicyConfig {
        let keys = try fields(node, what, keys: Self.mempolicyKeys)
        var policy = MempolicyConfig()
        if let value = keys["mode"] {
            let mode = try name(value, "mempolicy mode", in: MPOL.modeNames)
            policy.mode = MPOL.modeNames.firstIndex(of: mode) ?? MPOL.MPOL_DEFAULT
        }
        let modeName = MPOL.modeNames[safe: policy.mode] ?? "MPOL_DEFAULT"
        if let value = keys["nodes"] {
            policy.nodes = try nids(value, "the nodes of \(what)", nodeCount: nodeCount)
        }
        let place = keys["nodes"] ?? node
        switch policy.mode {
        case MPOL.MPOL_DEFAULT where !policy.nodes.isEmpty:
            throw error(place, "MPOL_DEFAULT takes no nodes", hint: "remove 'nodes' or pick another mode")
        case MPOL.MPOL_PREFERRED where policy.nodes.count != 1:
            throw error(place, "MPOL_PREFERRED takes exactly one node, found \(policy.nodes.count)")
        case MPOL.MPOL_BIND, MPOL.MPOL_INTERLEAVE:
            if policy.nodes.isEmpty {
                throw error(place, "\(modeName) needs at least one node", hint: "add 'nodes: [0]'")
            }
        default:
            break
        }
        return policy
    }

    func readCaller(_ node: Node, index: Int, nodeCount: Int) throws(ScopeError) -> CallerConfig {
        let names = Caller.allCases.map(\.rawValue)
        if case .scalar = node {
            let caller = Caller(rawValue: try name(node, "caller", in: names)) ?? .kmalloc
            return CallerConfig(caller)
        }
        let what = "caller \(index)"
        let keys = try fields(node, what, keys: Self.callerKeys)
        let callerNode = try require(keys, "caller", what, hint: "add 'caller: kmalloc_node'")
        let caller = Caller(rawValue: try name(callerNode, "caller", in: names)) ?? .kmalloc
        var config = CallerConfig(caller)
        if let value = keys["gfp"] {
            switch caller {
            case .pageFault, .privateService, .zswapStore:
                throw error(value, "\(caller.rawValue) always uses \(GFP.describe(caller.defaultGFP))",
                            hint: "remove 'gfp'; kmalloc, kmalloc_node and alloc_pages_node take a gfp mask")
            case .kmalloc, .kmallocNode, .allocPagesNode:
                config.gfp = try gfp(value, what)
            }
        }
        if let value = keys["nid"] {
            guard caller.takesNid else {
                let hint = caller == .kmalloc ? "kmalloc_node allocates on a given node"
                    : "\(caller.rawValue) allocates under the task's mempolicy"
                throw error(keys.keyNode("nid") ?? value, "\(caller.rawValue) takes no nid", hint: hint)
            }
            config.nid = try nid(value, "the nid of \(what)", nodeCount: nodeCount)
        }
        return config
    }
}

extension Array {
    /// The element at `index`, or nil when it is out of bounds.
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
