import Columnar
import Testing
@testable import Query

/// Group numbering against a reference that compares keys by their stored bytes (nulls
/// equal to nulls), over fixed-width, string, packed and nested keys, nulls, many groups,
/// merging and lookups without insertion.
@Suite struct GroupTableTests {
    /// A row's key as the reference sees it: per column nil (null) or the value's bytes.
    static func referenceKey(_ columns: [Column], _ row: Int) -> [[UInt8]?] {
        columns.map { c in
            if c.isNull(row) { return nil }
            if let w = c.type.fixedWidth { return c.values.withUnsafeBytes { Array($0[(row * w)..<((row + 1) * w)]) } }
            if c.type.isByteArray { return c.withBytes(at: row) { Array($0) } }
            return Array(c.value(at: row).text(as: c.type).utf8)
        }
    }

    /// Reference grouping: first appearance numbering over every batch in turn.
    struct Reference {
        var groups: [[[UInt8]?]: Int32] = [:]
        mutating func groups(_ columns: [Column], _ n: Int) -> [Int32] {
            (0..<n).map { i in
                let key = GroupTableTests.referenceKey(columns, i)
                if let g = groups[key] { return g }
                let g = Int32(groups.count)
                groups[key] = g
                return g
            }
        }
    }

    static func keyTexts(_ table: GroupTable) -> [String] {
        let cols = table.keyColumns
        return (0..<table.count).map { r in cols.map { $0.value(at: r).text(as: $0.type) }.joined(separator: "|") }
    }

    static func expectedKeyTexts(_ batches: [[Column]]) -> [String] {
        var seen = Set<[[UInt8]?]>()
        var out: [String] = []
        for columns in batches {
            for i in 0..<columns[0].count where seen.insert(referenceKey(columns, i)).inserted {
                out.append(columns.map { $0.value(at: i).text(as: $0.type) }.joined(separator: "|"))
            }
        }
        return out
    }

    /// Random columns of `type` with values drawn from `distinct` choices and some nulls.
    static func column(_ type: DataType, _ n: Int, distinct: Int, nulls: Bool, seed: UInt64) -> Column {
        var rng = SplitMix(seed)
        let values: [Value] = (0..<n).map { _ in
            if nulls && rng.next() % 9 == 0 { return .null }
            let k = Int64(rng.next() % UInt64(distinct))
            switch type {
            case .int8: return .int(k % 100 - 50)
            case .int16, .int32, .int64: return .int(k * 7919 - 3)
            case .date: return .date(Int32(k))
            case .boolean: return .boolean(k % 2 == 0)
            case .float64: return .double([0.0, -0.0, .nan, 1.5, -2.25][Int(k) % 5] + Double(k / 5))
            case .decimal(let p, _): return .decimal(Int128(k) * (p > 18 ? 1_000_000_000_000_000_000_000 : 1))
            case .string: return .string(k % 3 == 0 ? String(k) : (k % 3 == 1 ? "" + String(repeating: "x", count: Int(k % 4)) : "a longer key value #\(k)"))
            case .binary: return .binary(Array(String(k).utf8))
            case .struct: return .struct([.int(k % 5), .string("s\(k % 3)")])
            default: return .null
            }
        }
        return Column(type, values)
    }

    static let shapes: [[DataType]] = [
        [.int64], [.int32], [.int8], [.boolean], [.date], [.float64], [.decimal(precision: 38, scale: 0)], [.decimal(precision: 10, scale: 2)],
        [.string], [.binary], [.string, .string], [.int32, .string], [.boolean, .int16, .string], [.int64, .string],
        [.struct([Field("a", .int64), Field("b", .string)])], [.string, .struct([Field("a", .int64), Field("b", .string)])],
    ]

    @Test(arguments: shapes.indices, [3, 40, 2000, 0])
    func groupsMatchTheReference(shape: Int, distinct: Int) throws {
        let types = Self.shapes[shape]
        let table = GroupTable(keyTypes: types)
        // 0: a few keys that all hash alike, so the comparison of key columns decides alone.
        let distinct = distinct == 0 ? 12 : distinct
        if distinct == 12 { table.hashMask = 0 }
        var reference = Reference()
        var batches: [[Column]] = []
        for b in 0..<3 {
            let n = [400, 1, 1200][b]
            let columns = types.enumerated().map { Self.column($0.element, n, distinct: distinct, nulls: b != 1, seed: UInt64(shape * 100 + b * 10 + $0.offset)) }
            batches.append(columns)
            let expected = reference.groups(columns, n)
            #expect(table.groups(columns, rows: n) == expected, "\(types) batch \(b)")
        }
        #expect(table.count == reference.groups.count)
        #expect(Self.keyTexts(table) == Self.expectedKeyTexts(batches))
        // Lookups find the same groups and insert nothing.
        let probe = types.enumerated().map { Self.column($0.element, 300, distinct: distinct * 2, nulls: true, seed: 999 + UInt64($0.offset)) }
        let found = table.find(probe, rows: 300)
        for i in 0..<300 {
            #expect(found[i] == (reference.groups[Self.referenceKey(probe, i)] ?? -1))
        }
        #expect(table.count == reference.groups.count)
    }

