internal import CZ3

/// One Z3 logical context: the owner of every term, sort, solver and model made in it.
///
/// The context is made with `Z3_mk_context_rc`, so every object Z3 hands back
/// is reference counted; the bridge wraps each one in a Swift owner that takes
/// a reference at once and drops it on `deinit`, and each owner keeps the
/// context alive. Z3's error handler is disabled: a failing call leaves an
/// error code that the bridge turns into a thrown `Z3Error`.
///
/// A context is not thread-safe and is deliberately not `Sendable`: build and
/// solve on one thread (or one isolation domain) per context.
public final class Z3Context {
    /// The `Z3_context`.
    let raw: OpaquePointer
    /// The Boolean and integer sorts, referenced for the context's lifetime.
    let rawBoolSort: OpaquePointer
    let rawIntSort: OpaquePointer
    /// Bit-vector sorts by width, made on first use, referenced until `deinit`.
    private var rawBitVecSorts: [Int: OpaquePointer] = [:]

    /// Makes a fresh context with model generation on.
    public init() {
        let config = Z3_mk_config()
        Z3_set_param_value(config, "model", "true")
        guard let context = Z3_mk_context_rc(config) else {
            preconditionFailure("Z3 could not create a context")
        }
        Z3_del_config(config)
        raw = context
        Z3_set_error_handler(context, nil)
        Z3_set_ast_print_mode(context, Z3_PRINT_SMTLIB2_COMPLIANT)
        rawBoolSort = Z3_mk_bool_sort(context)
        Z3_inc_ref(context, Z3_sort_to_ast(context, rawBoolSort))
        rawIntSort = Z3_mk_int_sort(context)
        Z3_inc_ref(context, Z3_sort_to_ast(context, rawIntSort))
    }

    deinit {
        for sort in rawBitVecSorts.values {
            Z3_dec_ref(raw, Z3_sort_to_ast(raw, sort))
        }
        Z3_dec_ref(raw, Z3_sort_to_ast(raw, rawIntSort))
        Z3_dec_ref(raw, Z3_sort_to_ast(raw, rawBoolSort))
        Z3_del_context(raw)
    }

