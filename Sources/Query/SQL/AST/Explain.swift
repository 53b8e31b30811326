/// `EXPLAIN [EXTENDED|FORMATTED|CODEGEN|COST] statement`.
public struct Explain: Hashable, Sendable, CustomStringConvertible {
    /// How much to show.
    public var mode: Mode
    /// The statement to explain.
    public var statement: Statement
    /// Where `EXPLAIN` is.
    public var position: SourcePosition

    /// The level of detail.
    public enum Mode: String, Hashable, Sendable {
        /// `EXPLAIN`: the physical plan.
        case simple = ""
        /// `EXPLAIN EXTENDED`: every plan stage.
        case extended = "EXTENDED"
        /// `EXPLAIN FORMATTED`: an outline plus node details.
        case formatted = "FORMATTED"
        /// `EXPLAIN CODEGEN`.
        case codegen = "CODEGEN"
        /// `EXPLAIN COST`: with statistics.
        case cost = "COST"
    }

    /// Creates a statement.
    public init(mode: Mode = .simple, statement: Statement, position: SourcePosition = .unknown) {
        self.mode = mode
        self.statement = statement
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        mode == .simple ? "EXPLAIN \(statement)" : "EXPLAIN \(mode.rawValue) \(statement)"
    }
}
