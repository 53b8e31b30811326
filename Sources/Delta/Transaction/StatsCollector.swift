import Columnar
import LakeJSON
import Parquet

/// Builds an add action's `stats` JSON from the footer of the Parquet file just written:
/// `numRecords`, and `minValues` / `maxValues` / `nullCount` for the first
/// `delta.dataSkippingNumIndexedCols` (default 32) leaf columns outside lists and maps, keyed
/// by physical name and nested like the schema.
///
/// As Spark: no min/max for booleans and binaries; strings keep a 32-character prefix (a
/// truncated maximum gets U+10FFFF appended so it stays an upper bound); timestamps are
/// written at millisecond precision with `Z` (readers widen the maximum by 1 ms); decimals as
/// exact JSON numbers.
struct StatsCollector {
    let indexedColumns: Int

    init(configuration: [String: String]) {
        indexedColumns = configuration["delta.dataSkippingNumIndexedCols"].flatMap { Int($0) } ?? 32
    }

    func stats(_ metadata: FileMetaData, schema: ParquetSchema) -> String {
        var minValues = JSONObject(), maxValues = JSONObject(), nullCount = JSONObject()
        var indexed = 0
        for (leafIndex, leaf) in schema.leaves.enumerated() {
            guard indexedColumns < 0 || indexed < indexedColumns else { break }
            guard leaf.maxRepetitionLevel == 0, !insideListOrMap(leaf, schema) else { continue }
            indexed += 1
            var nulls: Int64 = 0
            var lo: Value?, hi: Value?
            var complete = true
            for group in metadata.rowGroups {
                guard let stats = group.columns[leafIndex].metaData?.statistics else { complete = false; continue }
                nulls += stats.nullCount ?? 0
                if group.numRows == (stats.nullCount ?? -1) { continue }  // all null: no bounds
                guard let minBytes = stats.minValue, let maxBytes = stats.maxValue,
                      stats.isMinValueExact != false, stats.isMaxValueExact != false,
                      let a = leaf.statisticValue(minBytes), let b = leaf.statisticValue(maxBytes) else { complete = false; continue }
                if lo == nil || a.compare(lo!).map({ $0 < 0 }) == true { lo = a }
                if hi == nil || b.compare(hi!).map({ $0 > 0 }) == true { hi = b }
            }
            Self.set(&nullCount, leaf.path, .int(nulls))
            guard complete, let lo, let hi else { continue }
            if let (minJSON, maxJSON) = Self.bounds(lo, hi, leaf.valueType) {
                Self.set(&minValues, leaf.path, minJSON)
                Self.set(&maxValues, leaf.path, maxJSON)
            }
        }
        let json: JSONValue = .object(JSONObject([
            .init("numRecords", .int(metadata.numRows)),
            .init("minValues", .object(minValues)),
            .init("maxValues", .object(maxValues)),
            .init("nullCount", .object(nullCount)),
        ]))
        return json.serialized()
    }

    func insideListOrMap(_ leaf: ColumnDescriptor, _ schema: ParquetSchema) -> Bool {
        var fields = schema.schema.fields
        for name in leaf.path {
            guard let f = fields.first(where: { $0.name == name }) else { return true }
            switch f.type {
            case .list, .map: return true
            case .struct(let children): fields = children
            default: fields = []
            }
        }
        return false
    }

    static func set(_ object: inout JSONObject, _ path: [String], _ value: JSONValue) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var child = object[first]?.objectValue ?? JSONObject()
        set(&child, Array(path.dropFirst()), value)
        object[first] = .object(child)
    }

    /// JSON min and max for a column type, or nil when Delta keeps none.
    static func bounds(_ lo: Value, _ hi: Value, _ type: DataType) -> (JSONValue, JSONValue)? {
        switch (lo, hi) {
        case (.int(let a), .int(let b)): return (.int(a), .int(b))
        case (.double(let a), .double(let b)): return (number(a), number(b))
        case (.float(let a), .float(let b)): return (number(Double(a)), number(Double(b)))
        case (.decimal, .decimal):
            return (.number(lo.text(as: type)), .number(hi.text(as: type)))
        case (.date, .date): return (.string(lo.text(as: type)), .string(hi.text(as: type)))
        case (.timestamp(let a), .timestamp(let b)):
            let utc = type == .timestamp
            let floorA = a - ((a % 1000) + 1000) % 1000, floorB = b - ((b % 1000) + 1000) % 1000
            return (.string(TemporalFormat.timestamp(floorA, utc: utc, fractionDigits: 3)),
                    .string(TemporalFormat.timestamp(floorB, utc: utc, fractionDigits: 3)))
        case (.string(let a), .string(let b)):
            let maxChars = 32
            let minText = String(a.unicodeScalars.prefix(maxChars))
            var maxText = String(b.unicodeScalars.prefix(maxChars))
            if b.unicodeScalars.count > maxChars { maxText += "\u{10FFFF}" }
            return (.string(minText), .string(maxText))
        default:
            return nil  // booleans, binaries, unsigned
        }
    }

    static func number(_ d: Double) -> JSONValue {
        if d.isNaN { return .string("NaN") }
        if d.isInfinite { return .string(d > 0 ? "Infinity" : "-Infinity") }
        if d == d.rounded(), abs(d) < 1e15 { return .number(String(Int64(d)) + ".0") }
        return .number(String(d))
    }
}
