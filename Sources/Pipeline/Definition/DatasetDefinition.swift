import Foundation

/// One dataset of a pipeline: a Delta table `schema.table` under the pipeline's storage root,
/// defined by a file source (a bronze streaming table) or by a SQL query over other datasets
/// (`STREAM(schema.table)` reads a streaming table's new rows only).
///
/// ```swift
/// let bronze = DatasetDefinition.streamingTable("bronze.orders", source: FileSource(path: landing, format: .csv))
/// let silver = DatasetDefinition.streamingTable("silver.orders", sql: "SELECT ... FROM STREAM(bronze.orders)")
///     .expect("valid_id", "order_id IS NOT NULL", action: .drop)
///     .applyChanges(keys: ["order_id"], sequenceBy: "updated_at")
/// ```
public struct DatasetDefinition: Sendable, Hashable {
    /// The name, `schema.table` (lowercase).
    public var name: String
    /// Streaming table or materialized view.
    public var kind: DatasetKind
    /// The defining query, for datasets over other datasets.
    public var sql: String?
    /// The landing files, for ingestion datasets.
    public var source: FileSource?
    /// Data-quality rules, checked in order on every row written.
    public var expectations: [Expectation]
    /// Keyed upserts instead of appends (streaming tables defined by SQL).
    public var applyChanges: ApplyChanges?
    /// A description (the table's description).
    public var comment: String?
    /// Partition columns of the table.
    public var partitionBy: [String]
    /// Table properties (`delta.checkpointInterval`, ...).
    public var tableProperties: [String: String]
    /// Where the dataset is defined in its pipeline file (line, column), for messages.
    public var location: SourceLocation?
    /// Where the `sql` field's text starts in the pipeline file, for messages.
    public var sqlLocation: SourceLocation?

    /// Creates a dataset.
    public init(
        name: String, kind: DatasetKind, sql: String? = nil, source: FileSource? = nil, expectations: [Expectation] = [],
        applyChanges: ApplyChanges? = nil, comment: String? = nil, partitionBy: [String] = [], tableProperties: [String: String] = [:]
    ) {
        self.name = name.lowercased()
        self.kind = kind
        self.sql = sql
        self.source = source
        self.expectations = expectations
        self.applyChanges = applyChanges
        self.comment = comment
        self.partitionBy = partitionBy
        self.tableProperties = tableProperties
    }

    /// A streaming table fed by landing files.
    public static func streamingTable(_ name: String, source: FileSource, comment: String? = nil) -> DatasetDefinition {
        DatasetDefinition(name: name, kind: .streamingTable, source: source, comment: comment)
    }

    /// A streaming table defined by a query over `STREAM(...)` inputs.
    public static func streamingTable(_ name: String, sql: String, comment: String? = nil) -> DatasetDefinition {
        DatasetDefinition(name: name, kind: .streamingTable, sql: sql, comment: comment)
    }

    /// A materialized view defined by a query.
    public static func materializedView(_ name: String, sql: String, comment: String? = nil) -> DatasetDefinition {
        DatasetDefinition(name: name, kind: .materializedView, sql: sql, comment: comment)
    }

    /// This dataset with one more expectation.
    public func expect(_ name: String, _ condition: String, action: ExpectationAction = .warn) -> DatasetDefinition {
        var copy = self
        copy.expectations.append(Expectation(name, condition, action: action))
        return copy
    }

    /// This dataset upserting by key instead of appending.
    public func applyChanges(keys: [String], sequenceBy: String, applyAsDeletes: String? = nil, exceptColumns: [String] = []) -> DatasetDefinition {
        var copy = self
        copy.applyChanges = ApplyChanges(keys: keys, sequenceBy: sequenceBy, applyAsDeletes: applyAsDeletes, exceptColumns: exceptColumns)
        return copy
    }

    /// The schema part of the name.
    public var schemaName: String { String(name.split(separator: ".").first ?? "default") }
    /// The table part of the name.
    public var tableName: String { String(name.split(separator: ".").last ?? Substring(name)) }

    /// A fingerprint of everything that decides the dataset's rows (the query, expectations,
    /// upsert settings): a materialized view whose fingerprint changed is recomputed.
    public var fingerprint: String {
        var text = kind.rawValue + "\u{1}" + (sql ?? "") + "\u{1}"
        for e in expectations { text += e.name + "\u{2}" + e.condition + "\u{2}" + e.action.rawValue + "\u{1}" }
        if let a = applyChanges { text += a.keys.joined(separator: ",") + "|" + a.sequenceBy + "|" + (a.applyAsDeletes ?? "") + "|" + a.exceptColumns.joined(separator: ",") }
        // FNV-1a, 64 bits: stable across runs and platforms.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// A place in a pipeline file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
