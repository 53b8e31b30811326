import Columnar
import Delta
import LakeJSON

extension QueryEngine {
    /// Runs one parsed statement.
    public func execute(_ statement: Statement) throws -> QueryResult {
        session.beginStatement()
        switch statement {
        case .query(let q):
            let plan = Optimizer.optimize(try Binder(session: session).bind(q))
            return QueryResult(schema: plan.schema, batches: try session.executor.execute(plan))
        case .explain(let e):
            guard case .query(let q) = e.statement else {
                throw QueryError(.unsupported, "EXPLAIN takes a query", line: e.position.line, column: e.position.column)
            }
            let plan = Optimizer.optimize(try Binder(session: session).bind(q))
            let lines = try PlanExplainer.lines(plan)
            let schema = Schema([Field("plan", .string, nullable: false)])
            return QueryResult(schema: schema, batches: [RecordBatch(schema: schema, columns: [Column(.string, lines.map { .string($0) })])])
        case .createSchema(let s):
            try session.catalog.createSchema(s.name.last, ifNotExists: s.ifNotExists)
            return QueryResult(message: "created schema \(s.name.last)")
        case .dropSchema(let s):
            let tables = try session.catalog.tables(in: s.name.last)
            if !tables.isEmpty && !s.cascade {
                throw QueryError(.invalidArgument, "schema \(s.name.last) holds \(tables.count) table(s); use DROP SCHEMA ... CASCADE")
            }
            for t in tables { try session.catalog.dropTable([s.name.last, t], ifExists: true) }
            try session.catalog.removeTree(session.catalog.warehouse + "/" + s.name.last)
            return QueryResult(message: "dropped schema \(s.name.last)")
        case .use(let u):
            session.catalog.currentSchema = u.schema.last
            return QueryResult(message: "using schema \(u.schema.last)")
        case .set(let s):
            if let key = s.key, let value = s.value {
                session.settings[key] = value
                return QueryResult(message: "\(key)=\(value)")
            }
            let keys = s.key.map { [$0] } ?? session.settings.keys.sorted()
            return rows(["key", "value"], keys.map { [.string($0), session.settings[$0].map { .string($0) } ?? .null] })
        case .showSchemas(let s):
            let names = try session.catalog.schemas().filter { name in s.pattern.map { like(name, $0) } ?? true }
            return rows(["namespace"], names.map { [.string($0)] })
        case .showTables(let s):
            let schema = s.schema?.last ?? session.catalog.currentSchema
            let names = try session.catalog.tables(in: schema).filter { name in s.pattern.map { like(name, $0) } ?? true }
            return rows(["namespace", "tableName", "isTemporary"], names.map { [.string(schema), .string($0), .boolean(false)] }, types: [.string, .string, .boolean])
        case .describe(let d):
            return try describe(d)
        case .dropTable(let d):
            guard case .name(let name) = d.name else { throw QueryError(.unsupported, "DROP TABLE takes a table name") }
            try session.catalog.dropTable(name.names, ifExists: d.ifExists)
            return QueryResult(message: "dropped table \(name)")
        case .createTable(let c):
            return try createTable(c)
        case .insert(let i):
            return try insert(i)
        case .alterTable(let a):
            return try alterTable(a)
        case .delete(let d):
            return try DeleteCommand(engine: self, statement: d).run()
        case .update(let u):
            return try UpdateCommand(engine: self, statement: u).run()
        case .merge(let m):
            return try MergeCommand(engine: self, statement: m).run()
        case .optimize(let o):
            return try optimize(o)
        case .vacuum(let v):
            return try vacuum(v)
        case .restore(let r):
            return try restore(r)
        }
    }

    func like(_ name: String, _ pattern: String) -> Bool {
        // SHOW ... LIKE uses `*` and `|` (Spark); plain SQL patterns work too.
        pattern.split(separator: "|").contains { (alternative: Substring) -> Bool in
            let sql = String(alternative).trimmingSpaces.replacingOccurrences(of: "*", with: "%")
            let lowered = Array(name.lowercased().utf8)
            return lowered.withUnsafeBytes { Strings.Matcher(sql.lowercased()).matches($0) }
        }
    }

    func rows(_ names: [String], _ values: [[Value]], types: [DataType]? = nil) -> QueryResult {
        let types = types ?? names.indices.map { i in values.first.map { Self.type(of: $0[i]) } ?? .string }
        let schema = Schema(zip(names, types).map { Field($0, $1) })
        let columns = schema.fields.indices.map { i in Column(schema.fields[i].type, values.map { $0[i] }) }
        return QueryResult(schema: schema, batches: [RecordBatch(schema: schema, columns: columns, count: values.count)])
    }

    /// The table a statement names: a catalog name or `delta.`path``.
    func location(_ source: TableSource) throws -> String {
        switch source {
        case .name(let name): return try session.catalog.location(name.names)
        case .path(let format, let path):
            guard format.name.lowercased() == "delta" else { throw QueryError(.unsupported, "\(format.name).`path` is not a Delta table") }
            return path
        }
    }

