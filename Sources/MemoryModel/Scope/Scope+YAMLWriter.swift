import Foundation
import Yams

// MARK: - Writing

extension Scope {
    /// The scope in the YAML scope format, such that loading it back gives
    /// this scope again (under the same name: the name is the file's, not
    /// part of the text).
    ///
    /// Every key is written, defaults included, so the text shows the whole
    /// configuration the explorer will run.
    public func yaml() -> String {
        var out: [String] = []
        if !summary.isEmpty { out.append("summary: " + yamlQuoted(summary)) }
        out.append("nodes:")
        for node in nodes {
            out.append("  - kind: \(node.kind.rawValue)")
            out.append("    blocks: \(node.blocks)")
            out.append("    pages_per_block: \(node.pagesPerBlock)")
            let marks = node.watermarks
            out.append("    watermarks: {min: \(marks.min), low: \(marks.low), high: \(marks.high)}")
            if !node.distanceOrder.isEmpty {
                out.append("    distance_order: " + flowList(node.distanceOrder.map(String.init)))
            }
            if let device = node.device {
                out.append("    device:")
                out.append("      memtype: \(device.memtype.rawValue)")
                out.append("      ops: " + npOpsText(device.ops))
                if let value = device.realCapacity { out.append("      real_capacity: \(value)") }
                if let value = device.lowThreshold { out.append("      low_threshold: \(value)") }
                if let value = device.highThreshold { out.append("      high_threshold: \(value)") }
            }
        }
        out.append("folios: \(folios)")
        if tasks.isEmpty {
            out.append("tasks: []")
        } else {
            out.append("tasks:")
            for task in tasks {
                out.append("  - cpu_node: \(task.cpuNode)")
                if let cpuset = task.cpuset { out.append("    cpuset: " + flowList(cpuset.map(String.init))) }
                out.append("    hardwall: \(task.hardwall)")
                out.append("    mempolicy: " + mempolicyText(task.mempolicy))
                if task.policies.isEmpty {
                    out.append("    policies: []")
                } else {
                    out.append("    policies:")
                    for policy in task.policies { out.append("      - " + mempolicyText(policy)) }
                }
            }
        }
        if callers.isEmpty {
            out.append("callers: []")
        } else {
            out.append("callers:")
            for caller in callers { out.append("  - " + callerText(caller)) }
        }
        out.append("compressed_sizes: " + flowList(compressedSizes.map(String.init)))
        out.append("page_units: \(pageUnits)")
        out.append("pressure_values: " + flowList(pressureValues.map(String.init)))
        if setOpsChoices.isEmpty {
            out.append("set_ops_choices: []")
        } else {
            out.append("set_ops_choices:")
            for choice in setOpsChoices { out.append("  - " + npOpsChoiceText(choice)) }
        }
        out.append("cpusets_enabled: \(cpusetsEnabled)")
        out.append("flush_buffer: \(flushBuffer)")
        out.append("exclude_actions: " + flowList(excludedActions.map(yamlQuoted)))
        out.append("depth: \(depth)")
        return out.joined(separator: "\n") + "\n"
    }
}

private func flowList(_ items: [String]) -> String {
    "[" + items.joined(separator: ", ") + "]"
}

/// NP_OPS flags as a list of names, or a number if some bit has no name.
private func npOpsText(_ flags: UInt32) -> String {
    let singles = NPOps.names.filter { $0.value.nonzeroBitCount == 1 }
    let named = singles.reduce(UInt32(0)) { $0 | $1.value }
    if flags & ~named != 0 { return "0x" + String(flags, radix: 16) }
    return flowList(singles.filter { flags & $0.value != 0 }.map(\.name))
}

/// One set_ops choice as the `A|B` string the format documents.
private func npOpsChoiceText(_ flags: UInt32) -> String {
    let text = npOpsText(flags)
    guard text.hasPrefix("[") else { return text }
    return flags == 0 ? "[]" : yamlQuoted(NPOps.describe(flags))
}

private func mempolicyText(_ policy: MempolicyConfig) -> String {
    let mode = MPOL.modeNames.indices.contains(policy.mode) ? MPOL.modeNames[policy.mode] : String(policy.mode)
    if policy.nodes.isEmpty { return "{mode: \(mode)}" }
    return "{mode: \(mode), nodes: " + flowList(policy.nodes.map(String.init)) + "}"
}

private func callerText(_ caller: CallerConfig) -> String {
    if caller.gfp == nil && caller.nid == nil { return caller.caller.rawValue }
    var parts = ["caller: " + caller.caller.rawValue]
    if let gfp = caller.gfp { parts.append("gfp: " + yamlQuoted(GFP.describe(gfp))) }
    if let nid = caller.nid { parts.append("nid: \(nid)") }
    return "{" + parts.joined(separator: ", ") + "}"
}

/// A YAML double-quoted string: always read back as this exact string.
private func yamlQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
