/// The sort order used for a column's min and max statistics.
public enum ColumnOrder: Hashable, Sendable {
    /// The order defined by the column's logical type (`TYPE_ORDER`).
    case typeDefinedOrder
    /// A union member this codec does not know, by Thrift field id.
    case unrecognized(fieldID: Int16)
}