    func existingTable(_ source: TableSource) throws -> DeltaTable {
        if case .name(let name) = source { return try session.catalog.table(name.names) }
        let table = DeltaTable(path: try location(source))
        guard try table.exists() else { throw QueryError(.notFound, "no Delta table at '\(try location(source))'") }
        return table
    }

    func describe(_ d: Describe) throws -> QueryResult {
        let table = try existingTable(d.table)
        do {
            switch d.kind {
            case .table:
                let snapshot = try table.snapshot()
                var values: [[Value]] = snapshot.schema.fields.map { f in
                    let comment = f.metadata["comment"].flatMap { (try? JSONValue(parsing: $0))?.stringValue }
                    return [.string(f.name), .string(f.type.sqlName), comment.map { .string($0) } ?? .null]
                }
                if !snapshot.partitionColumns.isEmpty {
                    values.append([.string("# Partition Information"), .string(""), .string("")])
                    values.append([.string("# col_name"), .string("data_type"), .string("comment")])
                    for p in snapshot.partitionColumns {
                        values.append([.string(p), .string(snapshot.schema[p]?.type.sqlName ?? ""), .null])
                    }
                }
                return rows(["col_name", "data_type", "comment"], values, types: [.string, .string, .string])
            case .detail:
                let batch = table.detail(try table.snapshot())
                return QueryResult(schema: batch.schema, batches: [batch])
            case .history(let limit):
                let n = try limit.map { try Binder(session: session).constantInt($0, "LIMIT") }
                let batch = table.historyBatch(try table.history(limit: n))
                return QueryResult(schema: batch.schema, batches: [batch])
            }
        } catch let e as DeltaError {
            throw QueryError(.execution, e.description, cause: e)
        }
    }

    func createTable(_ c: CreateTable) throws -> QueryResult {
        let path = try c.location ?? location(c.name)
        let table = DeltaTable(path: path)
        let exists = try table.exists()
        if exists && c.ifNotExists { return QueryResult(message: "table \(c.name) already exists") }
        if exists && !c.orReplace {
            throw QueryError(.invalidArgument, "table \(c.name) already exists (at \(path)); use CREATE OR REPLACE TABLE or IF NOT EXISTS")
        }
        guard c.columns.allSatisfy({ $0.generatedAs == nil && $0.defaultValue == nil }) else {
            throw QueryError(.unsupported, "generated columns and defaults in CREATE TABLE are not supported yet")
        }
        if let using = c.using, using.name.lowercased() != "delta" {
            throw QueryError(.unsupported, "USING \(using.name): only Delta tables are created")
        }
        var options = writeOptions()
        options.mode = exists ? .overwrite : .errorIfExists
        options.overwriteSchema = exists
        options.partitionBy = c.partitionedBy.map(\.name)
        options.tableProperties = Dictionary(c.properties.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { $1 })
        for constraint in c.constraints {
            options.tableProperties[TableConstraints.key(constraint.name.name)] = constraint.check.description
        }
        options.description = c.comment
        let binder = Binder(session: session)
        var schema: Schema
        var batches: [RecordBatch] = []
        if let query = c.query {
            let plan = Optimizer.optimize(try binder.bind(query))
            schema = plan.schema
            if !c.columns.isEmpty {
                guard c.columns.count == schema.count else {
                    throw QueryError(.typeMismatch, "CREATE TABLE lists \(c.columns.count) columns but the query returns \(schema.count)")
                }
                schema = Schema(zip(c.columns, schema.fields).map { Field($0.name.name, $1.type) })
            }
            batches = try session.executor.execute(plan).map { RecordBatch(schema: schema, columns: $0.columns, count: $0.count) }
        } else {
            guard !c.columns.isEmpty else { throw QueryError(.invalidArgument, "CREATE TABLE needs columns or AS SELECT") }
            schema = Schema(try c.columns.map { col in
                var f = Field(col.name.name, try binder.dataType(col.type, col.name.position), nullable: !col.notNull)
                if let comment = col.comment { f.metadata["comment"] = JSONValue.string(comment).serialized() }
                return f
            })
        }
        let write = try write(table, schema: schema, batches: batches, options: options, operation: c.query == nil ? "CREATE TABLE" : "CREATE TABLE AS SELECT", name: c.name.description)
        return QueryResult(message: "created table \(c.name) at \(path)" + (write.map { " (version \($0))" } ?? ""))
    }

