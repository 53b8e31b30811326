import Columnar

/// Splits rows of an in-memory column into its Parquet leaves' definition levels, repetition
/// levels and dense values — the writing half of Dremel record shredding, following the same
/// ``LevelNode`` plan the reader assembles with.
///
/// Flat columns take a fast path (levels straight from the validity bitmap, values copied in
/// bulk); nested columns are walked row by row, collecting for each leaf the indices of the
/// values to write, which are then gathered in one typed pass.
struct ColumnShredder {
    /// Per-leaf output, in leaf order starting at the node's first leaf.
    struct Output {
        var definitionLevels = Buffer()
        var repetitionLevels = Buffer()
        var entryCount = 0
        /// Indices into the leaf column of the values to write (nested path only).
        var valueIndices: [Int32] = []
        var values: Column
    }

    /// Shreds rows `rows` of `column` laid out by `node`; returns one output per leaf under it.
    /// `leafTypes` are the leaves' value types; `hasDefinition`/`hasRepetition` say whether
    /// each leaf stores levels (max level above 0).
    static func shred(
        _ column: Column, node: LevelNode, rows: Range<Int>,
        leafMaxDefinition: [Int], leafMaxRepetition: [Int]
    ) -> [Output] {
        if case .leaf(_, let maxDef) = node {
            return [shredFlat(column, rows: rows, maxDef: maxDef)]
        }
        var walker = Walker(
            outputs: leafMaxDefinition.indices.map { _ in Output(values: Column(empty: .int32)) },
            firstLeaf: node.firstLeaf, leafMaxDefinition: leafMaxDefinition, leafMaxRepetition: leafMaxRepetition,
            leafColumns: [])
        walker.collectLeafColumns(column, node)
        for row in rows {
            walker.visit(node, column, row, def: 0, rep: 0)
        }
        for i in walker.outputs.indices {
            walker.outputs[i].values = walker.leafColumns[i].gather(walker.outputs[i].valueIndices)
            walker.outputs[i].valueIndices = []
        }
        return walker.outputs
    }

    /// A top-level leaf: levels from validity, values copied in bulk.
    private static func shredFlat(_ column: Column, rows: Range<Int>, maxDef: Int) -> Output {
        var out = Output(values: Column(empty: column.type))
        out.entryCount = rows.count
        guard maxDef > 0 else {
            out.values = column.slice(rows)
            out.values.validity = nil
            return out
        }
        let levels = out.definitionLevels.appendUninitialized(rows.count).assumingMemoryBound(to: UInt8.self)
        guard let validity = column.validity else {
            levels.initialize(repeating: 1, count: rows.count)
            out.values = column.slice(rows)
            return out
        }
        var indices: [Int32] = []
        indices.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let valid = validity[row]
            levels[i] = valid ? 1 : 0
            if valid { indices.append(Int32(row)) }
        }
        out.values = indices.count == rows.count ? column.slice(rows) : column.gather(indices)
        out.values.validity = nil
        return out
    }

    /// The row-by-row walk for nested columns.
    private struct Walker {
        var outputs: [Output]
        let firstLeaf: Int
        let leafMaxDefinition: [Int]
        let leafMaxRepetition: [Int]
        var leafColumns: [Column]

        mutating func collectLeafColumns(_ column: Column, _ node: LevelNode) {
            switch node {
            case .leaf:
                leafColumns.append(column)
            case .structure(let children, _, _):
                for (i, child) in children.enumerated() { collectLeafColumns(column.children[i], child) }
            case .list(let element, _, _, _, _):
                collectLeafColumns(column.children[0], element)
            case .map(let key, let value, _, _, _, _):
                collectLeafColumns(column.children[0], key)
                collectLeafColumns(column.children[1], value)
            }
        }

        /// Records one entry with levels `(def, rep)` for every leaf under `node`.
        mutating func emitEmpty(_ node: LevelNode, def: Int, rep: Int) {
            switch node {
            case .leaf(let leaf, _):
                emit(leaf - firstLeaf, def: def, rep: rep, value: nil)
            case .structure(let children, _, _):
                for child in children { emitEmpty(child, def: def, rep: rep) }
            case .list(let element, _, _, _, _):
                emitEmpty(element, def: def, rep: rep)
            case .map(let key, let value, _, _, _, _):
                emitEmpty(key, def: def, rep: rep)
                emitEmpty(value, def: def, rep: rep)
            }
        }

        mutating func emit(_ i: Int, def: Int, rep: Int, value: Int?) {
            if leafMaxDefinition[i] > 0 { outputs[i].definitionLevels.append(UInt8(def)) }
            if leafMaxRepetition[i] > 0 { outputs[i].repetitionLevels.append(UInt8(rep)) }
            outputs[i].entryCount += 1
            if let value { outputs[i].valueIndices.append(Int32(value)) }
        }

        mutating func visit(_ node: LevelNode, _ column: Column, _ index: Int, def: Int, rep: Int) {
            switch node {
            case .leaf(let leaf, let maxDef):
                if column.isNull(index) {
                    emit(leaf - firstLeaf, def: def, rep: rep, value: nil)
                } else {
                    emit(leaf - firstLeaf, def: maxDef, rep: rep, value: index)
                }
            case .structure(let children, let nullDef, _):
                if let nullDef {
                    if column.isNull(index) { return emitEmpty(node, def: def, rep: rep) }
                    for (i, child) in children.enumerated() { visit(child, column.children[i], index, def: nullDef, rep: rep) }
                } else {
                    for (i, child) in children.enumerated() { visit(child, column.children[i], index, def: def, rep: rep) }
                }
            case .list(let element, let nullDef, let elementDef, let repLevel, _):
                if nullDef != nil && column.isNull(index) { return emitEmpty(node, def: def, rep: rep) }
                let start = column.offset(index), end = column.offset(index + 1)
                if start == end { return emitEmpty(node, def: elementDef - 1, rep: rep) }
                for e in start..<end {
                    visit(element, column.children[0], e, def: elementDef, rep: e == start ? rep : repLevel)
                }
            case .map(let key, let value, let nullDef, let elementDef, let repLevel, _):
                if nullDef != nil && column.isNull(index) { return emitEmpty(node, def: def, rep: rep) }
                let start = column.offset(index), end = column.offset(index + 1)
                if start == end { return emitEmpty(node, def: elementDef - 1, rep: rep) }
                for e in start..<end {
                    let r = e == start ? rep : repLevel
                    visit(key, column.children[0], e, def: elementDef, rep: r)
                    visit(value, column.children[1], e, def: elementDef, rep: r)
                }
            }
        }
    }
}
