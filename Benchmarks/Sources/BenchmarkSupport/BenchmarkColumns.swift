import Columnar

/// Builders of the single columns the benchmarks encode and decode. Each is deterministic
/// (seeded) and built directly into its buffers.
public enum BenchmarkColumns {
    /// Rows per column: one full row group at the writer's default limit (1 Mi rows).
    public static let rows = 1 << 20

    /// Random `Int64`s; with `distinct`, drawn from that many random values.
    public static func int64(count: Int = rows, distinct: Int? = nil, seed: UInt64 = 1) -> Column {
        var rng = SeededGenerator(seed: seed)
        let pool = distinct.map { n in (0..<n).map { _ in Int64(bitPattern: rng.next()) } }
        var values = Buffer(capacity: count * 8)
        for _ in 0..<count {
            if let pool {
                values.append(pool[Int(rng.next() % UInt64(pool.count))])
            } else {
                values.append(Int64(bitPattern: rng.next()))
            }
        }
        return Column(type: .int64, count: count, validity: nil, values: values)
    }

    /// Random `Int32`s; with `distinct`, drawn from that many random values, in runs of
    /// `runLength` equal values (1: every row draws anew).
    public static func int32(count: Int = rows, distinct: Int? = nil, runLength: Int = 1, seed: UInt64 = 2) -> Column {
        var rng = SeededGenerator(seed: seed)
        let pool = distinct.map { n in (0..<n).map { _ in Int32(truncatingIfNeeded: rng.next()) } }
        var values = Buffer(capacity: count * 4)
        var current: Int32 = 0
        for row in 0..<count {
            if row % runLength == 0 {
                current = pool.map { $0[Int(rng.next() % UInt64($0.count))] } ?? Int32(truncatingIfNeeded: rng.next())
            }
            values.append(current)
        }
        return Column(type: .int32, count: count, validity: nil, values: values)
    }

    /// An increasing `Int64` sequence (microsecond timestamps from 2025 on) whose steps are
    /// random in `0..<maxStep`: what DELTA_BINARY_PACKED is made for.
    public static func timestamps(count: Int = rows, maxStep: UInt64 = 2_000, seed: UInt64 = 6) -> Column {
        var rng = SeededGenerator(seed: seed)
        var values = Buffer(capacity: count * 8)
        var current: Int64 = 1_735_689_600_000_000
        for _ in 0..<count {
            values.append(current)
            current += Int64(rng.next() % maxStep)
        }
        return Column(type: .int64, count: count, validity: nil, values: values)
    }

    /// Random `Int32`s in `0..<bound`.
    public static func boundedInt32(count: Int = rows, bound: UInt64, seed: UInt64 = 7) -> Column {
        var rng = SeededGenerator(seed: seed)
        var values = Buffer(capacity: count * 4)
        for _ in 0..<count { values.append(Int32(rng.next() % bound)) }
        return Column(type: .int32, count: count, validity: nil, values: values)
    }

    /// Random `Int64`s in `0..<bound` (with a small bound, six of every eight PLAIN bytes
    /// are zero: a column every codec compresses).
    public static func boundedInt64(count: Int = rows, bound: UInt64, seed: UInt64 = 8) -> Column {
        var rng = SeededGenerator(seed: seed)
        var values = Buffer(capacity: count * 8)
        for _ in 0..<count { values.append(Int64(rng.next() % bound)) }
        return Column(type: .int64, count: count, validity: nil, values: values)
    }

    /// Random doubles in [-1e6, 1e6); with `distinct`, drawn from that many random values.
    public static func double(count: Int = rows, distinct: Int? = nil, seed: UInt64 = 3) -> Column {
        var rng = SeededGenerator(seed: seed)
        let pool = distinct.map { n in (0..<n).map { _ in Double.random(in: -1e6..<1e6, using: &rng) } }
        var values = Buffer(capacity: count * 8)
        for _ in 0..<count {
            if let pool {
                values.append(pool[Int(rng.next() % UInt64(pool.count))])
            } else {
                values.append(Double.random(in: -1e6..<1e6, using: &rng))
            }
        }
        return Column(type: .float64, count: count, validity: nil, values: values)
    }

    /// Random `Int64`s of which about `nullFraction` are null (value slot zero).
    public static func nullableInt64(count: Int = rows, nullFraction: Double, seed: UInt64 = 4) -> Column {
        var rng = SeededGenerator(seed: seed)
        var values = Buffer(capacity: count * 8)
        var validity = BitVector(capacity: count)
        for _ in 0..<count {
            let valid = Double.random(in: 0..<1, using: &rng) >= nullFraction
            validity.append(valid)
            values.append(valid ? Int64(bitPattern: rng.next()) : 0)
        }
        return Column(type: .int64, count: count, validity: validity, values: values)
    }

    /// Random ASCII strings of `length` letters; with `distinct`, drawn from that many.
    public static func strings(count: Int = rows, length: ClosedRange<Int>, distinct: Int? = nil, seed: UInt64 = 5) -> Column {
        var rng = SeededGenerator(seed: seed)
        func word() -> [UInt8] {
            (0..<Int.random(in: length, using: &rng)).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
        }
        let pool = distinct.map { n in (0..<n).map { _ in word() } }
        var values = Buffer(capacity: count * length.upperBound)
        var offsets = Buffer(capacity: (count + 1) * 4)
        offsets.append(Int32(0))
        for _ in 0..<count {
            let bytes = pool.map { $0[Int(rng.next() % UInt64($0.count))] } ?? word()
            values.append(contentsOf: bytes)
            offsets.append(Int32(values.count))
        }
        return Column(type: .string, count: count, validity: nil, values: values, offsets: offsets)
    }

    /// A table-like batch of six columns: `id` (sequential `Int64`), `ts` (timestamps), `qty`
    /// (`Int32` below 100), `price` (random doubles), `status` (strings, 100 distinct) and
    /// `discount` (`Int64`, 10% null).
    public static func mixedBatch(count: Int = rows) -> RecordBatch {
        var ids = Buffer(capacity: count * 8)
        for i in 0..<count { ids.append(Int64(i)) }
        let columns = [
            Column(type: .int64, count: count, validity: nil, values: ids),
            timestamps(count: count),
            boundedInt32(count: count, bound: 100),
            double(count: count),
            strings(count: count, length: 8...24, distinct: 100),
            nullableInt64(count: count, nullFraction: 0.1),
        ]
        let schema = Schema([
            Field("id", .int64, nullable: false), Field("ts", .int64, nullable: false),
            Field("qty", .int32, nullable: false), Field("price", .float64, nullable: false),
            Field("status", .string, nullable: false), Field("discount", .int64, nullable: true),
        ])
        return RecordBatch(schema: schema, columns: columns)
    }

    /// Bytes of the column's in-memory buffers (values, offsets, validity): what a decoder
    /// produces and an encoder consumes, the numerator of the benchmarks' byte rates.
    public static func byteSize(_ column: Column) -> Int {
        column.values.count + column.offsets.count + (column.validity.map { ($0.count + 7) / 8 } ?? 0)
    }
}
