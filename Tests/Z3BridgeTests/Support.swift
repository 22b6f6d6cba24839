import Z3Bridge

/// Whether `formula` holds in every model: its negation is unsat.
func isValid(_ formula: Z3Bool) throws -> Bool {
    let solver = Z3Solver(context: formula.context)
    solver.assert(!formula)
    return try solver.check().isUnsat
}

/// Whether `formula` has a model.
func isSatisfiable(_ formula: Z3Bool) throws -> Bool {
    let solver = Z3Solver(context: formula.context)
    solver.assert(formula)
    return try solver.check().isSat
}
