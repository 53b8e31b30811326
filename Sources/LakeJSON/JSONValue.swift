/// A JSON value, as parsed — numbers keep their exactness: integer literals that fit in
/// `Int64` are ``int(_:)``, every other number keeps its literal text in ``number(_:)`` so that
/// decimals and huge integers are never rounded through a `Double`.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// An integer literal that fits in `Int64`.
    case int(Int64)
    /// Any other number (fraction, exponent, or an integer beyond `Int64`), as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: its members in document order (duplicate keys kept as written; lookups see
/// the last one, as most parsers do).
public struct JSONObject: Hashable, Sendable {
    /// One member.
    public struct Member: Hashable, Sendable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// Creates a member.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order.
    public var members: [Member]

    /// Creates an object from members.
    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The value of the last member named `key`; setting replaces it in place or appends.
    public subscript(key: String) -> JSONValue? {
        get {
            var i = members.count - 1
            while i >= 0 {
                if members[i].key == key { return members[i].value }
                i -= 1
            }
            return nil
        }
        set {
            if let i = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key, newValue))
            }
        }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// Number of members.
    public var count: Int { members.count }
}

extension JSONValue {
    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// True for ``null``.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The string, for ``string(_:)``.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    /// The boolean, for ``bool(_:)``.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// The integer, for ``int(_:)`` (and a ``number(_:)`` whose text is an exact Int64, like `5.0`).
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .number(let text):
            guard let d = Double(text), d.rounded() == d, let i = Int64(exactly: d) else { return nil }
            return i
        default: return nil
        }
    }

    /// The number as a Double, for ``int(_:)`` and ``number(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .number(let text): Double(text)
        default: nil
        }
    }

    /// The elements, for ``array(_:)``.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    /// The object, for ``object(_:)``.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member($0.0, $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}
