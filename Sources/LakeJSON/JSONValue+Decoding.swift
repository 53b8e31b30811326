/// Typed access to object members with errors that name the key and what was found, for
/// readers of structured JSON such as Delta log actions. Every accessor throws a
/// ``JSONError/Kind/decoding`` ``JSONError`` when `self` is not an object. The `optional`
/// variants treat a missing key and an explicit `null` alike and return nil for both.
extension JSONValue {
    /// The member `key`, which must be present (it may be `null`).
    public func require(_ key: String) throws(JSONError) -> JSONValue {
        guard case .object(let object) = self else {
            throw .decoding("expected an object with key '\(key)', found \(kindName)")
        }
        guard let value = object[key] else { throw .decoding("missing key '\(key)'") }
        return value
    }

    /// The member `key` unless it is missing or `null`.
    public func optional(_ key: String) throws(JSONError) -> JSONValue? {
        guard case .object(let object) = self else {
            throw .decoding("expected an object with key '\(key)', found \(kindName)")
        }
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// The string member `key`.
    public func string(_ key: String) throws(JSONError) -> String {
        try Self.typed(try require(key), key, "a string") { $0.stringValue }
    }

    /// The integer member `key` (an ``int(_:)``, or a ``number(_:)`` whose value is an exact
    /// `Int64` such as `5.0`).
    public func int64(_ key: String) throws(JSONError) -> Int64 {
        try Self.typed(try require(key), key, "an integer") { $0.int64Value }
    }

    /// The boolean member `key`.
    public func bool(_ key: String) throws(JSONError) -> Bool {
        try Self.typed(try require(key), key, "a boolean") { $0.boolValue }
    }

    /// The object member `key`.
    public func object(_ key: String) throws(JSONError) -> JSONObject {
        try Self.typed(try require(key), key, "an object") { $0.objectValue }
    }

    /// The array member `key`.
    public func array(_ key: String) throws(JSONError) -> [JSONValue] {
        try Self.typed(try require(key), key, "an array") { $0.arrayValue }
    }

    /// The string member `key`, or nil when it is missing or `null`.
    public func optionalString(_ key: String) throws(JSONError) -> String? {
        guard let value = try optional(key) else { return nil }
        return try Self.typed(value, key, "a string") { $0.stringValue }
    }

    /// The integer member `key` (as in ``int64(_:)``), or nil when it is missing or `null`.
    public func optionalInt64(_ key: String) throws(JSONError) -> Int64? {
        guard let value = try optional(key) else { return nil }
        return try Self.typed(value, key, "an integer") { $0.int64Value }
    }

    /// The boolean member `key`, or nil when it is missing or `null`.
    public func optionalBool(_ key: String) throws(JSONError) -> Bool? {
        guard let value = try optional(key) else { return nil }
        return try Self.typed(value, key, "a boolean") { $0.boolValue }
    }

    /// The object member `key`, or nil when it is missing or `null`.
    public func optionalObject(_ key: String) throws(JSONError) -> JSONObject? {
        guard let value = try optional(key) else { return nil }
        return try Self.typed(value, key, "an object") { $0.objectValue }
    }

    /// The array member `key`, or nil when it is missing or `null`.
    public func optionalArray(_ key: String) throws(JSONError) -> [JSONValue]? {
        guard let value = try optional(key) else { return nil }
        return try Self.typed(value, key, "an array") { $0.arrayValue }
    }

    /// What kind of value this is, for messages: `null`, `a boolean`, `an integer`,
    /// `a number`, `a string`, `an array` or `an object`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func typed<T>(_ value: JSONValue, _ key: String, _ expected: String,
                                 _ extract: (JSONValue) -> T?) throws(JSONError) -> T {
        if let result = extract(value) { return result }
        throw .decoding("key '\(key)' is \(value.kindName), expected \(expected)")
    }
}
