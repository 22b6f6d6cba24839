import Foundation
import MemoryModel
import PropertyLanguage

/// A counterexample as a file in `counterexamples/`: what was checked, and
/// the steps that break it, each as an engine action and as the kernel call
/// it stands for. `privcheck replay` re-executes it.
///
/// The schema is versioned (`schema`). Schema 2 added `expected` and
/// `reason`, which make the file an entry of the regression database: a
/// known, accepted hole in a design. Schema 1 files are read as files with
/// no expectation; any other version is refused with a message, never misread.
public struct CounterexampleFile: Codable, Equatable, Sendable {
    public static let currentSchema = 2
    /// The versions this privcheck reads.
    public static let readableSchemas = 1...currentSchema

    public var schema: Int
    public var design: Design
    public var mutant: Mutant?
    /// A shipped scope's name, or a scope file's path.
    public var scope: String
    /// What `minimize` took out of the scope (the steps are numbered as in
    /// what is left); nil: the whole scope.
    public var scopeReduction: ScopeReduction?
    public var property: String
    public var kind: String
    /// The property's English statement, first sentence.
    public var summary: String
    public var steps: [TraceStep]
    /// How many steps it takes to see the violation: the state after step
    /// `failingStep` breaks an invariant, or step `failingStep` breaks a
    /// transition property (1-based; 0 is the initial state). For a
    /// `reachable` property that no run reaches, 0 with no steps.
    public var failingStep: Int
    /// What the regression database expects of this file; nil: nothing, so
    /// a file that still fails is a violation to fix.
    public var expected: Expectation?
    /// Why the failure is accepted (required with `expected`).
    public var reason: String?

    /// A failure the regression database accepts.
    public enum Expectation: String, Codable, Sendable {
        /// The trace still breaks the invariant or transition property.
        case violation
        /// No run of the scope reaches the `reachable` property (the scope
        /// does not exercise that path); decided by exploring the scope.
        case unreachable
    }

    public struct TraceStep: Codable, Equatable, Sendable {
        /// The kernel call, as `simulate` prints it (for people; ignored on replay).
        public var call: String
        public var action: Action
    }

    enum CodingKeys: String, CodingKey {
        case schema, design, mutant, scope, property, kind, summary, steps, expected, reason
        case scopeReduction = "scope_reduction"
        case failingStep = "failing_step"
    }

    public init(design: Design, mutant: Mutant?, scope: String, property: String, kind: String, summary: String,
                steps: [TraceStep], failingStep: Int) {
        self.schema = Self.currentSchema
        self.design = design
        self.mutant = mutant
        self.scope = scope
        self.property = property
        self.kind = kind
        self.summary = summary
        self.steps = steps
        self.failingStep = failingStep
    }

    /// The file's JSON: keys sorted, so that equal counterexamples are equal files.
    /// A file read at an older schema is written at the current one.
    public func encoded() -> Data {
        var current = self
        current.schema = Self.currentSchema
        return JSON.encode(current).map { $0 + Data("\n".utf8) } ?? Data()
    }

    /// Reads a file, with one clear message for what is wrong with it.
    public static func read(_ path: String) throws(CounterexampleError) -> CounterexampleFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws(CounterexampleError) -> CounterexampleFile {
        struct Version: Decodable { var schema: Int? }
        let version: Version
        do { version = try JSONDecoder().decode(Version.self, from: data) } catch {
            throw .malformed(path, "not a JSON object: \(describe(error))")
        }
        guard let schema = version.schema else { throw .malformed(path, "no 'schema' field: not a privcheck counterexample") }
        guard readableSchemas.contains(schema) else { throw .unsupportedSchema(path, schema) }
        let file: CounterexampleFile
        do { file = try JSONDecoder().decode(CounterexampleFile.self, from: data) } catch {
            throw .malformed(path, describe(error))
        }
        if let why = file.inconsistency { throw .malformed(path, why) }
        return file
    }

    /// What makes a decoded file contradict itself, if anything.
    var inconsistency: String? {
        if schema < 2 && (expected != nil || reason != nil || scopeReduction != nil) {
            return "'expected', 'reason' and 'scope_reduction' need schema 2 (the file says schema \(schema))"
        }
        if expected != nil && (reason ?? "").allSatisfy(\.isWhitespace) {
            return "an expected failure needs a 'reason': why the design may keep this hole"
        }
        if expected == nil && reason != nil { return "'reason' without 'expected'" }
        if failingStep < 0 || failingStep > steps.count {
            return "'failing_step' is \(failingStep), but the trace has \(steps.count) steps"
        }
        switch (kind, expected) {
        case ("reachable", .violation):
            return "a reachable property fails by being unreachable: write \"expected\": \"unreachable\""
        case ("invariant", .unreachable), ("transition", .unreachable):
            return "only a reachable property can be expected 'unreachable'; an \(kind) fails by a trace (\"expected\": \"violation\")"
        case ("reachable", _) where !steps.isEmpty:
            return "an unreachable witness has no steps"
        default:
            return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return path.isEmpty ? "" : " at \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(at(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(context.debugDescription)\(at(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription)\(at(context))"
        @unknown default: return "\(error)"
        }
    }
}

/// What is wrong with a counterexample file (exit status 65).
public enum CounterexampleError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case malformed(String, String)
    case unsupportedSchema(String, Int)
    /// The file names a property the library does not have, or not for its design.
    case unknownProperty(String, String)
    /// The trace no longer fails (minimize needs a failing one).
    case doesNotFail(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): error: cannot read the file"
        case .malformed(let path, let why): "\(path): error: not a valid counterexample: \(why)"
        case .unsupportedSchema(let path, let schema):
            "\(path): error: counterexample schema \(schema) is not supported (this privcheck reads schemas "
                + "\(CounterexampleFile.readableSchemas.lowerBound) to \(CounterexampleFile.readableSchemas.upperBound))"
        case .unknownProperty(let path, let why): "\(path): error: \(why)"
        case .doesNotFail(let path): "\(path): error: the trace no longer fails (privcheck replay says how); nothing to minimize"
        }
    }
}
