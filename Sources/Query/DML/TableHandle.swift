import Columnar
import Delta

/// What a DELETE, UPDATE or MERGE did.
public struct DMLOutcome: Sendable, Equatable {
    /// Rows deleted, updated or inserted.
    public var affectedRows: Int
    /// Rows updated.
    public var updatedRows: Int
    /// Rows deleted.
    public var deletedRows: Int
    /// Rows inserted (MERGE).
    public var insertedRows: Int
    /// The version committed, or nil when nothing changed.
    public var version: Int64?
}

extension QueryEngine {
    /// A handle on a Delta table for DML from Swift: `name` is a catalog name (`schema.table`)
    /// or a path (then it is read as ``delta.`path` ``).
    ///
    /// ```swift
    /// let orders = engine.deltaTable("sales.orders")
    /// try orders.delete(where: "status = 'cancelled'")
    /// try orders.update(set: [("amount", "amount * 1.1")], where: "region = 'EU'")
    /// try orders.merge(using: "sales.updates", on: "t.id = s.id")
    ///     .whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
    /// ```
    public func deltaTable(_ name: String) -> TableHandle {
        TableHandle(engine: self, name: name.hasPrefix("/") ? "delta.\(SQLFormat.quoted(name))" : name)
    }
}

/// DELETE, UPDATE, MERGE, constraints and the change data feed of one table, from Swift. Each
/// call runs the same statement `sql()` would (conditions and values are SQL text).
public struct TableHandle: Sendable {
    let engine: QueryEngine
    /// The table as SQL names it.
    public let name: String

    /// `DELETE FROM table [WHERE predicate]`.
    @discardableResult
    public func delete(where predicate: String? = nil) throws -> DMLOutcome {
        try run("DELETE FROM \(name)" + (predicate.map { " WHERE \($0)" } ?? ""))
    }

    /// `UPDATE table SET column = value, ... [WHERE predicate]` (values are SQL expressions).
    @discardableResult
    public func update(set assignments: [(column: String, value: String)], where predicate: String? = nil) throws -> DMLOutcome {
        let set = assignments.map { "\(SQLFormat.identifier($0.column)) = \($0.value)" }.joined(separator: ", ")
        return try run("UPDATE \(name) SET \(set)" + (predicate.map { " WHERE \($0)" } ?? ""))
    }

    /// A MERGE into this table (alias `t`) from `source` — a table name or a query in
    /// parentheses — aliased `sourceAlias`, matched on `condition`.
    public func merge(using source: String, as sourceAlias: String = "s", on condition: String) -> MergeBuilder {
        MergeBuilder(handle: self, source: source, sourceAlias: sourceAlias, condition: condition)
    }

    /// `ALTER TABLE ADD CONSTRAINT name CHECK (expression)`.
    public func addConstraint(_ constraint: String, check expression: String) throws {
        try engine.sql("ALTER TABLE \(name) ADD CONSTRAINT \(SQLFormat.identifier(constraint)) CHECK (\(expression))")
    }

    /// `ALTER TABLE DROP CONSTRAINT [IF EXISTS] name`.
    public func dropConstraint(_ constraint: String, ifExists: Bool = false) throws {
        try engine.sql("ALTER TABLE \(name) DROP CONSTRAINT \(ifExists ? "IF EXISTS " : "")\(SQLFormat.identifier(constraint))")
    }

    /// The change data feed from `start` to `end` (versions, inclusive; default the latest).
    public func changes(from start: Int64, to end: Int64? = nil) throws -> QueryResult {
        let location = try engine.location(Self.source(name))
        return try engine.sql("SELECT * FROM table_changes_by_path(\(SQLFormat.string(location)), \(start)\(end.map { ", \($0)" } ?? ""))")
    }

    static func source(_ name: String) throws -> TableSource {
        guard case .delete(let d) = try SQLParser.parseStatement("DELETE FROM \(name)") else {
            throw QueryError(.invalidArgument, "'\(name)' is not a table name")
        }
        return d.table
    }

    func run(_ sql: String) throws -> DMLOutcome {
        let result = try engine.sql(sql)
        return Self.outcome(result)
    }

