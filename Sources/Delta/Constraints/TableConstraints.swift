import Columnar

/// The constraints every write to a table must satisfy (Delta's "Column Invariants" and
/// "CHECK Constraints"): NOT NULL columns — fields with `nullable = false`, nested ones checked
/// where their parent is present — and CHECK constraints, stored in the table configuration as
/// `delta.constraints.<name>` = SQL boolean expression. A row violates a CHECK constraint when
/// the expression is false *or null* (as Spark's `CheckDeltaInvariant`).
public struct TableConstraints: Sendable, Equatable {
    /// One CHECK constraint.
    public struct Check: Sendable, Hashable {
        /// The constraint's name (lowercase, as Spark stores it).
        public var name: String
        /// The SQL boolean expression.
        public var expression: String

        /// Creates a constraint.
        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    /// The configuration key prefix of CHECK constraints.
    public static let configurationPrefix = "delta.constraints."

    /// CHECK constraints, by name.
    public var checks: [Check]
    /// Dotted paths of the NOT NULL fields (top-level and nested).
    public var notNullColumns: [String]

    /// The constraints of a table with `schema` and `configuration`.
    public init(schema: Schema, configuration: [String: String]) {
        checks = configuration.keys.sorted().compactMap { key in
            guard key.lowercased().hasPrefix(Self.configurationPrefix) else { return nil }
            return Check(name: String(key.dropFirst(Self.configurationPrefix.count)), expression: configuration[key] ?? "")
        }
        var paths: [String] = []
        func walk(_ fields: [Field], _ prefix: String) {
            for f in fields {
                if !f.nullable { paths.append(prefix + f.name) }
                if case .struct(let children) = f.type { walk(children, prefix + f.name + ".") }
            }
        }
        walk(schema.fields, "")
        notNullColumns = paths
    }

    /// The constraints of a snapshot.
    public init(_ snapshot: Snapshot) {
        self.init(schema: snapshot.schema, configuration: snapshot.configuration)
    }

    /// Whether there is nothing to check.
    public var isEmpty: Bool { checks.isEmpty && notNullColumns.isEmpty }

    /// The configuration key of constraint `name`.
    public static func key(_ name: String) -> String { configurationPrefix + name.lowercased() }
}
