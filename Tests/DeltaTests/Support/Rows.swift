import Columnar
@testable import Delta

/// Test helpers: build batches from rows, read tables back as sorted rows.
enum Rows {
    static func batch(_ schema: Schema, _ rows: [[Value]]) -> RecordBatch {
        let columns = schema.fields.indices.map { i in Column(schema.fields[i].type, rows.map { $0[i] }) }
        return RecordBatch(schema: schema, columns: columns, count: rows.count)
    }

    /// The rows of a table version as text (`a=1, b=x`), sorted.
    static func read(_ table: DeltaTable, version: Int64? = nil, predicate: Expression? = nil) throws -> [String] {
        let snapshot = try table.snapshot(version: version)
        let batch = try Scan(snapshot: snapshot, storage: table.storage, predicate: predicate).collect()
        return (0..<batch.count).map { r in
            batch.schema.fields.enumerated().map { i, f in "\(f.name)=\(batch.columns[i].value(at: r).text(as: f.type))" }.joined(separator: ", ")
        }.sorted()
    }
}
