import Foundation
import MemoryModel

/// `privcheck show --format json`: the same facts as the text, for tools.
/// Keys are sorted and snake_case, so equal traces give equal files.
extension ShowTrace {
    public func json() -> String {
        guard let data = JSON.encode(Document(self)), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }

    /// The JSON form's shape; `outcome` is `fails`, `holds` or `diverges`, at
    /// `outcome_step` (absent for `holds`).
    struct Document: Encodable {
        var design: String
        var mutant: String?
        var scope: String
        var property: String
        var kind: String
        var summary: String
        var outcome: String
        var outcomeStep: Int?
        var initial: Usage
        var steps: [StepEntry]
        var explanation: [String]

        enum CodingKeys: String, CodingKey {
            case design, mutant, scope, property, kind, summary, outcome, initial, steps, explanation
            case outcomeStep = "outcome_step"
        }

        init(_ trace: ShowTrace) {
            design = trace.model.design.rawValue
            mutant = trace.model.mutant?.rawValue
            scope = trace.scopeName
            property = trace.property.name
            kind = trace.property.kind.rawValue
            summary = trace.property.summaryLine
            switch trace.outcome {
            case .fails(let step): (outcome, outcomeStep) = ("fails", step)
            case .holds: (outcome, outcomeStep) = ("holds", nil)
            case .diverges(let step): (outcome, outcomeStep) = ("diverges", step)
            }
            initial = Usage(trace.initial)
            steps = trace.steps.map(StepEntry.init)
            explanation = trace.explanationLines
        }
    }

    struct StepEntry: Encodable {
        var step: Int
        var call: String
        var family: String
        var result: String
        /// `task0`, `kswapd`, `hotplug`, `irq`, or `none`.
        var context: String
        var changes: [FieldChange]
        var usage: Usage

        init(_ step: ShowStep) {
            self.step = step.number
            call = step.call
            family = step.family
            result = step.result
            context = step.context.map(Context.name) ?? "none"
            changes = step.changes
            usage = Usage(step.usage)
        }
    }

    struct Usage: Encodable {
        var nodes: [Node]
        var devices: [Device]

        struct Node: Encodable {
            var nid: Int
            var kind: String
            var usedPages: Int
            var totalPages: Int
            enum CodingKeys: String, CodingKey {
                case nid, kind
                case usedPages = "used_pages", totalPages = "total_pages"
            }
        }

        struct Device: Encodable {
            var nid: Int
            var memtype: String
            var realUsed: Int
            var realCapacity: Int
            enum CodingKeys: String, CodingKey {
                case nid, memtype
                case realUsed = "real_used", realCapacity = "real_capacity"
            }
        }

        init(_ usage: MemoryUsage) {
            nodes = usage.nodes.map { Node(nid: $0.nid, kind: $0.kind, usedPages: $0.usedPages, totalPages: $0.totalPages) }
            devices = usage.devices.map { Device(nid: $0.nid, memtype: $0.memtype, realUsed: $0.realUsed, realCapacity: $0.realCapacity) }
        }
    }
}
