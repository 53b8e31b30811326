/// `SET` (list settings), `SET key` (show one) or `SET key = value` (change one).
///
/// As in Spark, key and value are raw text: the key is everything between `SET` and `=`
/// (whitespace-trimmed, e.g. `spark.sql.ansi.enabled`), the value everything after `=` up to
/// the end of the statement, trimmed, with one layer of quotes removed when the whole value is
/// a single string literal.
public struct SetConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// The key; nil for a bare `SET`.
    public var key: String?
    /// The value; nil for `SET` and `SET key`.
    public var value: String?
    /// Where `SET` is.
    public var position: SourcePosition

    /// Creates a statement.
    public init(key: String? = nil, value: String? = nil, position: SourcePosition = .unknown) {
        self.key = key
        self.value = value
        self.position = position
    }

    /// The statement as SQL.
    public var description: String {
        guard let key else { return "SET" }
        guard let value else { return "SET \(key)" }
        return "SET \(key) = " + SQLFormat.settingValue(value)
    }
}
