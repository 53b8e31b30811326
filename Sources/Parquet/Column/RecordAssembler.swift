import Columnar

/// Rebuilds nested columns (structs, lists, maps) from their leaves' definition and
/// repetition levels — the reading half of Dremel record shredding.
///
/// A *slot* is a level entry that starts an item at some nesting depth (see ``LevelNode``).
/// At the top the slots are the rows; inside a list whose repeated node has levels `(r, d)`
/// the slots are the entries with `rep <= r && def >= d`. A list's offsets count its
/// elements' slots between consecutive parent slots. Malformed levels (leaves of one field
/// that disagree, elements under a null list) are reported, never trusted.
struct RecordAssembler {
    /// Decoded leaves by leaf index (only the leaves of the fields being assembled).
    let leaves: [Int: LeafData]
    /// Leaf paths for error messages.
    let leafNames: [Int: String]

    /// Slot entry indices of a leaf for a slot spec; nil means every entry is a slot.
    private func slots(leaf: Int, rep: Int, def: Int) -> [Int32]? {
        let data = leaves[leaf]!
        let n = data.entryCount
        let hasRep = data.repetitionLevels.count > 0
        let hasDef = data.definitionLevels.count > 0
        if !hasRep && (def == 0 || !hasDef) { return nil }
        var out: [Int32] = []
        out.reserveCapacity(n)
        data.repetitionLevels.withUnsafeBufferPointer(as: UInt8.self) { reps in
            data.definitionLevels.withUnsafeBufferPointer(as: UInt8.self) { defs in
                let r = UInt8(clamping: rep), d = UInt8(clamping: def)
                for j in 0..<n {
                    let repOK = !hasRep || reps[j] <= r
                    let defOK = !hasDef || defs[j] >= d
                    if repOK && defOK { out.append(Int32(j)) }
                }
            }
        }
        return out
    }

    private func corrupt(_ leaf: Int, _ message: String) -> ParquetError {
        ParquetError(.corruptPage, message, column: leafNames[leaf])
    }

    /// A validity mask over the slots: 1 where the leaf's definition level is at least `level`.
    private func mask(leaf: Int, slots: [Int32]?, atLeast level: Int) -> [UInt8] {
        let data = leaves[leaf]!
        let l = UInt8(clamping: level)
        return data.definitionLevels.withUnsafeBufferPointer(as: UInt8.self) { defs in
            if let slots {
                return slots.map { defs[Int($0)] >= l ? 1 : 0 }
            }
            return (0..<data.entryCount).map { defs[$0] >= l ? 1 : 0 }
        }
    }

