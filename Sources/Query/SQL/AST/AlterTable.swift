/// `ALTER TABLE name action`.
public struct AlterTable: Hashable, Sendable, CustomStringConvertible {
    /// The table.
    public var name: TableSource
    /// What to change.
    public var action: Action
    /// Where `ALTER` is.
    public var position: SourcePosition

    /// The supported changes.
    public enum Action: Hashable, Sendable, CustomStringConvertible {
        /// `ADD COLUMNS (col type, ...)` (also `ADD COLUMN col type`).
        case addColumns([ColumnDefinition])
        /// `DROP COLUMNS [IF EXISTS] (a, b)` (also `DROP COLUMN a`).
        case dropColumns([QualifiedName], ifExists: Bool)
        /// `RENAME COLUMN a TO b`.
        case renameColumn(QualifiedName, to: Identifier)
        /// `ALTER|CHANGE [COLUMN] c change`.
        case alterColumn(QualifiedName, ColumnChange)
        /// `ADD CONSTRAINT n CHECK (expr)`.
        case addConstraint(CheckConstraint)
        /// `DROP CONSTRAINT [IF EXISTS] n`.
        case dropConstraint(Identifier, ifExists: Bool)
        /// `SET TBLPROPERTIES ('k' = 'v', ...)`.
        case setProperties([TableProperty])
        /// `UNSET TBLPROPERTIES [IF EXISTS] ('k', ...)`.
        case unsetProperties([String], ifExists: Bool)
        /// `RENAME TO new_name`.
        case renameTo(QualifiedName)

        /// The action as SQL.
        public var description: String {
            switch self {
            case .addColumns(let cols): return "ADD COLUMNS (" + SQLFormat.list(cols) + ")"
            case .dropColumns(let cols, let ifExists):
                return "DROP COLUMNS " + (ifExists ? "IF EXISTS " : "") + "(" + SQLFormat.list(cols) + ")"
            case .renameColumn(let from, let to): return "RENAME COLUMN \(from) TO \(to)"
            case .alterColumn(let col, let change): return "ALTER COLUMN \(col) \(change)"
            case .addConstraint(let c): return "ADD \(c)"
            case .dropConstraint(let name, let ifExists): return "DROP CONSTRAINT " + (ifExists ? "IF EXISTS " : "") + name.description
            case .setProperties(let props): return "SET TBLPROPERTIES (" + SQLFormat.list(props) + ")"
            case .unsetProperties(let keys, let ifExists):
                return "UNSET TBLPROPERTIES " + (ifExists ? "IF EXISTS " : "") + "(" + keys.map(SQLFormat.string).joined(separator: ", ") + ")"
            case .renameTo(let name): return "RENAME TO \(name)"
            }
        }
    }

    /// A change to one column.
    public enum ColumnChange: Hashable, Sendable, CustomStringConvertible {
        /// `SET NOT NULL`.
        case setNotNull
        /// `DROP NOT NULL`.
        case dropNotNull
        /// `TYPE t`.
        case type(TypeName)
        /// `COMMENT '...'`.
        case comment(String)
        /// `SET DEFAULT expr`.
        case setDefault(Expression)
        /// `DROP DEFAULT`.
        case dropDefault

        /// The change as SQL.
        public var description: String {
            switch self {
            case .setNotNull: return "SET NOT NULL"
            case .dropNotNull: return "DROP NOT NULL"
            case .type(let t): return "TYPE \(t)"
            case .comment(let c): return "COMMENT " + SQLFormat.string(c)
            case .setDefault(let e): return "SET DEFAULT \(e)"
            case .dropDefault: return "DROP DEFAULT"
            }
        }
    }

    /// Creates a statement.
    public init(name: TableSource, action: Action, position: SourcePosition = .unknown) {
        self.name = name
        self.action = action
        self.position = position
    }

    /// The statement as SQL.
    public var description: String { "ALTER TABLE \(name) \(action)" }
}
