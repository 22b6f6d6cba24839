internal import CZ3

extension Z3Model {
    /// A model that gives each constant the value paired with it, for
    /// evaluating terms under a fixed assignment without solving.
    ///
    /// Every `constant` must be an uninterpreted constant (as made by
    /// `makeConst`), and its value a literal of the same sort.
    public convenience init(context: Z3Context, assigning pairs: [(constant: AnyTerm, value: AnyTerm)]) throws {
        guard let model = Z3_mk_model(context.raw) else {
            try context.check()
            throw Z3Error.api(code: -1, message: "Z3 could not make an empty model")
        }
        self.init(context: context, raw: model)
        for (constant, value) in pairs {
            let c = constant.ref.ast
            let v = value.ref.ast
            guard Z3_is_app(context.raw, c) else {
                throw Z3Error.modelEvaluation("\(constant) is not a constant")
            }
            let app = Z3_to_app(context.raw, c)
            guard Z3_get_app_num_args(context.raw, app) == 0 else {
                throw Z3Error.modelEvaluation("\(constant) is not a constant")
            }
            let decl = Z3_get_app_decl(context.raw, app)
            withExtendedLifetime((constant, value)) {
                Z3_add_const_interp(context.raw, model, decl, v)
            }
            try context.check()
        }
    }
}