    /// The counts of a DML statement's one-row result.
    static func outcome(_ result: QueryResult) -> DMLOutcome {
        let batch = result.batch
        func value(_ name: String) -> Int {
            guard batch.count > 0, let c = batch.column(named: name), case .int(let v) = c.value(at: 0) else { return 0 }
            return Int(v)
        }
        var version: Int64?
        if let message = result.message, let r = message.range(of: "(version ") {
            version = Int64(message[r.upperBound...].prefix { $0.isNumber })
        }
        let affected = value("num_affected_rows")
        let isMerge = batch.column(named: "num_inserted_rows") != nil
        let deleted = isMerge ? value("num_deleted_rows") : (result.message?.hasPrefix("deleted") == true ? affected : 0)
        let updated = isMerge ? value("num_updated_rows") : (result.message?.hasPrefix("updated") == true ? affected : 0)
        return DMLOutcome(affectedRows: affected, updatedRows: updated, deletedRows: deleted, insertedRows: value("num_inserted_rows"), version: version)
    }
}

/// Builds a MERGE from Swift: clauses apply in the order added, as in SQL.
public struct MergeBuilder: Sendable {
    let handle: TableHandle
    let source: String
    let sourceAlias: String
    let condition: String
    var clauses: [String] = []
    var evolution = false

    func adding(_ clause: String) -> MergeBuilder {
        var copy = self
        copy.clauses.append(clause)
        return copy
    }

    static func and(_ condition: String?) -> String { condition.map { " AND \($0)" } ?? "" }

    static func set(_ assignments: [(column: String, value: String)]) -> String {
        assignments.map { "t.\(SQLFormat.identifier($0.column)) = \($0.value)" }.joined(separator: ", ")
    }

    /// `WHEN MATCHED [AND condition] THEN UPDATE SET ...`.
    public func whenMatchedUpdate(set assignments: [(column: String, value: String)], condition: String? = nil) -> MergeBuilder {
        adding("WHEN MATCHED\(Self.and(condition)) THEN UPDATE SET \(Self.set(assignments))")
    }

    /// `WHEN MATCHED [AND condition] THEN UPDATE SET *`.
    public func whenMatchedUpdateAll(condition: String? = nil) -> MergeBuilder {
        adding("WHEN MATCHED\(Self.and(condition)) THEN UPDATE SET *")
    }

    /// `WHEN MATCHED [AND condition] THEN DELETE`.
    public func whenMatchedDelete(condition: String? = nil) -> MergeBuilder {
        adding("WHEN MATCHED\(Self.and(condition)) THEN DELETE")
    }

    /// `WHEN NOT MATCHED [AND condition] THEN INSERT (columns) VALUES (values)`.
    public func whenNotMatchedInsert(values: [(column: String, value: String)], condition: String? = nil) -> MergeBuilder {
        let columns = values.map { SQLFormat.identifier($0.column) }.joined(separator: ", ")
        return adding("WHEN NOT MATCHED\(Self.and(condition)) THEN INSERT (\(columns)) VALUES (\(values.map(\.value).joined(separator: ", ")))")
    }

    /// `WHEN NOT MATCHED [AND condition] THEN INSERT *`.
    public func whenNotMatchedInsertAll(condition: String? = nil) -> MergeBuilder {
        adding("WHEN NOT MATCHED\(Self.and(condition)) THEN INSERT *")
    }

    /// `WHEN NOT MATCHED BY SOURCE [AND condition] THEN UPDATE SET ...`.
    public func whenNotMatchedBySourceUpdate(set assignments: [(column: String, value: String)], condition: String? = nil) -> MergeBuilder {
        adding("WHEN NOT MATCHED BY SOURCE\(Self.and(condition)) THEN UPDATE SET \(Self.set(assignments))")
    }

    /// `WHEN NOT MATCHED BY SOURCE [AND condition] THEN DELETE`.
    public func whenNotMatchedBySourceDelete(condition: String? = nil) -> MergeBuilder {
        adding("WHEN NOT MATCHED BY SOURCE\(Self.and(condition)) THEN DELETE")
    }

    /// `MERGE WITH SCHEMA EVOLUTION`: source columns the table lacks are added.
    public func withSchemaEvolution() -> MergeBuilder {
        var copy = self
        copy.evolution = true
        return copy
    }

    /// The statement as SQL.
    public var sql: String {
        "MERGE \(evolution ? "WITH SCHEMA EVOLUTION " : "")INTO \(handle.name) AS t USING \(source) AS \(SQLFormat.identifier(sourceAlias)) ON \(condition) "
            + clauses.joined(separator: " ")
    }

    /// Runs the MERGE.
    @discardableResult
    public func execute() throws -> DMLOutcome {
        try handle.run(sql)
    }
}
