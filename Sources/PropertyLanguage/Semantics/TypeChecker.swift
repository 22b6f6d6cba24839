import MemoryModel

/// Resolves a parsed property against the engine's names and one design.
///
/// Names are looked up innermost first: `let` names and quantifier
/// variables, then (where the other side of a comparison is a path or the
/// action) path and action names, then the engine's arrays (`node`,
/// `folio`, `task`, `ctx`; `pre`/`post`/`action`/`ret` in a transition) and
/// the kernel's constants. An unknown name is an error that suggests the
/// nearest one the context allows.
public enum PropertyChecker {
    /// The most nested quantifiers and aggregates a property may have.
    public static let maximumQuantifierDepth = 8

    /// Checks `file` for `design`. `source` is the file's text and `fileName`
    /// its path, for the diagnostic.
    public static func check(_ file: PropertyFile, design: Design, source: String, fileName: String)
        throws(Diagnostic) -> CheckedProperty
    {
        var checker = TypeChecker(file: file, design: design, source: source, fileName: fileName)
        return try checker.checkProperty()
    }

    /// The designs `file` names, each checked to exist.
    public static func designs(of file: PropertyFile, source: String, fileName: String) throws(Diagnostic) -> [Design] {
        let checker = TypeChecker(file: file, design: .v4, source: source, fileName: fileName)
        return try checker.checkDesignClause()
    }

    /// Parses and checks the text of one file for every design it names.
    public static func load(_ text: String, fileName: String) throws(Diagnostic) -> [CheckedProperty] {
        let file = try PropertyParser.parse(text, file: fileName)
        var checked: [CheckedProperty] = []
        for design in try designs(of: file, source: text, fileName: fileName) {
            checked.append(try check(file, design: design, source: text, fileName: fileName))
        }
        return checked
    }
}

/// A checked subexpression, before it is known where it is used.
enum Typed {
    case bool(BoolTerm)
    case int(NumTerm, IntFlavor)
    /// A mask; a nil kind is a number used as a mask.
    case mask(MaskTerm, MaskKind?)
    case entity(EntityRef)
    /// `node`, `pre.folio`: an array to index.
    case entityArray(EntityKind, StateSelector)
    /// `pre` or `post`.
    case stateView(StateSelector)
    case blockArray(EntityRef, NodeBlockField)
    case fallbackArray(EntityRef)
    case action
    /// `N_MEMORY` and friends: a set of nodes, for `in` and quantifiers.
    case nodeState(NodeBitField)
    case set([Expr])

    var typeName: String {
        switch self {
        case .bool: "a boolean"
        case .int(_, .path): "a path"
        case .int(_, .literal): "a number"
        case .int: "an integer"
        case .mask(_, let kind?): kind.described
        case .mask(_, nil): "a number"
        case .entity(let ref): ref.kind == .context ? "a context" : "a " + ref.kind.rawValue
        case .entityArray(let kind, _): "the " + kind.rawValue + " array"
        case .stateView(let s): "the '\(s.rawValue)' state"
        case .blockArray(_, let field): "the per-block array '\(field.rawValue)'"
        case .fallbackArray: "the per-node array 'fallback'"
        case .action: "the action"
        case .nodeState(let field): "the node state \(field.rawValue)"
        case .set: "a set"
        }
    }
}

/// What an integer means, for messages and for resolving names beside it.
enum IntFlavor: Equatable {
    case plain
    /// A number written in the file.
    case literal
    /// A folio's `path`: compared with path names.
    case path
    /// A node, folio, task or context index: renamed by symmetry.
    case identity
}

/// A name in scope: a quantifier variable or a `let`.
enum Binding {
    case variable(level: Int, kind: EntityKind)
    case value(Typed)
}

struct TypeChecker {
    let file: PropertyFile
    let design: Design
    let lines: [Substring]
    let fileName: String
    /// The action families of the design, by the name a property writes.
    let actionNames: [String: String]
    var scopes: [(name: String, binding: Binding)] = []
    var depth = 0
    var symmetric = true

