#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar
import Delta
import Parquet
import TextFormats

extension Binder {
    /// FROM: tables, subqueries and joins (comma-separated items are cross joins).
    func bindFrom(_ from: [TableExpression]) throws -> (LogicalPlan, Scope) {
        guard var (plan, scope) = try from.first.map({ try bindTable($0) }) else {
            // SELECT without FROM: one row of no columns.
            return (.values(RecordBatch(schema: Schema([]), columns: [], count: 1)), Scope([]))
        }
        for item in from.dropFirst() {
            let (right, rightScope) = try bindTable(item)
            let combined = Scope(scope.entries + rightScope.entries)
            plan = .join(plan, right, .cross, leftKeys: [], rightKeys: [], residual: nil, combined.schema)
            scope = combined
        }
        return (plan, scope)
    }

    func bindTable(_ t: TableExpression) throws -> (LogicalPlan, Scope) {
        switch t {
        case .table(let ref):
            return try bindTableReference(ref)
        case .subquery(let derived):
            let plan = try bind(derived.query)
            return try aliased(plan, derived.alias, position: derived.position)
        case .function(let f):
            let plan = try session.tableFunction(f, binder: self)
            return try aliased(plan, f.alias, position: f.position)
        case .join(let j):
            return try bindJoin(j)
        }
    }

    /// A plan under an alias (renaming its columns when the alias lists them).
    func aliased(_ plan: LogicalPlan, _ alias: TableAlias?, position: SourcePosition, defaultName: String? = nil) throws -> (LogicalPlan, Scope) {
        guard let alias, !alias.columns.isEmpty else {
            return (plan, Scope(schema: plan.schema, alias: alias?.name.name ?? defaultName))
        }
        guard alias.columns.count == plan.schema.count else {
            throw error(.typeMismatch, "alias \(alias.name.name) names \(alias.columns.count) columns but the table has \(plan.schema.count)", at: position)
        }
        let schema = Schema(zip(plan.schema.fields, alias.columns).map { f, c in Field(c.name, f.type, nullable: f.nullable) })
        let renamed = LogicalPlan.project(plan, schema.fields.indices.map { .column($0, schema.fields[$0].type) }, schema)
        return (renamed, Scope(schema: schema, alias: alias.name.name))
    }

    func bindTableReference(_ ref: TableReference) throws -> (LogicalPlan, Scope) {
        var version: Int64?
        var timestamp: Int64?
        if let tt = ref.timeTravel {
            switch tt {
            case .version(let e):
                guard case .literal(.int(let v), _) = try fold(try bindExpression(e, Scope([]), context: .plain)) else {
                    throw error(.typeMismatch, "VERSION AS OF needs an integer", at: ref.position)
                }
                version = v
            case .timestamp(let e):
                let bound = try fold(try bindExpression(e, Scope([]), context: .plain))
                switch bound {
                case .literal(.timestamp(let t), _): timestamp = t / 1000
                case .literal(.string(let s), _):
                    guard let t = Literals.timestamp(s, utc: true) else { throw error(.typeMismatch, "'\(s)' is not a timestamp", at: ref.position) }
                    timestamp = t / 1000
                case .literal(.date(let d), _): timestamp = Int64(d) * 86_400_000
                default: throw error(.typeMismatch, "TIMESTAMP AS OF needs a timestamp constant", at: ref.position)
                }
            }
        }
        switch ref.source {
        case .name(let name):
            var parts = name.names
            // `table@v12`
            if let last = parts.last, let (base, v) = Self.splitVersion(last) {
                parts[parts.count - 1] = base
                version = v
            }
            if parts.count == 1, let cte = ctes.reversed().compactMap({ $0[parts[0].lowercased()] }).first {
                var plan = try bind(cte.0)
                if !cte.1.isEmpty {
                    guard cte.1.count == plan.schema.count else {
                        throw error(.typeMismatch, "CTE \(parts[0]) names \(cte.1.count) columns but returns \(plan.schema.count)", at: ref.position)
                    }
                    let schema = Schema(zip(plan.schema.fields, cte.1).map { Field($1, $0.type) })
                    plan = .project(plan, schema.fields.indices.map { .column($0, schema.fields[$0].type) }, schema)
                }
                return try aliased(plan, ref.alias, position: ref.position, defaultName: parts[0])
            }
            if version == nil, timestamp == nil, let view = session.views[parts.joined(separator: ".").lowercased()] {
                let scan = TableScan(source: .batches(view.batches), name: parts.joined(separator: "."), sourceSchema: view.schema, columns: Array(view.schema.fields.indices), pushedPredicate: nil)
                return try aliased(.scan(scan), ref.alias, position: ref.position, defaultName: parts.last)
            }
            let table: DeltaTable
            do {
                table = try session.catalog.table(parts)
            } catch let e as QueryError {
                throw error(e.code, e.message, at: ref.position)
            }
            return try aliased(try deltaScan(table, version: version, timestamp: timestamp, name: parts.joined(separator: ".")), ref.alias, position: ref.position, defaultName: parts.last)
        case .path(let format, let rawPath):
            var path = rawPath
            if let (base, v) = Self.splitVersion(path) {
                path = base
                version = v
            }
            let plan: LogicalPlan
            switch format.name.lowercased() {
            case "delta":
                let table = DeltaTable(path: path)
                guard (try? table.exists()) == true else { throw error(.notFound, "no Delta table at '\(path)'", at: ref.position) }
                plan = try deltaScan(table, version: version, timestamp: timestamp, name: "delta.`\(path)`")
            case "parquet", "csv", "json":
                guard version == nil, timestamp == nil else {
                    throw error(.unsupported, "time travel needs a Delta table, not \(format.name) files", at: ref.position)
                }
                plan = try fileScan(format.name.lowercased(), path, ref.position)
            default:
                throw error(.unsupported, "\(format.name).`path` tables are not supported (use delta, parquet, csv or json)", at: ref.position)
            }
            let defaultName = String(path.split(separator: "/").last ?? "")
            return try aliased(plan, ref.alias, position: ref.position, defaultName: defaultName.split(separator: ".").first.map(String.init))
        }
    }

