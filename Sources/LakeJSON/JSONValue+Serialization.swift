extension JSONValue {
    /// The value as JSON text.
    ///
    /// Compact by default: no whitespace at all, object members in stored order (duplicates
    /// included), strings escaped minimally (`"`, `\` and control characters; `/` and non-ASCII
    /// are written as is, in UTF-8), ``int(_:)`` in decimal and ``number(_:)`` text verbatim.
    /// With `pretty: true`, arrays and objects put one element per line, indented by two spaces,
    /// with `": "` after keys (the layout of Python's `json.dumps(indent=2)`), for job and
    /// pipeline files shown to people. There is no trailing newline.
    public func serialized(pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.string()
    }

    /// Appends the value as UTF-8 JSON text to `bytes`; see ``serialized(pretty:)``.
    public func serialized(into bytes: inout [UInt8], pretty: Bool = false) {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        writer.append(to: &bytes)
    }

    /// `s` as a JSON string literal, quotes included, escaped as in ``serialized(pretty:)``.
    public static func quoted(_ s: String) -> String {
        var writer = JSONWriter(pretty: false, capacity: s.utf8.count + 2)
        writer.writeString(s)
        return writer.string()
    }

    /// A ``number(_:)`` holding the shortest text that reads back as exactly `d` (Swift's
    /// `description`, e.g. `0.1`, `1.0`, `1e+16`, `-0.0`), or ``null`` when `d` is infinite or
    /// NaN, which JSON cannot represent.
    public static func number(_ d: Double) -> JSONValue {
        guard d.isFinite else { return .null }
        return .number(d.description)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text (``serialized(pretty:)``).
    public var description: String { serialized() }
}
