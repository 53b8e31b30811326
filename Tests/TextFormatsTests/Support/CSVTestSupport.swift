import Columnar
import TextFormats

/// Everything a reader produced: its schema, rows as boxed values and the batch sizes.
struct ReadResult {
    var schema: Schema
    var rows: [[Value]]
    var batchSizes: [Int]

    /// The values of column `name`.
    func column(_ name: String) -> [Value] {
        guard let k = schema.index(of: name) else { return [] }
        return rows.map { $0[k] }
    }

    /// The column types by name.
    var types: [String: DataType] {
        Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0.type) })
    }
}

/// Reads CSV text to the end.
func readCSV(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> ReadResult {
    try readCSV(bytes: Array(text.utf8), options)
}

/// Reads CSV bytes to the end.
func readCSV(bytes: [UInt8], _ options: CSVOptions = CSVOptions()) throws -> ReadResult {
    var reader = try CSVReader(bytes: bytes, name: "test.csv", options: options)
    return try drain(schema: reader.schema) { try reader.next() }
}

/// Collects batches until `next` returns nil, checking each batch against `schema`.
func drain(schema: Schema, _ next: () throws -> RecordBatch?) throws -> ReadResult {
    var result = ReadResult(schema: schema, rows: [], batchSizes: [])
    while let batch = try next() {
        precondition(batch.schema == schema, "batch schema differs from the reader's")
        result.batchSizes.append(batch.count)
        for i in 0..<batch.count { result.rows.append(batch.row(i)) }
    }
    return result
}

/// Microseconds since the epoch of a UTC date and time.
func micros(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ us: Int = 0) -> Int64 {
    Int64(days(y, mo, d)) * 86_400_000_000 + Int64(h * 3600 + mi * 60 + s) * 1_000_000 + Int64(us)
}

/// Days since the epoch of a date (proleptic Gregorian).
func days(_ y: Int, _ m: Int, _ d: Int) -> Int32 {
    let yy = m <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Int32(era * 146_097 + doe - 719_468)
}