    /// `name@v12` → ("name", 12).
    static func splitVersion(_ s: String) -> (String, Int64)? {
        guard let at = s.lastIndex(of: "@") else { return nil }
        let suffix = s[s.index(after: at)...]
        guard suffix.first == "v" || suffix.first == "V", let v = Int64(suffix.dropFirst()) else { return nil }
        return (String(s[..<at]), v)
    }

    func deltaScan(_ table: DeltaTable, version: Int64?, timestamp: Int64?, name: String) throws -> LogicalPlan {
        do {
            let snapshot = try timestamp.map { try table.snapshot(timestamp: $0) } ?? table.snapshot(version: version)
            session.record(TableAccess(kind: .read, location: table.location, name: name, version: snapshot.version))
            return .scan(TableScan(source: .delta(table, snapshot), name: name, sourceSchema: snapshot.schema, columns: Array(snapshot.schema.fields.indices), pushedPredicate: nil))
        } catch let e as DeltaError {
            throw QueryError(e.code == .versionNotFound || e.code == .tableNotFound ? .notFound : .execution, e.description, cause: e)
        }
    }

    /// Parquet, CSV or JSON-lines files: one file, a directory of them, or a glob (`*`, `?`).
    func fileScan(_ format: String, _ path: String, _ position: SourcePosition) throws -> LogicalPlan {
        let files = FileGlob.expand(path, extensions: format == "parquet" ? [".parquet", ".parq"] : format == "csv" ? [".csv", ".tsv"] : [".json", ".jsonl", ".ndjson"])
        guard let first = files.first else { throw error(.notFound, "no \(format) files at '\(path)'", at: position) }
        let schema: Schema
        do {
            switch format {
            case "parquet": schema = try ParquetFileReader(path: first).schema.schema
            case "csv": schema = try CSVReader(path: first).schema
            default: schema = try JSONLinesReader(path: first).schema
            }
        } catch {
            throw QueryError(.execution, "cannot read '\(first)': \(error)")
        }
        let source: TableScan.Source = format == "parquet" ? .parquet(files) : format == "csv" ? .csv(files) : .json(files)
        session.record(TableAccess(kind: .read, location: path, name: "\(format).`\(path)`", version: nil))
        return .scan(TableScan(source: source, name: "\(format).`\(path)`", sourceSchema: schema, columns: Array(schema.fields.indices), pushedPredicate: nil))
    }

