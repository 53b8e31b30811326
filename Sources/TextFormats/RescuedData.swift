/// Builds the JSON object text of a rescued-data value: `{"key":value,...}`.
struct RescuedData {
    /// The object's text so far.
    private(set) var bytes: [UInt8] = []
    /// Number of members written.
    private(set) var count = 0

    /// Starts an empty object.
    init() {}

    /// Appends a member whose value is a JSON string of the text `p[0..<n]` (invalid UTF-8 is
    /// repaired first).
    mutating func append(key: String, text p: UnsafePointer<UInt8>, _ n: Int) {
        beginMember(key)
        if UTF8Repair.isASCII(p, n) || UTF8Repair.isValid(p, n) {
            RescuedData.appendJSONString(UnsafeBufferPointer(start: p, count: n), to: &bytes)
        } else {
            RescuedData.appendJSONString(UTF8Repair.repaired(p, n), to: &bytes)
        }
    }

    /// Appends a member whose value is the JSON text `json` (already valid JSON).
    mutating func append(key: String, json: some Sequence<UInt8>) {
        beginMember(key)
        bytes.append(contentsOf: json)
    }

    /// Writes the separator and the key.
    private mutating func beginMember(_ key: String) {
        bytes.append(count == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
        RescuedData.appendJSONString(Array(key.utf8), to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        count += 1
    }

    /// The finished object (`{}` when empty).
    var text: [UInt8] {
        count == 0 ? Array("{}".utf8) : bytes + [UInt8(ascii: "}")]
    }

    /// Appends `s` (valid UTF-8) as a JSON string literal, escaping quotes, backslashes and
    /// control characters.
    static func appendJSONString<C: Collection>(_ s: C, to out: inout [UInt8]) where C.Element == UInt8 {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