    @Test func nullsAreKeysOfTheirOwn() throws {
        let a = Column(.int64, [.null, .int(0), .int(1), .null, .int(0)])
        let b = Column(.string, [.string("x"), .null, .string(""), .null, .null])
        let table = GroupTable(keyTypes: [.int64, .string])
        #expect(table.groups([a, b], rows: 5) == [0, 1, 2, 3, 1])
        #expect(Self.keyTexts(table) == ["NULL|x", "0|NULL", "1|", "NULL|NULL"])
        let single = GroupTable(keyTypes: [.string])
        #expect(single.groups([Column(.string, [.string(""), .null, .string(""), .null])], rows: 4) == [0, 1, 0, 1])
        #expect(single.keyColumns[0].isNull(1))
        // A null row's stored value does not matter.
        var hidden = Column(.int32, [.int(5), .int(6), .int(5)])
        hidden.validity = BitVector([false, false, true])
        let t = GroupTable(keyTypes: [.int32])
        #expect(t.groups([hidden], rows: 3) == [0, 0, 1])
    }

    @Test func floatingPointKeysCompareByBits() throws {
        let c = Column(.float64, [.double(0.0), .double(-0.0), .double(.nan), .double(.nan), .double(0.0)])
        let table = GroupTable(keyTypes: [.float64])
        #expect(table.groups([c], rows: 5) == [0, 1, 2, 2, 0])
    }

    @Test func packedKeysFallBackForLongStringsAndAgree() throws {
        // Two short flags pack into a word; a batch with a longer string takes the general path.
        let table = GroupTable(keyTypes: [.string, .string])
        var reference = Reference()
        let batches: [[Column]] = [
            [Column(.string, [.string("A"), .string("N"), .string("A"), .null]), Column(.string, [.string("F"), .string("O"), .string("F"), .string("F")])],
            [Column(.string, [.string("N"), .string("LONGER"), .string("A")]), Column(.string, [.string("O"), .string("F"), .string("O")])],
            [Column(.string, [.string("A"), .string("LONGER"), .string("R"), .string("")]), Column(.string, [.string("O"), .string("F"), .string("F"), .string("")])],
        ]
        for columns in batches {
            let expected = reference.groups(columns, columns[0].count)
            #expect(table.groups(columns, rows: columns[0].count) == expected)
        }
        #expect(Self.keyTexts(table) == ["A|F", "N|O", "NULL|F", "LONGER|F", "A|O", "R|F", "|"])
    }

    @Test func manyGroupsKeepTheirFirstAppearanceOrder() throws {
        let n = 200_000
        var values: [Value] = []
        values.reserveCapacity(n)
        for i in 0..<n { values.append(.int(Int64((i * 7_919) % 150_001))) }
        let table = GroupTable(keyTypes: [.int64])
        let gids = table.groups([Column(.int64, values)], rows: n)
        #expect(table.count == 150_001)
        var firstSeen: [Int64: Int32] = [:]
        for (i, v) in values.enumerated() {
            guard case .int(let x) = v else { continue }
            let expected = firstSeen[x] ?? Int32(firstSeen.count)
            firstSeen[x] = expected
            if gids[i] != expected { Issue.record("row \(i): group \(gids[i]), expected \(expected)"); break }
        }
        let keys = table.keyColumns[0]
        #expect(keys.value(at: 0) == .int(0) && keys.value(at: 1) == .int(7_919))
    }

    @Test(arguments: [[DataType.int64], [.string, .string], [.int32, .string, .decimal(precision: 20, scale: 2)]])
    func mergingTables(types: [DataType]) throws {
        let left = GroupTable(keyTypes: types), right = GroupTable(keyTypes: types)
        let a = types.enumerated().map { Self.column($0.element, 500, distinct: 30, nulls: true, seed: 1 + UInt64($0.offset)) }
        let b = types.enumerated().map { Self.column($0.element, 500, distinct: 60, nulls: true, seed: 50 + UInt64($0.offset)) }
        _ = left.groups(a, rows: 500)
        let rightGroups = right.groups(b, rows: 500)
        let leftCount = left.count
        let mapping = left.merge(right)
        #expect(mapping.count == right.count)
        // Every right row's key now has the group the mapping names, and the left groups kept theirs.
        var reference = Reference()
        _ = reference.groups(a, 500)
        let expected = reference.groups(b, 500)
        for i in 0..<500 { #expect(mapping[Int(rightGroups[i])] == expected[i]) }
        #expect(left.count == reference.groups.count)
        #expect(left.count >= leftCount)
        #expect(Self.keyTexts(left) == Self.expectedKeyTexts([a, b]))
        #expect(left.merge(GroupTable(keyTypes: types)) == [])
    }

    @Test func keylessTables() throws {
        let table = GroupTable(keyTypes: [])
        #expect(table.groups([], rows: 3) == [0, 0, 0])
        #expect(table.count == 1)
        let other = GroupTable(keyTypes: [])
        _ = other.groups([], rows: 1)
        #expect(table.merge(other) == [0])
        #expect(table.find([], rows: 2) == [0, 0])
        #expect(GroupTable(keyTypes: []).find([], rows: 2) == [-1, -1])
    }

    @Test func keysOfAnotherLayoutFindNothing() throws {
        let table = GroupTable(keyTypes: [.int64])
        _ = table.groups([Column(.int64, [.int(1)])], rows: 1)
        #expect(table.find([Column(.int32, [.int(1)])], rows: 1) == [-1])
        #expect(table.find([Column(.int64, [.int(1), .int(2), .null])], rows: 3) == [0, -1, -1])
    }
}
