import MemoryModel

/// `privcheck show --format svg`: the trace as a timeline. The x axis is
/// the step (0 is the initial state). On top, one lane per execution context
/// the trace runs in, each step a box in its lane; below, per node its pages
/// in use against its pages, and per compressed device its real usage
/// against `real_capacity` (red dashed), a point above the line marked red:
/// an overcommit shows at a glance.
///
/// Output is a standalone SVG 1.1 document, the same bytes for the same
/// trace: integer coordinates, no dates. Elements carry `class` and `data-*`
/// attributes (`lane`/`data-context`, `step`/`data-step`, `capacity`/
/// `data-capacity`, `over`) so tests and tools can read the picture.
public struct ShowSVG {
    public let trace: ShowTrace

    public init(_ trace: ShowTrace) {
        self.trace = trace
    }

    // Layout, in pixels.
    static let left = 96, right = 24
    static let titleCharWidth = 9
    static let laneHeight = 34, boxHeight = 24
    static let charWidth = 6
    static let chartHeight = 96, plotHeight = 56, chartGap = 14
    // Colours: red marks what is wrong (over capacity, the failing step).
    static let overColor = "#d62728", deviceColor = "#d62728", usageColor = "#1f77b4", nodeCapacityColor = "#7f7f7f"
    static let stepFill = "#e8eef7", stepStroke = "#4a6fa5", background = "#ffffff", laneShade = "#f7f7f7"
    static let rule = "#dddddd", ink = "#000000"

    /// The width of one step's column: the longest label, within bounds.
    var column: Int {
        let longest = trace.steps.map(\.family.count).max() ?? 0
        return min(168, max(80, longest * Self.charWidth + 16))
    }

    /// The x of column `k`'s centre (k = 0 is the initial state).
    func x(_ k: Int) -> Int { Self.left + k * column + column / 2 }

    /// Wide enough for every column, and for the title and the lines under it.
    var width: Int {
        let columns = Self.left + (trace.steps.count + 1) * column + Self.right
        let text = max(title.count * Self.titleCharWidth, (subtitles.map(\.count).max() ?? 0) * Self.charWidth) + 16
        return max(columns, text)
    }

    /// What the picture shows, on its first line.
    var title: String {
        "\(trace.property.name) (\(trace.property.kind.rawValue)): design \(trace.model.design.rawValue)"
            + (trace.model.mutant.map { ", mutant \($0.rawValue)" } ?? "") + ", scope \(trace.scopeName)"
    }

    /// Under the title: what the replay found and why it fails.
    var subtitles: [String] { [trace.headline] + (trace.explanation.map { [$0.line] } ?? []) }

    /// The top of the first lane, under the title and subtitles.
    var top: Int { 30 + subtitles.count * 16 + 8 }
    var lanesBottom: Int { top + trace.lanes.count * Self.laneHeight }
    var chartsTop: Int { lanesBottom + 28 }
    var chartCount: Int { trace.initial.nodes.count + trace.initial.devices.count }
    var height: Int { chartsTop + chartCount * (Self.chartHeight + Self.chartGap) }