    /// Assembles the column for `node` of `type` at slot spec `(rep, def)`.
    func assemble(_ node: LevelNode, type: DataType, rep: Int = 0, def: Int = 0) throws -> Column {
        switch node {
        case .leaf(let leaf, let maxDef):
            let data = leaves[leaf]!
            let s = slots(leaf: leaf, rep: rep, def: def)
            if data.definitionLevels.count == 0 && s == nil {
                guard data.values.count == data.entryCount else {
                    throw corrupt(leaf, "\(data.entryCount) level entries but \(data.values.count) values")
                }
                return data.values
            }
            if s == nil && maxDef == 1 {
                // A flat optional column: its definition levels (0 or 1) are the mask.
                return try data.definitionLevels.withUnsafeBufferPointer(as: UInt8.self) { levels in
                    var valid = 0
                    for l in levels { valid &+= Int(l) }
                    guard valid == data.values.count else {
                        throw corrupt(leaf, "\(valid) defined values expected but \(data.values.count) decoded")
                    }
                    return data.values.spread(mask: levels)
                }
            }
            let m = mask(leaf: leaf, slots: s, atLeast: maxDef)
            let valid = m.reduce(0) { $0 + Int($1) }
            guard valid == data.values.count else {
                throw corrupt(leaf, "\(valid) defined values expected but \(data.values.count) decoded")
            }
            return m.withUnsafeBufferPointer { data.values.spread(mask: $0) }

        case .structure(let children, let nullDef, let first):
            guard case .struct(let fields) = type, fields.count == children.count else {
                preconditionFailure("struct level node does not match type \(type)")
            }
            let s = slots(leaf: first, rep: rep, def: def)
            let count = s?.count ?? leaves[first]!.entryCount
            var columns: [Column] = []
            columns.reserveCapacity(children.count)
            for (child, field) in zip(children, fields) {
                let column = try assemble(child, type: field.type, rep: rep, def: def)
                guard column.count == count else {
                    throw corrupt(child.firstLeaf, "struct field has \(column.count) rows where its siblings have \(count)")
                }
                columns.append(column)
            }
            var validity: BitVector?
            if let nullDef {
                let m = mask(leaf: first, slots: s, atLeast: nullDef)
                if m.contains(0) {
                    var v = BitVector(capacity: count)
                    m.withUnsafeBufferPointer { v.append(nonZero: $0) }
                    validity = v
                }
            }
            return Column(type: type, count: count, validity: validity, values: Buffer(), children: columns)

        case .list(let element, let nullDef, let elementDef, let repLevel, let first):
            guard case .list(let elementField) = type else { preconditionFailure("list level node does not match type \(type)") }
            let (count, validity, offsets) = try listShape(first: first, rep: rep, def: def, nullDef: nullDef, elementDef: elementDef, repLevel: repLevel)
            let child = try assemble(element, type: elementField.type, rep: repLevel, def: elementDef)
            guard child.count == Int(offsets.load(count, as: Int32.self)) else {
                throw corrupt(first, "list has \(offsets.load(count, as: Int32.self)) elements but its element column \(child.count)")
            }
            return Column(type: type, count: count, validity: validity, values: Buffer(), offsets: offsets, children: [child])

        case .map(let key, let value, let nullDef, let elementDef, let repLevel, let first):
            guard case .map(let keyField, let valueField) = type else { preconditionFailure("map level node does not match type \(type)") }
            let (count, validity, offsets) = try listShape(first: first, rep: rep, def: def, nullDef: nullDef, elementDef: elementDef, repLevel: repLevel)
            let keys = try assemble(key, type: keyField.type, rep: repLevel, def: elementDef)
            let values = try assemble(value, type: valueField.type, rep: repLevel, def: elementDef)
            let total = Int(offsets.load(count, as: Int32.self))
            guard keys.count == total, values.count == total else {
                throw corrupt(first, "map has \(total) entries but \(keys.count) keys and \(values.count) values")
            }
            return Column(type: type, count: count, validity: validity, values: Buffer(), offsets: offsets, children: [keys, values])
        }
    }

    /// Row count, validity and element offsets of a list (or map) at slot spec `(rep, def)`.
    private func listShape(
        first: Int, rep: Int, def: Int, nullDef: Int?, elementDef: Int, repLevel: Int
    ) throws -> (Int, BitVector?, Buffer) {
        let data = leaves[first]!
        let parents = slots(leaf: first, rep: rep, def: def) ?? (0..<data.entryCount).map { Int32($0) }
        let children = slots(leaf: first, rep: repLevel, def: elementDef) ?? (0..<data.entryCount).map { Int32($0) }
        let count = parents.count
        var offsets = Buffer(capacity: (count + 1) * 4)
        var validity: BitVector?
        try data.definitionLevels.withUnsafeBufferPointer(as: UInt8.self) { defs in
            let hasDef = defs.count > 0
            var c = 0
            for i in 0..<count {
                let start = Int(parents[i])
                let end = i + 1 < count ? Int(parents[i + 1]) : Int.max
                offsets.append(Int32(c))
                if i == 0 && c < children.count && Int(children[0]) < start {
                    throw corrupt(first, "list element before the first list at level entry \(children[0])")
                }
                let level = hasDef ? Int(defs[start]) : elementDef
                let firstChild = c
                while c < children.count && Int(children[c]) < end { c += 1 }
                if level < elementDef && c != firstChild {
                    throw corrupt(first, "elements under a null or empty list at level entry \(start)")
                }
                if let nullDef, level < nullDef {
                    if validity == nil { validity = BitVector(repeating: true, count: i) }
                    validity!.append(false)
                } else if validity != nil {
                    validity!.append(true)
                }
            }
            offsets.append(Int32(c))
        }
        return (count, validity, offsets)
    }
}
