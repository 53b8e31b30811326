/// The two encodings a data file's path goes through, as Spark and delta-rs apply them:
///
/// 1. Partition directories are Hive-escaped: `col=value` with `" # % ' * / : = ? \ { [ ] ^`,
///    and control characters written as `%XX` (so a value can never add a directory level), and
///    null (or the empty string) written as `__HIVE_DEFAULT_PARTITION__`.
/// 2. The relative path stored in `add.path` is then a URI path: `%`, spaces and other
///    characters URIs do not allow are percent-encoded again (non-ASCII stays as UTF-8).
///
/// A Hive-escaped value `/%20` is therefore the directory `%2F%2520` and the log path
/// `%252F%252520` — the double encoding delta-rs issue 1896 got wrong and Spark gets right.
public enum PathEncoding {
    /// The directory name Hive uses for a null partition value.
    public static let nullPartition = "__HIVE_DEFAULT_PARTITION__"

    /// Bytes Spark's `ExternalCatalogUtils.escapePathName` escapes (besides control characters).
    private static let hiveEscaped: Set<UInt8> = Set("\"#%'*/:=?\\{[]^".utf8)

    /// A partition value as a directory-name component (nil and "" → `__HIVE_DEFAULT_PARTITION__`).
    public static func escapePartitionValue(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return nullPartition }
        return escape(value) { $0 < 0x20 || $0 == 0x7F || hiveEscaped.contains($0) }
    }

    /// Bytes a URI path may hold as they are: unreserved, sub-delims, `:`, `@`, `/`, and
    /// non-ASCII (kept as UTF-8, as java.net.URI does).
    private static func uriAllowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="): true
        case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"): true
        default: b >= 0x80
        }
    }

    /// A relative path as stored in `add.path`: percent-encoded as a URI path.
    public static func encode(_ path: String) -> String {
        escape(path) { !uriAllowed($0) }
    }

    private static func escape(_ s: String, where needsEscape: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if needsEscape(b) {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-decodes a path or a Hive-escaped value (malformed escapes are kept as written).
    public static func decode(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