    /// The Z3 library version, as `major.minor.build.revision`.
    public var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, build: UInt32 = 0, revision: UInt32 = 0
        Z3_get_version(&major, &minor, &build, &revision)
        return "\(major).\(minor).\(build).\(revision)"
    }

    // MARK: - Errors

    /// Throws the pending Z3 error, if the last call left one.
    func check() throws {
        let code = Z3_get_error_code(raw)
        guard code != Z3_OK else { return }
        throw Z3Error.api(code: Int(code.rawValue), message: errorMessage(code))
    }

    /// Z3's message for `code`, for the last failing call, cut to its first
    /// lines (an unknown parameter lists every legal one).
    private func errorMessage(_ code: Z3_error_code) -> String {
        guard let message = Z3_get_error_msg(raw, code) else { return "unknown Z3 error" }
        let lines = String(cString: message).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 4 else { return lines.joined(separator: "\n") }
        return lines.prefix(2).joined(separator: "\n") + "\n(\(lines.count - 2) more lines)"
    }

    /// Takes ownership of an AST a fallible call returned, or throws its error.
    func own(_ ast: OpaquePointer?) throws -> ASTRef {
        try check()
        guard let ast else {
            throw Z3Error.api(code: -1, message: "Z3 returned no term and no error")
        }
        return ASTRef(self, ast)
    }

    /// Takes ownership of an AST built by a call that cannot fail for
    /// well-typed arguments; a failure is a bug in the bridge.
    func built(_ ast: OpaquePointer?) -> ASTRef {
        let code = Z3_get_error_code(raw)
        precondition(code == Z3_OK, "Z3 rejected a term the bridge built: \(errorMessage(code))")
        guard let ast else { preconditionFailure("Z3 returned no term and no error") }
        return ASTRef(self, ast)
    }

    /// A Swift string for a Z3 string result (copied before the next Z3 call).
    func string(_ text: UnsafePointer<CChar>?) -> String {
        text.map { String(cString: $0) } ?? ""
    }

    /// Terms held by an AST vector, each with its own reference.
    func terms(of vector: OpaquePointer) -> [ASTRef] {
        Z3_ast_vector_inc_ref(raw, vector)
        defer { Z3_ast_vector_dec_ref(raw, vector) }
        let count = Z3_ast_vector_size(raw, vector)
        return (0..<count).map { ASTRef(self, Z3_ast_vector_get(raw, vector, $0)) }
    }

    /// Runs `body` with a fresh, referenced `Z3_params` object.
    func withParams<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        let params = Z3_mk_params(raw)!
        Z3_params_inc_ref(raw, params)
        defer { Z3_params_dec_ref(raw, params) }
        return try body(params)
    }

    /// Sets one parameter of a `Z3_params` object, by the Swift type of its value.
    func set(_ params: OpaquePointer, _ name: String, _ value: Z3Parameter) {
        let key = Z3_mk_string_symbol(raw, name)
        switch value {
        case let .bool(flag): Z3_params_set_bool(raw, params, key, flag)
        case let .uint(number): Z3_params_set_uint(raw, params, key, number)
        case let .double(number): Z3_params_set_double(raw, params, key, number)
        case let .symbol(text): Z3_params_set_symbol(raw, params, key, Z3_mk_string_symbol(raw, text))
        }
    }

    /// The raw bit-vector sort of `width` bits, cached for the context's lifetime.
    func rawBitVecSort(_ width: Int) -> OpaquePointer {
        precondition(width > 0, "bit-vector width must be positive, not \(width)")
        if let sort = rawBitVecSorts[width] { return sort }
        let sort = Z3_mk_bv_sort(raw, UInt32(width))!
        Z3_inc_ref(raw, Z3_sort_to_ast(raw, sort))
        rawBitVecSorts[width] = sort
        return sort
    }

    /// Checks that `other` belongs to this context (mixing contexts corrupts Z3).
    func requireSame(_ other: Z3Context) {
        precondition(self === other, "terms belong to different Z3 contexts")
    }

    // MARK: - Constants and literals

    /// The constant `name` of `sort`; the same name and sort give the same term.
    public func makeConst<S>(name: String, sort: Sort<S>) -> Term<S> {
        requireSame(sort.context)
        let symbol = Z3_mk_string_symbol(raw, name)
        return Term(built(Z3_mk_const(raw, symbol, sort.ref.ast)))
    }

    /// A constant of `sort` whose name (starting with `prefix`) is new in this context.
    public func freshConst<S>(prefix: String, sort: Sort<S>) -> Term<S> {
        requireSame(sort.context)
        return Term(built(Z3_mk_fresh_const(raw, prefix, sort.ref.ast)))
    }

    /// The Boolean literal `value`.
    public func bool(_ value: Bool) -> Z3Bool {
        Term(built(value ? Z3_mk_true(raw) : Z3_mk_false(raw)))
    }

    /// The integer literal `value`.
    public func int(_ value: Int) -> Z3Int {
        Term(built(Z3_mk_int64(raw, Int64(value), rawIntSort)))
    }

    /// The bit-vector literal `value` of `width` bits; `value` must fit.
    public func bitVec(_ value: UInt64, width: Int) -> Z3BitVec {
        precondition(width >= 64 || value >> UInt64(width) == 0,
                     "bit pattern 0x\(String(value, radix: 16)) does not fit in \(width) bits")
        return Term(built(Z3_mk_unsigned_int64(raw, value, rawBitVecSort(width))))
    }

    // MARK: - SMT-LIB2

    /// The assertions of an SMT-LIB2 script, which declares its own constants.
    ///
    /// Constants declared in the script with the name and sort of a constant
    /// made by `makeConst` are the same term. Malformed input throws
    /// `Z3Error.api` with the parser's message.
    public func parseSMTLIB2(_ text: String) throws -> [Z3Bool] {
        let vector = Z3_parse_smtlib2_string(raw, text, 0, nil, nil, 0, nil, nil)
        try check()
        guard let vector else { return [] }
        return terms(of: vector).map { Term($0) }
    }
}

/// A value for a Z3 solver or fixedpoint parameter.
public enum Z3Parameter: Sendable {
    case bool(Bool)
    case uint(UInt32)
    case double(Double)
    /// A symbol-valued parameter, such as `engine` = `spacer`.
    case symbol(String)
}
