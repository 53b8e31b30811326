/// `MERGE [WITH SCHEMA EVOLUTION] INTO target [[AS] alias] USING source ON condition clause...`.
///
/// Clauses are kept in the order written: for each row, the first clause of its kind whose
/// condition holds applies. The parser checks that each clause kind has a fitting action
/// (matched and not-matched-by-source: `UPDATE`/`DELETE`; not-matched: `INSERT`) and that
/// there is at least one clause.
public struct Merge: Hashable, Sendable, CustomStringConvertible {
    /// The table being changed.
    public var target: TableSource
    /// The target's alias.
    public var targetAlias: Identifier?
    /// The source: a table reference or a subquery, with its alias.
    public var source: TableExpression
    /// The join condition.
    public var on: Expression
    /// The `WHEN` clauses in order.
    public var clauses: [Clause]
    /// `WITH SCHEMA EVOLUTION`: source columns the target lacks are added to it.
    public var withSchemaEvolution: Bool
    /// Where `MERGE` is.
    public var position: SourcePosition

    /// `WHEN [NOT] MATCHED [BY TARGET|BY SOURCE] [AND cond] THEN action`.
    public struct Clause: Hashable, Sendable, CustomStringConvertible {
        /// Which rows the clause is for.
        public var kind: Kind
        /// The extra `AND` condition.
        public var condition: Expression?
        /// What to do.
        public var action: Action
        /// Where `WHEN` is.
        public var position: SourcePosition

        /// Which rows a clause is for.
        public enum Kind: String, Hashable, Sendable {
            /// `WHEN MATCHED`: target rows with a matching source row.
            case matched = "MATCHED"
            /// `WHEN NOT MATCHED [BY TARGET]`: source rows with no matching target row.
            case notMatched = "NOT MATCHED"
            /// `WHEN NOT MATCHED BY SOURCE`: target rows with no matching source row.
            case notMatchedBySource = "NOT MATCHED BY SOURCE"
        }

        /// Creates a clause.
        public init(kind: Kind, condition: Expression? = nil, action: Action, position: SourcePosition = .unknown) {
            self.kind = kind
            self.condition = condition
            self.action = action
            self.position = position
        }

        /// The clause as SQL.
        public var description: String {
            var s = "WHEN " + kind.rawValue
            if let condition { s += " AND \(condition)" }
            return s + " THEN " + action.description
        }
    }

    /// The action of a clause.
    public enum Action: Hashable, Sendable, CustomStringConvertible {
        /// `UPDATE SET col = expr, ...`.
        case update([Assignment])
        /// `UPDATE SET *`: every target column from the source column of the same name.
        case updateAll
        /// `DELETE`.
        case delete
        /// `INSERT [(cols)] VALUES (exprs)`; `columns` empty when not listed.
        case insert(columns: [Identifier], values: [Expression])
        /// `INSERT *`: every target column from the source column of the same name.
        case insertAll

        /// The action as SQL.
        public var description: String {
            switch self {
            case .update(let assignments): return "UPDATE SET " + SQLFormat.list(assignments)
            case .updateAll: return "UPDATE SET *"
            case .delete: return "DELETE"
            case .insert(let columns, let values):
                var s = "INSERT "
                if !columns.isEmpty { s += "(" + SQLFormat.list(columns) + ") " }
                return s + "VALUES (" + SQLFormat.list(values) + ")"
            case .insertAll: return "INSERT *"
            }
        }
    }

    /// Creates a statement.
    public init(
        target: TableSource, targetAlias: Identifier? = nil, source: TableExpression, on: Expression,
        clauses: [Clause], withSchemaEvolution: Bool = false, position: SourcePosition = .unknown
    ) {
        self.withSchemaEvolution = withSchemaEvolution
        self.target = target
        self.targetAlias = targetAlias
        self.source = source
        self.on = on
        self.clauses = clauses
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        var s = "MERGE " + (withSchemaEvolution ? "WITH SCHEMA EVOLUTION " : "") + "INTO \(target)"
        if let targetAlias { s += " AS \(targetAlias)" }
        s += " USING \(source) ON \(on)"
        for clause in clauses { s += " " + clause.description }
        return s
    }
}
