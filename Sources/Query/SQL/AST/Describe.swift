/// `DESCRIBE [TABLE] [EXTENDED] name`, `DESCRIBE DETAIL name`, `DESCRIBE HISTORY name [LIMIT n]`
/// (`DESC` works for `DESCRIBE`).
public struct Describe: Hashable, Sendable, CustomStringConvertible {
    /// The table (or path).
    public var table: TableSource
    /// What to describe.
    public var kind: Kind
    /// Where `DESCRIBE` is.
    public var position: SourcePosition

    /// The forms of `DESCRIBE`.
    public enum Kind: Hashable, Sendable {
        /// `DESCRIBE [TABLE] [EXTENDED|FORMATTED] name`: the columns (and more when extended).
        case table(extended: Bool)
        /// `DESCRIBE DETAIL name`: the Delta table's detail row.
        case detail
        /// `DESCRIBE HISTORY name [LIMIT n]`: the Delta log's commits.
        case history(limit: Expression?)
    }

    /// Creates a statement.
    public init(table: TableSource, kind: Kind, position: SourcePosition = .unknown) {
        self.table = table
        self.kind = kind
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        switch kind {
        case .table(let extended): return "DESCRIBE TABLE " + (extended ? "EXTENDED " : "") + table.description
        case .detail: return "DESCRIBE DETAIL \(table)"
        case .history(let limit): return "DESCRIBE HISTORY \(table)" + (limit.map { " LIMIT \($0)" } ?? "")
        }
    }
}
