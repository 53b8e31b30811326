import Columnar
import Delta
import Query

/// Reading tables in tests.
enum Rows {
    /// The rows of `sql` as text lines `a|b|c`, sorted.
    static func sorted(_ engine: QueryEngine, _ sql: String) throws -> [String] {
        let result = try engine.sql(sql)
        var out: [String] = []
        for b in result.batches {
            for r in 0..<b.count {
                out.append(b.columns.indices.map { i in
                    let v = b.columns[i].value(at: r)
                    return v.isNull ? "NULL" : v.text(as: b.schema.fields[i].type)
                }.joined(separator: "|"))
            }
        }
        return out.sorted()
    }

    /// The single value of `sql`.
    static func value(_ engine: QueryEngine, _ sql: String) throws -> Value {
        let b = try engine.sql(sql).batch
        return b.count > 0 ? b.columns[0].value(at: 0) : .null
    }
}
