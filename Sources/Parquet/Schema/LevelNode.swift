/// How one in-memory field is spread over its Parquet leaves' definition and repetition
/// levels: the plan the record assembler (reading) and shredder (writing) both follow.
///
/// Every level entry `j` of a leaf belongs to a *slot* at each nesting depth. At the top, the
/// slots are the entries with repetition level 0 (one per row). Inside a list whose repeated
/// node has repetition level `r` and definition level `d`, the slots are the entries with
/// `rep <= r && def >= d` (one per element).
indirect enum LevelNode: Hashable, Sendable {
    /// A leaf column: the value is present where `def == maxDef`.
    case leaf(leaf: Int, maxDef: Int)
    /// A struct: non-null where `def >= nullDef` (nil: required, never null on its own).
    case structure(children: [LevelNode], nullDef: Int?, firstLeaf: Int)
    /// A list: null where `def < nullDef` (nil: required), empty where `def < elementDef`;
    /// its repeated node has repetition level `repLevel`.
    case list(element: LevelNode, nullDef: Int?, elementDef: Int, repLevel: Int, firstLeaf: Int)
    /// A map: laid out like a list whose elements are (key, value) pairs.
    case map(key: LevelNode, value: LevelNode, nullDef: Int?, elementDef: Int, repLevel: Int, firstLeaf: Int)

    /// The first leaf under this node.
    var firstLeaf: Int {
        switch self {
        case .leaf(let leaf, _): leaf
        case .structure(_, _, let f), .list(_, _, _, _, let f), .map(_, _, _, _, _, let f): f
        }
    }

    /// True when the node is a single leaf that is not inside any list (a flat column).
    var isFlatLeaf: Bool {
        if case .leaf = self { true } else { false }
    }
}
