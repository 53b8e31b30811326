import Columnar
import Delta

/// `table_changes('table', start [, end])` (also `table_changes_by_path('/path', ...)`): the
/// change data feed of a Delta table as rows — its columns, then `_change_type`,
/// `_commit_version` and `_commit_timestamp`. `start` and `end` are versions (integers) or
/// timestamps (strings or TIMESTAMP values; the first version committed at or after `start`,
/// the last at or before `end`); `end` defaults to the latest version.
enum TableChangesFunction {
    static func plan(_ f: TableFunction, binder: Binder, session: Session) throws -> LogicalPlan {
        let name = f.name.last.lowercased()
        guard (2...3).contains(f.arguments.count) else {
            throw binder.error(.typeMismatch, "\(name)() takes a table, a start version or timestamp and an optional end", at: f.position)
        }
        let values = try f.arguments.map { e -> Value in
            guard case .literal(let v, _) = try binder.fold(try binder.bindExpression(e, Scope([]), context: .plain)) else {
                throw binder.error(.typeMismatch, "\(name)() takes constant arguments, not \(e)", at: e.position)
            }
            return v
        }
        guard case .string(let tableName) = values[0] else {
            throw binder.error(.typeMismatch, "\(name)()'s first argument is the table's name (or path) as a string", at: f.position)
        }
        let table: DeltaTable
        if name == "table_changes_by_path" || tableName.hasPrefix("/") {
            table = DeltaTable(path: tableName)
            guard (try? table.exists()) == true else { throw binder.error(.notFound, "no Delta table at '\(tableName)'", at: f.position) }
        } else {
            do {
                table = try session.catalog.table(tableName.split(separator: ".").map(String.init))
            } catch let e as QueryError {
                throw binder.error(e.code, e.message, at: f.position)
            }
        }
        enum Bound { case version(Int64), timestamp(Int64) }
        func bound(_ v: Value, _ what: String) throws -> Bound {
            switch v {
            case .int(let i): return .version(i)
            case .timestamp(let t): return .timestamp(t / 1000)
            case .date(let d): return .timestamp(Int64(d) * 86_400_000)
            case .string(let s):
                if let i = Int64(s) { return .version(i) }
                guard let t = Literals.timestamp(s, utc: true) else {
                    throw binder.error(.typeMismatch, "\(name)(): the \(what) '\(s)' is neither a version nor a timestamp", at: f.position)
                }
                return .timestamp(t / 1000)
            default:
                throw binder.error(.typeMismatch, "\(name)(): the \(what) must be a version or a timestamp", at: f.position)
            }
        }
        let start = try bound(values[1], "start")
        let end = try values.count > 2 ? bound(values[2], "end") : nil
        do {
            var endVersion: Int64?
            switch end {
            case .version(let v)?: endVersion = v
            case .timestamp(let t)?:
                guard let last = try table.commitTimestamps().last(where: { $0.timestamp <= t }) else {
                    throw DeltaError(.versionNotFound, "no version was committed at or before the end timestamp", table: table.location)
                }
                endVersion = last.version
            case nil: break
            }
            let feed: ChangeDataFeed
            switch start {
            case .version(let v): feed = try ChangeDataFeed(table: table, startVersion: v, endVersion: endVersion)
            case .timestamp(let t):
                guard let first = try table.commitTimestamps().first(where: { $0.timestamp >= t }) else {
                    throw DeltaError(.versionNotFound, "no version was committed at or after the start timestamp", table: table.location)
                }
                feed = try ChangeDataFeed(table: table, startVersion: first.version, endVersion: endVersion)
            }
            var batches: [RecordBatch] = []
            try feed.forEachBatch { batches.append($0) }
            let schema = feed.schema
            return .scan(TableScan(source: .batches(batches), name: "\(name)('\(tableName)')", sourceSchema: schema,
                                   columns: Array(schema.fields.indices), pushedPredicate: nil))
        } catch let e as DeltaError {
            throw QueryError(e.code == .versionNotFound ? .notFound : .invalidArgument, e.description, cause: e)
        }
    }
}
