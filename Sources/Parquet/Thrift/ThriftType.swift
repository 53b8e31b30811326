/// A Thrift compact-protocol type code, as it appears in field headers and collection headers.
///
/// Booleans have two codes on the wire in field headers (1 = true, 2 = false: the value lives
/// in the header); both decode to ``bool``. In list, set and map headers either code means
/// `bool` and each element is one byte.
enum ThriftType: UInt8, Sendable, CustomStringConvertible {
    /// `BOOL` (written as 1/2 in field headers, 2 in collection headers).
    case bool = 1
    /// `I8`: one byte.
    case i8 = 3
    /// `I16`: zigzag varint.
    case i16 = 4
    /// `I32`: zigzag varint (also used for enums).
    case i32 = 5
    /// `I64`: zigzag varint.
    case i64 = 6
    /// `DOUBLE`: 8 bytes little-endian.
    case double = 7
    /// `BINARY`: varint length + bytes (also strings).
    case binary = 8
    /// `LIST`.
    case list = 9
    /// `SET`.
    case set = 10
    /// `MAP`.
    case map = 11
    /// `STRUCT` (also unions).
    case `struct` = 12
    /// `UUID`: 16 bytes.
    case uuid = 13

    /// Decodes a wire type code (1 and 2 both mean bool); nil for an unknown code.
    @inline(__always)
    init?(compactCode code: UInt8) {
        if code == 2 { self = .bool; return }
        self.init(rawValue: code)
    }

    /// The code used in list, set and map headers.
    @inline(__always)
    var collectionCode: UInt8 { self == .bool ? 2 : rawValue }

    /// The smallest number of bytes one value of this type takes inside a collection.
    @inline(__always)
    var minimumElementSize: Int {
        switch self {
        case .double: 8
        case .uuid: 16
        default: 1
        }
    }

    var description: String {
        switch self {
        case .bool: "bool"
        case .i8: "i8"
        case .i16: "i16"
        case .i32: "i32"
        case .i64: "i64"
        case .double: "double"
        case .binary: "binary"
        case .list: "list"
        case .set: "set"
        case .map: "map"
        case .struct: "struct"
        case .uuid: "uuid"
        }
    }
}
