internal import CZ3

/// A satisfying assignment found by a solver: evaluates terms to literals.
public final class Z3Model: CustomStringConvertible {
    /// The context the model belongs to.
    public let context: Z3Context
    /// The `Z3_model`.
    let raw: OpaquePointer

    /// Takes a reference to `raw`, a model just returned by Z3.
    init(context: Z3Context, raw: OpaquePointer) {
        self.context = context
        self.raw = raw
        Z3_model_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_model_dec_ref(context.raw, raw)
    }

    /// The value of `term` in the model. With `completion`, constants the
    /// model leaves open get a default value, so the result is a literal.
    public func evaluate<S>(_ term: Term<S>, completion: Bool = true) throws -> Term<S> {
        context.requireSame(term.context)
        var result: OpaquePointer?
        let evaluated = withExtendedLifetime(term) {
            Z3_model_eval(context.raw, raw, term.ast, completion, &result)
        }
        try context.check()
        guard evaluated, let result else {
            throw Z3Error.modelEvaluation("cannot evaluate \(term)")
        }
        return Term(try context.own(result))
    }

    /// The truth value of `term` in the model.
    public func bool(_ term: Z3Bool) throws -> Bool {
        let value = try evaluate(term)
        guard let known = value.boolValue else {
            throw Z3Error.modelEvaluation("\(term) evaluates to \(value), not a Boolean literal")
        }
        return known
    }

    /// The value of `term` in the model; throws when it does not fit in `Int`.
    public func int(_ term: Z3Int) throws -> Int {
        let value = try evaluate(term)
        guard let known = value.intValue else {
            throw Z3Error.modelEvaluation("\(term) evaluates to \(value), not an Int literal")
        }
        return known
    }

    /// The unsigned value of `term` in the model; throws for vectors wider than 64 bits.
    public func bitVec(_ term: Z3BitVec) throws -> UInt64 {
        let value = try evaluate(term)
        guard let known = value.bitVecValue else {
            throw Z3Error.modelEvaluation("\(term) evaluates to \(value), not a 64-bit literal")
        }
        return known
    }

    /// The model's assignments, as Z3 prints them.
    public var description: String {
        context.string(Z3_model_to_string(context.raw, raw))
    }
}
