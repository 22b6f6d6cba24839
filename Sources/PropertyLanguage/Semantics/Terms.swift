import MemoryModel

// The checked form of a property: every name resolved, every expression
// typed. The type checker builds it from the syntax tree; the evaluator
// reads it, on concrete states for the explorer and on Z3 terms for the
// prover. `let` is gone (its value is substituted), and so are sugars such
// as `!=`, `>` and `in {...}`.

/// Which state a read looks at: an invariant's one state, or a step's two.
public enum StateSelector: String, Sendable {
    case current, pre, post
}

/// How a node, folio, task or context is named.
public indirect enum EntityIndex: Sendable {
    /// A quantifier's variable, by its nesting level (0 is the outermost).
    case variable(Int)
    /// A constant index: `node[1]`.
    case constant(Int)
    /// An index computed from the state: `node[f.nid]`, `post.folio[ret]`.
    case value(NumTerm)
}

/// A node, folio, task or context of one state.
public struct EntityRef: Sendable {
    public var kind: EntityKind
    public var index: EntityIndex
    /// nil for a transition's bare quantifier variable, which names a slot
    /// but not a state to read it in.
    public var state: StateSelector?
}

/// What a quantifier or aggregate ranges over.
public struct Binder: Sendable {
    /// The variable's nesting level.
    public var level: Int
    public var kind: EntityKind
    /// A node state the range is restricted to (`forall n in N_MEMORY`).
    public var nodeState: NodeBitField?
    public var condition: BoolTerm?
}

public enum Comparison: Sendable {
    case equal, less, lessOrEqual
}

/// A boolean expression.
public indirect enum BoolTerm: Sendable {
    case constant(Bool)
    case not(BoolTerm)
    case and(BoolTerm, BoolTerm)
    case or(BoolTerm, BoolTerm)
    case implies(BoolTerm, BoolTerm)
    /// `a == b` for booleans.
    case same(BoolTerm, BoolTerm)
    case compare(NumTerm, Comparison, NumTerm)
    case maskEqual(MaskTerm, MaskTerm)
    /// `mask has bits`: every bit of `bits` is set in `mask`.
    case has(MaskTerm, MaskTerm)
    /// `nid in nodemask`.
    case inMask(NumTerm, MaskTerm)
    case nodeBit(EntityRef, NodeBitField)
    case nodeBlock(EntityRef, NodeBlockField, block: NumTerm)
    case nodeDerived(EntityRef, NodeDerivedBit)
    /// `n.fallback[m]`: node m is on n's FALLBACK zonelist.
    case fallback(EntityRef, zone: NumTerm)
    case folioBit(EntityRef, FolioBitField)
    case contextBit(EntityRef, ContextBitField)
    case forall(Binder, BoolTerm)
    case exists(Binder, BoolTerm)
    /// `action == NAME` (or `in {...}`): the step's action is of one of these families.
    case actionIs(Set<String>)
    /// A boolean argument of the step's action (`action.remove`).
    case actionFlag(ActionArgument)
}

/// An integer expression.
public indirect enum NumTerm: Sendable {
    case constant(Int)
    /// A node, folio, task or context as its index (`n.nid`, or `f` compared with `ret`).
    case index(EntityRef)
    case nodeField(EntityRef, NodeNumField)
    case nodeDerived(EntityRef, NodeDerivedNum)
    case folioField(EntityRef, FolioNumField)
    case taskField(EntityRef, TaskNumField)
    case contextField(EntityRef, ContextNumField)
    case add(NumTerm, NumTerm)
    case subtract(NumTerm, NumTerm)
    case multiply(NumTerm, by: Int)
    case divide(NumTerm, by: Int)
    case count(Binder)
    case sum(Binder, NumTerm)
    /// The step's return value (a folio slot, a nid, 0 or -errno).
    case ret
    /// An integer argument of the step's action, -1 where the action has none.
    case actionArgument(ActionArgument)
}

/// A 32-bit word expression.
public indirect enum MaskTerm: Sendable {
    case constant(UInt32)
    case nodeOpsFlags(EntityRef)
    case folioField(EntityRef, FolioMaskField)
    case taskField(EntityRef, TaskMaskField)
    case contextField(EntityRef, ContextMaskField)
    case and(MaskTerm, MaskTerm)
    case or(MaskTerm, MaskTerm)
    /// The gfp mask of an allocation, or the flags of `node_private_set_ops` (0 otherwise).
    case actionMask
}