    func bindJoin(_ j: Join) throws -> (LogicalPlan, Scope) {
        let (left, leftScope) = try bindTable(j.left)
        var (right, rightScope) = try bindTable(j.right)
        let kind: JoinKind = switch j.kind {
        case .inner: .inner
        case .left: .left
        case .right: .right
        case .full: .full
        case .cross: .cross
        case .leftSemi: .semi
        case .leftAnti: .anti
        }
        var conditions: [Expression] = []
        switch j.condition {
        case .on(let e)?:
            conditions = conjuncts(e)
        case .using(let columns)?:
            for c in columns {
                let name = c.name.lowercased()
                guard let li = leftScope.entries.lastIndex(where: { $0.name.lowercased() == name }) else {
                    throw error(.notFound, "USING column '\(c.name)' is not in the left table", at: c.position)
                }
                guard let ri = rightScope.entries.firstIndex(where: { $0.name.lowercased() == name }) else {
                    throw error(.notFound, "USING column '\(c.name)' is not in the right table", at: c.position)
                }
                rightScope.entries[ri].hidden = true
                let l = Expression(.column(QualifiedName([Identifier("__left"), Identifier(String(li))])), position: c.position)
                let r = Expression(.column(QualifiedName([Identifier("__right"), Identifier(String(ri))])), position: c.position)
                conditions.append(Expression(.binary(.equal, l, r), position: c.position))
            }
        case nil:
            break
        }
        let combined = Scope(leftScope.entries + rightScope.entries)
        let leftCount = leftScope.entries.count
        var leftKeys: [BoundExpression] = [], rightKeys: [BoundExpression] = [], residual: [BoundExpression] = []
        for condition in conditions {
            // USING placeholders name columns by position.
            if case .binary(.equal, let l, let r) = condition.kind, case .column(let ln) = l.kind, ln.parts.first?.name == "__left",
               case .column(let rn) = r.kind, let li = Int(ln.parts[1].name), let ri = Int(rn.parts[1].name) {
                let a = BoundExpression.column(li, leftScope.entries[li].type), b = BoundExpression.column(ri, rightScope.entries[ri].type)
                let (x, y) = try coerce(a, b, condition.position)
                leftKeys.append(x)
                rightKeys.append(y)
                continue
            }
            let bound = try bindPredicate(condition, combined)
            if case .comparison(.equal, let a, let b) = bound {
                let ac = a.columns, bc = b.columns
                if !ac.isEmpty, !bc.isEmpty, ac.allSatisfy({ $0 < leftCount }), bc.allSatisfy({ $0 >= leftCount }) {
                    leftKeys.append(a)
                    rightKeys.append(b.remapped(Dictionary(uniqueKeysWithValues: bc.map { ($0, $0 - leftCount) })))
                    continue
                }
                if !ac.isEmpty, !bc.isEmpty, bc.allSatisfy({ $0 < leftCount }), ac.allSatisfy({ $0 >= leftCount }) {
                    leftKeys.append(b)
                    rightKeys.append(a.remapped(Dictionary(uniqueKeysWithValues: ac.map { ($0, $0 - leftCount) })))
                    continue
                }
            }
            residual.append(bound)
        }
        let effective: JoinKind = kind == .cross && !conditions.isEmpty ? .inner : kind
        let outputScope = (kind == .semi || kind == .anti) ? leftScope : combined
        let plan = LogicalPlan.join(
            left, right, effective, leftKeys: leftKeys, rightKeys: rightKeys,
            residual: residual.isEmpty ? nil : (residual.count == 1 ? residual[0] : .and(residual)), outputScope.schema)
        return (plan, outputScope)
    }
}

/// Expands a path, a directory or a glob into the files it names, sorted.
enum FileGlob {
    static func expand(_ path: String, extensions: [String]) -> [String] {
        var isDirectory: Bool {
            var s = stat()
            return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
        }
        if path.contains("*") || path.contains("?") {
            var g = glob_t()
            defer { globfree(&g) }
            guard glob(path, 0, nil, &g) == 0 else { return [] }
            return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
        }
        if isDirectory {
            var out: [String] = []
            walk(path, extensions, &out)
            return out.sorted()
        }
        return access(path, F_OK) == 0 ? [path] : []
    }

    static func walk(_ dir: String, _ extensions: [String], _ out: inout [String]) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name.hasPrefix(".") || name.hasPrefix("_") { continue }
            let full = dir + "/" + name
            var s = stat()
            guard stat(full, &s) == 0 else { continue }
            if (s.st_mode & S_IFMT) == S_IFDIR { walk(full, extensions, &out) } else if extensions.contains(where: { name.lowercased().hasSuffix($0) }) { out.append(full) }
        }
    }
}