    /// Writes batches with the Delta writer; returns the committed version.
    func write(_ table: DeltaTable, schema: Schema, batches: [RecordBatch], options: WriteOptions, operation: String, name: String) throws -> Int64? {
        var i = 0
        var options = options
        options.extraCommitInfo += session.commitInfoExtras
        do {
            let result = try TableWriter(table: table).write(schema: schema, options: options) {
                defer { i += 1 }
                return i < batches.count ? batches[i] : nil
            }
            if let version = result.commit?.version {
                session.record(TableAccess(kind: .write, location: table.location, name: name, version: version, operation: operation))
            }
            return result.commit?.version
        } catch let e as DeltaError {
            let code: QueryError.Code = switch e.code {
            case .schemaMismatch: .typeMismatch
            case .constraintViolation: .invalidArgument
            default: .execution
            }
            throw QueryError(code, e.description, cause: e)
        }
    }

    func insert(_ ins: Insert) throws -> QueryResult {
        let table = try existingTable(ins.table)
        let snapshot = try table.snapshot()
        let binder = Binder(session: session)
        let plan = Optimizer.optimize(try binder.bind(ins.query))
        // INSERT matches columns by position (or by the listed names).
        let targets: [Field] = try {
            if ins.columns.isEmpty { return snapshot.schema.fields }
            return try ins.columns.map { c in
                guard let f = snapshot.schema[c.name] else {
                    throw QueryError(.notFound, "table \(ins.table) has no column '\(c.name)'", line: c.position.line, column: c.position.column)
                }
                return f
            }
        }()
        guard plan.schema.count == targets.count else {
            throw QueryError(.typeMismatch, "INSERT into \(ins.table): the query returns \(plan.schema.count) columns, the table takes \(targets.count)")
        }
        let casts = plan.schema.fields.enumerated().map { i, f in binder.cast(.column(i, f.type), to: targets[i].type) }
        let schema = Schema(targets.map { Field($0.name, $0.type, nullable: true) })
        let batches = try session.executor.execute(.project(plan, casts, schema))
        var options = writeOptions()
        options.mode = ins.overwrite ? .overwrite : .append
        if let rw = ins.replaceWhere {
            options.replaceWhere = try ExpressionParser.parse(rw.description)
        }
        let version = try write(table, schema: schema, batches: batches, options: options, operation: ins.overwrite ? "INSERT OVERWRITE" : "INSERT", name: ins.table.description)
        let rows = batches.reduce(0) { $0 + $1.count }
        return QueryResult(message: "inserted \(rows) row(s) into \(ins.table)" + (version.map { " (version \($0))" } ?? ""))
    }

    func alterTable(_ a: AlterTable) throws -> QueryResult {
        let table = try existingTable(a.name)
        switch a.action {
        case .addConstraint(let c):
            return try addConstraint(table, c, a.name)
        case .dropConstraint(let name, let ifExists):
            return try dropConstraint(table, name.name, ifExists: ifExists, a.name)
        case .alterColumn(let column, let change) where change == .setNotNull || change == .dropNotNull:
            return try alterNullability(table, column, notNull: change == .setNotNull, a.name)
        default: break
        }
        let snapshot = try table.snapshot()
        var metadata = snapshot.metadata
        let operation: String
        switch a.action {
        case .addColumns(let columns):
            var schema = snapshot.schema
            for col in columns {
                guard col.generatedAs == nil, col.defaultValue == nil else {
                    throw QueryError(.unsupported, "generated columns and defaults are not supported yet")
                }
                guard schema[col.name.name] == nil else { throw QueryError(.invalidArgument, "table \(a.name) already has a column '\(col.name.name)'") }
                if col.notNull { throw QueryError(.invalidArgument, "a column added to an existing table must be nullable ('\(col.name.name)')") }
                var f = Field(col.name.name, try Binder(session: session).dataType(col.type, col.name.position))
                if let comment = col.comment { f.metadata["comment"] = JSONValue.string(comment).serialized() }
                schema.fields.append(f)
            }
            metadata.schemaString = DeltaSchema.serialize(schema)
            operation = "ADD COLUMNS"
        case .setProperties(let props):
            for p in props { metadata.configuration[p.key] = p.value ?? "" }
            operation = "SET TBLPROPERTIES"
        case .unsetProperties(let keys, let ifExists):
            for k in keys {
                if metadata.configuration.removeValue(forKey: k) == nil && !ifExists {
                    throw QueryError(.notFound, "table \(a.name) has no property '\(k)'")
                }
            }
            operation = "UNSET TBLPROPERTIES"
        default:
            throw QueryError(.unsupported, "ALTER TABLE \(a.action) is not supported yet")
        }
        let transaction = Transaction(table: table, readSnapshot: snapshot, operation: operation)
        transaction.isolationLevel = .serializable
        transaction.add(.metadata(metadata))
        transaction.extraCommitInfo = session.commitInfoExtras
        do {
            let result = try transaction.commit()
            session.record(TableAccess(kind: .write, location: table.location, name: a.name.description, version: result.version, operation: operation))
            return QueryResult(message: "altered table \(a.name) (version \(result.version))")
        } catch let e as DeltaError {
            throw QueryError(.execution, e.description, cause: e)
        }
    }
}
