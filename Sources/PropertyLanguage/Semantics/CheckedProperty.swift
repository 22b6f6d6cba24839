import MemoryModel

/// A property resolved against the engine and one design: ready to evaluate
/// on concrete states and to encode for Z3.
public struct CheckedProperty: Sendable {
    /// The syntax it was checked from.
    public let file: PropertyFile
    public let design: Design
    /// The body, every name resolved.
    public let body: BoolTerm
    /// Whether the property reads the same on states that differ only by
    /// renaming folio slots, tasks or like nodes: it names none of them by a
    /// constant (`node[1]`, `f.nid == 1`). The explorer's symmetry reduction
    /// is sound only for symmetric properties.
    public let symmetric: Bool

    /// The kind the body is read as (the file's, but for derived properties
    /// such as an invariant's antecedent, checked as `reachable`).
    public let kind: PropertyKind

    init(file: PropertyFile, design: Design, body: BoolTerm, symmetric: Bool, kindOverride: PropertyKind? = nil) {
        self.file = file
        self.design = design
        self.body = body
        self.symmetric = symmetric
        self.kind = kindOverride ?? file.kind
    }

    public var name: String { file.name }
    /// The English statement's first sentence.
    public var summaryLine: String { file.firstSentence }
}

extension PropertyFile {
    /// The first sentence of the header comment, on one line.
    public var firstSentence: String {
        let text = summary.split(separator: "\n").prefix { !$0.hasPrefix("Source:") }.joined(separator: " ")
        if let end = text.range(of: ". ") ?? text.range(of: ".", options: .backwards) {
            return String(text[..<end.lowerBound]) + "."
        }
        return text
    }

    /// The designs the property applies to: those its `design` clause names,
    /// or every design when it names none.
    public var applicableDesigns: [Design] {
        designs.isEmpty ? Design.allCases : designs.compactMap(Design.init(rawValue:))
    }
}