    init(file: PropertyFile, design: Design, source: String, fileName: String) {
        self.file = file
        self.design = design
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        self.fileName = fileName
        var names: [String: String] = [:]
        for family in Model.catalog(design).map(\.family) { names[TypeChecker.identifier(family)] = family }
        self.actionNames = names
    }

    /// `offline_pages: migrate` is written `offline_pages_migrate`.
    static func identifier(_ family: String) -> String {
        family.replacing(": ", with: "_").replacing(" ", with: "_")
    }

    var inTransition: Bool { file.kind == .transition }

    func error(_ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        let line = location.line - 1 < lines.count && location.line >= 1 ? String(lines[location.line - 1]) : ""
        return Diagnostic(file: fileName, line: location.line, column: location.column, message: message,
                          hint: hint, sourceLine: line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }

    func checkDesignClause() throws(Diagnostic) -> [Design] {
        var designs: [Design] = []
        for name in file.designs {
            guard let design = Design(rawValue: name) else {
                let hint = Spelling.suggestion(for: name, among: Design.allCases.map(\.rawValue))
                    ?? "the designs are " + Design.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(designLocation(name), "unknown design '\(name)'", hint: hint)
            }
            designs.append(design)
        }
        return designs.isEmpty ? Design.allCases : designs
    }

    /// Where the `design` clause names `name` (the syntax tree keeps no location for it).
    func designLocation(_ name: String) -> SourceLocation {
        for (i, line) in lines.enumerated() where line.contains("design") {
            if let range = line.range(of: name, options: [], range: line.range(of: "design")!.upperBound..<line.endIndex) {
                return SourceLocation(line: i + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return file.location
    }

    mutating func checkProperty() throws(Diagnostic) -> CheckedProperty {
        _ = try checkDesignClause()
        let body = try condition(file.body, "the body of '\(file.name)'")
        return CheckedProperty(file: file, design: design, body: body, symmetric: symmetric)
    }

    // MARK: - Expressions by the type they must have

    mutating func condition(_ e: Expr, _ role: String) throws(Diagnostic) -> BoolTerm {
        let typed = try check(e)
        guard case .bool(let term) = typed else {
            throw error(e.location, "\(role) must be a condition, but this is \(typed.typeName)",
                        hint: conditionHint(typed))
        }
        return term
    }

    func conditionHint(_ typed: Typed) -> String? {
        switch typed {
        case .mask: "test bits with 'has': f.gfp has __GFP_PRIVATE"
        case .int: "compare it: '== 0', '> 0'"
        case .nodeState(let f): "test a node with 'n.\(f.rawValue)' or 'n in \(f.rawValue)'"
        default: nil
        }
    }

    mutating func integer(_ e: Expr, _ role: String) throws(Diagnostic) -> (NumTerm, IntFlavor) {
        let typed = try check(e)
        switch typed {
        case .int(let term, let flavor): return (term, flavor)
        case .entity(let ref): return (.index(ref), .identity)
        default:
            throw error(e.location, "\(role) must be an integer, but this is \(typed.typeName)")
        }
    }

    // MARK: - Any expression

    mutating func check(_ e: Expr) throws(Diagnostic) -> Typed {
        switch e {
        case .boolean(let value, _):
            return .bool(.constant(value))
        case .integer(let value, let location):
            guard let small = Int32(exactly: value) else {
                throw error(location, "the number \(value) is too large", hint: "numbers in properties fit in 32 bits")
            }
            return .int(.constant(Int(small)), .literal)
        case .name(let name, let location):
            return try resolve(name, at: location, context: nil)
        case .member(let base, let field, let location):
            return try member(of: base, field, at: location)
        case .index(let base, let index, let location):
            return try subscripted(base, index, at: location)
        case .unary(.not, let operand, _):
            return .bool(.not(try condition(operand, "the operand of 'not'")))
        case .unary(.negate, let operand, _):
            let (term, flavor) = try integer(operand, "the operand of '-'")
            if case .constant(let v) = term { return .int(.constant(-v), flavor) }
            return .int(.subtract(.constant(0), term), .plain)
        case .binary(let op, let lhs, let rhs, let location):
            return try binary(op, lhs, rhs, at: location)
        case .set(_, let location):
            throw error(location, "a set is only used after 'in'", hint: "write 'f.path in {demotion, compaction}'")
        case .quantifier(let q, let variable, let collection, let condition, let body, let location):
            let binder = try bind(variable, collection, condition, at: location)
            defer { unbind() }
            let term = try self.condition(body, "the body of '\(q.rawValue)'")
            return .bool(q == .forall ? .forall(binder, term) : .exists(binder, term))
        case .count(let variable, let collection, let condition, let location):
            let binder = try bind(variable, collection, condition, at: location)
            unbind()
            return .int(.count(binder), .plain)
        case .sum(let variable, let collection, let condition, let body, let location):
            let binder = try bind(variable, collection, condition, at: location)
            defer { unbind() }
            let (term, _) = try integer(body, "the body of 'sum'")
            return .int(.sum(binder, term), .plain)
        case .letBinding(let name, let value, let body, _):
            let typed = try check(value)
            scopes.append((name, .value(typed)))
            defer { scopes.removeLast() }
            return try check(body)
        }
    }

    // MARK: - Quantifiers

    mutating func bind(_ variable: String, _ collection: String, _ condition: Expr?, at location: SourceLocation)
        throws(Diagnostic) -> Binder
    {
        guard depth < PropertyChecker.maximumQuantifierDepth else {
            throw error(location, "quantifiers nest more than \(PropertyChecker.maximumQuantifierDepth) deep")
        }
        let kind: EntityKind
        var nodeState: NodeBitField?
        if let entity = EntityKind.allCases.first(where: { $0.collection == collection }) {
            kind = entity
        } else if let state = Constants.nodeStates[collection] {
            guard !inTransition else {
                throw error(locate(collection, after: collectionStart(location)), "'\(collection)' differs between the states of a step",
                            hint: "write 'forall n in nodes where pre.node[n].\(collection): ...'")
            }
            kind = .node
            nodeState = state
        } else {
            let sets = EntityKind.allCases.map(\.collection) + Constants.nodeStates.keys.sorted()
            throw error(locate(collection, after: collectionStart(location)), "unknown set '\(collection)'",
                        hint: Spelling.suggestion(for: collection, among: sets)
                            ?? "a quantifier ranges over " + sets.joined(separator: ", "))
        }
        let level = depth
        depth += 1
        scopes.append((variable, .variable(level: level, kind: kind)))
        let filter = try condition.map { (c) throws(Diagnostic) in try self.condition(c, "a 'where' filter") }
        return Binder(level: level, kind: kind, nodeState: nodeState, condition: filter)
    }

    mutating func unbind() {
        scopes.removeLast()
        depth -= 1
    }

    /// Just after a quantifier's keyword, so that `forall n in nodes` finds the set and not the variable.
    func collectionStart(_ location: SourceLocation) -> SourceLocation {
        guard location.line - 1 < lines.count, location.line >= 1 else { return location }
        let line = lines[location.line - 1]
        let start = line.index(line.startIndex, offsetBy: min(location.column - 1, line.count))
        guard let range = line.range(of: " in ", range: start..<line.endIndex) else { return location }
        return SourceLocation(line: location.line, column: line.distance(from: line.startIndex, to: range.upperBound) + 1)
    }

    /// Where `word` is written at or after `location` (the syntax tree keeps
    /// only an expression's first token, and a field's name comes later).
    func locate(_ word: String, after location: SourceLocation) -> SourceLocation {
        for row in (location.line - 1)..<min(lines.count, location.line + 2) where row >= 0 {
            let line = lines[row]
            let from = row == location.line - 1 ? min(location.column - 1, line.count) : 0
            let start = line.index(line.startIndex, offsetBy: from)
            var search = start..<line.endIndex
            while let range = line.range(of: word, range: search) {
                let before = range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : " "
                let after = range.upperBound < line.endIndex ? line[range.upperBound] : " "
                if !(before.isLetter || before.isNumber || before == "_") && !(after.isLetter || after.isNumber || after == "_") {
                    return SourceLocation(line: row + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
                search = range.upperBound..<line.endIndex
            }
        }
        return location
    }
}
