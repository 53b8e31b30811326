/// One SQL statement.
///
/// Statement kinds map one-to-one to the structs they carry; each struct documents its
/// syntax and carries the position of the statement's first keyword.
public indirect enum Statement: Hashable, Sendable, CustomStringConvertible {
    /// A query (`SELECT`, `WITH`, `VALUES`, set operations, parenthesized queries).
    case query(QueryExpression)
    /// `CREATE [OR REPLACE] TABLE ...`.
    case createTable(CreateTable)
    /// `CREATE SCHEMA|DATABASE ...`.
    case createSchema(CreateSchema)
    /// `DROP TABLE ...`.
    case dropTable(DropTable)
    /// `DROP SCHEMA|DATABASE ...`.
    case dropSchema(DropSchema)
    /// `ALTER TABLE ...`.
    case alterTable(AlterTable)
    /// `INSERT INTO|OVERWRITE ...`.
    case insert(Insert)
    /// `DELETE FROM ...`.
    case delete(Delete)
    /// `UPDATE ... SET ...`.
    case update(Update)
    /// `MERGE INTO ... USING ... ON ... WHEN ...`.
    case merge(Merge)
    /// `SHOW TABLES ...`.
    case showTables(ShowTables)
    /// `SHOW SCHEMAS|DATABASES ...`.
    case showSchemas(ShowSchemas)
    /// `DESCRIBE [TABLE] [EXTENDED]`, `DESCRIBE DETAIL`, `DESCRIBE HISTORY`.
    case describe(Describe)
    /// `OPTIMIZE ...`.
    case optimize(Optimize)
    /// `VACUUM ...`.
    case vacuum(Vacuum)
    /// `RESTORE [TABLE] ... TO VERSION|TIMESTAMP AS OF ...`.
    case restore(Restore)
    /// `SET`, `SET key`, `SET key = value`.
    case set(SetConfiguration)
    /// `USE [SCHEMA|DATABASE] name`.
    case use(Use)
    /// `EXPLAIN [mode] statement`.
    case explain(Explain)

    /// Where the statement starts.
    public var position: SourcePosition {
        switch self {
        case .query(let s): return s.position
        case .createTable(let s): return s.position
        case .createSchema(let s): return s.position
        case .dropTable(let s): return s.position
        case .dropSchema(let s): return s.position
        case .alterTable(let s): return s.position
        case .insert(let s): return s.position
        case .delete(let s): return s.position
        case .update(let s): return s.position
        case .merge(let s): return s.position
        case .showTables(let s): return s.position
        case .showSchemas(let s): return s.position
        case .describe(let s): return s.position
        case .optimize(let s): return s.position
        case .vacuum(let s): return s.position
        case .restore(let s): return s.position
        case .set(let s): return s.position
        case .use(let s): return s.position
        case .explain(let s): return s.position
        }
    }

    /// The statement as SQL (without a trailing `;`). Parsing it gives back an equal statement.
    public var description: String {
        switch self {
        case .query(let s): return s.description
        case .createTable(let s): return s.description
        case .createSchema(let s): return s.description
        case .dropTable(let s): return s.description
        case .dropSchema(let s): return s.description
        case .alterTable(let s): return s.description
        case .insert(let s): return s.description
        case .delete(let s): return s.description
        case .update(let s): return s.description
        case .merge(let s): return s.description
        case .showTables(let s): return s.description
        case .showSchemas(let s): return s.description
        case .describe(let s): return s.description
        case .optimize(let s): return s.description
        case .vacuum(let s): return s.description
        case .restore(let s): return s.description
        case .set(let s): return s.description
        case .use(let s): return s.description
        case .explain(let s): return s.description
        }
    }
}