    public func render() -> String {
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\#(width)" height="\#(height)" "#
                + #"viewBox="0 0 \#(width) \#(height)" font-family="monospace" font-size="10">"#,
            #"<rect x="0" y="0" width="\#(width)" height="\#(height)" fill="\#(Self.background)"/>"#,
        ]
        out += header()
        out += lanes()
        out += axis()
        var y = chartsTop
        for node in trace.initial.nodes.indices {
            out += chart(top: y, series: "used_pages", nid: trace.initial.nodes[node].nid,
                         title: "node \(trace.initial.nodes[node].nid) (\(trace.initial.nodes[node].kind)): pages in use of \(trace.initial.nodes[node].totalPages)",
                         capacity: trace.initial.nodes[node].totalPages, capacityColor: Self.nodeCapacityColor,
                         values: usages.map { $0.nodes[node].usedPages })
            y += Self.chartHeight + Self.chartGap
        }
        for device in trace.initial.devices.indices {
            let d = trace.initial.devices[device]
            out += chart(top: y, series: "real_used", nid: d.nid,
                         title: "node \(d.nid) \(d.memtype) device: real units in use, real_capacity \(d.realCapacity)",
                         capacity: d.realCapacity, capacityColor: Self.deviceColor,
                         values: usages.map { $0.devices[device].realUsed })
            y += Self.chartHeight + Self.chartGap
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Memory use at step 0 (initial) and after each step.
    var usages: [MemoryUsage] { [trace.initial] + trace.steps.map(\.usage) }

    func header() -> [String] {
        [#"<text x="8" y="20" font-size="14" font-weight="bold">\#(Self.escape(title))</text>"#]
            + subtitles.enumerated().map { i, line in #"<text x="8" y="\#(38 + i * 16)">\#(Self.escape(line))</text>"# }
    }

    func lanes() -> [String] {
        var out: [String] = []
        for (i, lane) in trace.lanes.enumerated() {
            let y = top + i * Self.laneHeight
            out.append(#"<g class="lane" data-context="\#(Self.escape(lane))">"#)
            out.append(#"<rect x="\#(Self.left)" y="\#(y)" width="\#(width - Self.left - Self.right)" height="\#(Self.laneHeight)" fill="\#(i % 2 == 0 ? Self.laneShade : Self.background)"/>"#)
            out.append(#"<text x="8" y="\#(y + Self.laneHeight / 2 + 4)">\#(Self.escape(lane))</text>"#)
            for step in trace.steps where step.lane == lane { out += box(step, laneTop: y) }
            out.append("</g>")
        }
        return out
    }

    /// A step's box: the family as its label, the whole call in the tooltip.
    func box(_ step: ShowStep, laneTop: Int) -> [String] {
        let failing = trace.outcome == .fails(step: step.number)
        let width = column - 8
        let fits = (width - 8) / Self.charWidth
        let label = step.family.count <= fits ? step.family : String(step.family.prefix(max(1, fits - 1))) + "…"
        let y = laneTop + (Self.laneHeight - Self.boxHeight) / 2
        return [
            #"<g class="step" data-step="\#(step.number)" data-context="\#(Self.escape(step.lane))"\#(failing ? #" data-failing="true""# : "")>"#,
            "<title>\(step.number). \(Self.escape(step.call)) = \(Self.escape(step.result))</title>",
            #"<rect x="\#(x(step.number) - width / 2)" y="\#(y)" width="\#(width)" height="\#(Self.boxHeight)" rx="3" "#
                + #"fill="\#(Self.stepFill)" stroke="\#(failing ? Self.overColor : Self.stepStroke)" stroke-width="\#(failing ? 2 : 1)"/>"#,
            #"<text x="\#(x(step.number))" y="\#(y + Self.boxHeight / 2 + 4)" text-anchor="middle">\#(Self.escape(label))</text>"#,
            "</g>",
        ]
    }

    /// Step numbers under the lanes, and a light rule through each column.
    func axis() -> [String] {
        var out = [#"<g class="axis">"#]
        for k in 0...trace.steps.count {
            out.append(#"<line x1="\#(x(k))" y1="\#(top)" x2="\#(x(k))" y2="\#(height - 8)" stroke="\#(Self.rule)"/>"#)
            out.append(#"<text x="\#(x(k))" y="\#(lanesBottom + 16)" text-anchor="middle">\#(k == 0 ? "start" : "step \(k)")</text>"#)
        }
        out.append("</g>")
        return out
    }

    /// A step chart of `values` (one per column) against a dashed `capacity`.
    func chart(top: Int, series: String, nid: Int, title: String, capacity: Int, capacityColor: String,
               values: [Int]) -> [String] {
        let plotBottom = top + 20 + Self.plotHeight
        let scale = max(capacity, values.max() ?? 0, 1)
        // Headroom above the highest value, so a point over capacity sits visibly above the line.
        let yMax = scale + max(1, scale / 4)
        func y(_ v: Int) -> Int { plotBottom - (v * Self.plotHeight + yMax / 2) / yMax }

        var out = [
            #"<g class="chart" data-series="\#(series)" data-nid="\#(nid)">"#,
            #"<text x="8" y="\#(top + 12)">\#(Self.escape(title))</text>"#,
            #"<line x1="\#(Self.left)" y1="\#(plotBottom)" x2="\#(width - Self.right)" y2="\#(plotBottom)" stroke="\#(Self.ink)"/>"#,
            #"<text x="\#(Self.left - 6)" y="\#(plotBottom + 4)" text-anchor="end">0</text>"#,
            #"<text x="\#(Self.left - 6)" y="\#(y(capacity) + 4)" text-anchor="end">\#(capacity)</text>"#,
            #"<line class="capacity" data-capacity="\#(capacity)" x1="\#(Self.left)" y1="\#(y(capacity))" x2="\#(width - Self.right)" "#
                + #"y2="\#(y(capacity))" stroke="\#(capacityColor)" stroke-dasharray="6 4"/>"#,
        ]
        var path = "M \(x(0)) \(y(values.first ?? 0))"
        for (k, v) in values.enumerated().dropFirst() { path += " H \(x(k)) V \(y(v))" }
        out.append(#"<path d="\#(path)" fill="none" stroke="\#(Self.usageColor)" stroke-width="2"/>"#)
        for (k, v) in values.enumerated() {
            let over = v > capacity
            out.append(#"<circle class="\#(over ? "over" : "usage")" data-step="\#(k)" data-value="\#(v)" cx="\#(x(k))" cy="\#(y(v))" "#
                       + #"r="\#(over ? 5 : 3)" fill="\#(over ? Self.overColor : Self.usageColor)"><title>\#(k == 0 ? "start" : "step \(k)"): \#(v)</title></circle>"#)
            if over {
                out.append(#"<text x="\#(x(k) + 8)" y="\#(y(v) - 6)" fill="\#(Self.overColor)">\#(v) &gt; \#(capacity)</text>"#)
            }
        }
        out.append("</g>")
        return out
    }

    /// Text and attribute values with XML's special characters escaped.
    static func escape(_ text: String) -> String { XML.escape(text) }
}
