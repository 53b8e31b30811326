/// Where a data file's deletion vector is and what it holds: the `deletionVector` field of an
/// `add` or `remove` action (Delta protocol, "Deletion Vector Descriptor Schema").
public struct DeletionVectorDescriptor: Sendable, Hashable {
    /// How the deletion vector is stored (the `storageType` field).
    public enum StorageType: String, Sendable, Hashable {
        /// `u`: in a file under the table root named from a Z85-encoded UUID, with an optional
        /// random directory prefix before it.
        case uuidRelativePath = "u"
        /// `i`: inline in the log, Z85-encoded.
        case inline = "i"
        /// `p`: in a file at an absolute path or URI.
        case absolutePath = "p"
    }

    /// How the deletion vector is stored.
    public var storageType: StorageType
    /// `<random prefix><20-character Z85 UUID>` for `u`, the Z85-encoded bytes for `i`, the path
    /// or URI for `p`.
    public var pathOrInlineDv: String
    /// Where the deletion vector starts in its file (absent for `i`); the file's first byte is
    /// its format version, so the first vector of a file is at offset 1.
    public var offset: Int?
    /// Size of the serialized vector in bytes (magic number and bitmap; before Z85 for `i`).
    public var sizeInBytes: Int
    /// Number of rows the vector deletes.
    public var cardinality: Int64

    /// Creates a descriptor from its log fields.
    public init(storageType: StorageType, pathOrInlineDv: String, offset: Int? = nil, sizeInBytes: Int, cardinality: Int64) {
        self.storageType = storageType
        self.pathOrInlineDv = pathOrInlineDv
        self.offset = offset
        self.sizeInBytes = sizeInBytes
        self.cardinality = cardinality
    }

    /// The protocol's derived `uniqueId`: `<storageType><pathOrInlineDv>`, followed by
    /// `@<offset>` when there is an offset. Log replay keys files by (path, uniqueId).
    public var uniqueId: String {
        var id = storageType.rawValue + pathOrInlineDv
        if let offset { id += "@\(offset)" }
        return id
    }

    /// The local path of the file holding the deletion vector, or `nil` for an inline one.
    ///
    /// For `u` it is `<tableRoot>/<prefix>/deletion_vector_<uuid>.bin` (no prefix directory when
    /// the prefix is empty), the UUID being the last 20 characters of ``pathOrInlineDv`` decoded
    /// from Z85. For `p` it is the path itself: a `file:` URI (`file:///a/b`, `file:/a/b`,
    /// `file://localhost/a/b`) becomes its path, percent-decoded, as does a plain absolute path
    /// (the protocol gives it the format of `add.path`, which is URI-encoded); a relative path
    /// is taken relative to the table root. `tableRoot` may be a plain path (used as is, not
    /// percent-decoded) or a `file:` URI.
    ///
    /// Throws ``DeltaError/Code/corruptLog`` when the UUID or path is malformed and
    /// ``DeltaError/Code/unsupportedFeature`` for a URI scheme other than `file`.
    public func absolutePath(tableRoot: String) throws -> String? {
        switch storageType {
        case .inline:
            return nil
        case .uuidRelativePath:
            let characters = Array(pathOrInlineDv.utf8)
            guard characters.count >= 20 else {
                throw DeltaError(.corruptLog, "deletion vector path '\(pathOrInlineDv)' is shorter than the 20-character Z85 UUID")
            }
            let prefix = String(decoding: characters[..<(characters.count - 20)], as: UTF8.self)
            guard !prefix.contains("/"), !prefix.contains("\\"), !prefix.contains("\0"), prefix != ".", prefix != ".." else {
                throw DeltaError(.corruptLog, "deletion vector path '\(pathOrInlineDv)' has a prefix '\(prefix)' that is not a plain directory name")
            }
            let uuidBytes = try Z85.decode(String(decoding: characters[(characters.count - 20)...], as: UTF8.self))
            let root = try Self.localPath(tableRoot, what: "table root", decodingPlainPath: false)
            let directory = prefix.isEmpty ? root : Self.join(root, prefix)
            return Self.join(directory, "deletion_vector_\(Self.uuidString(uuidBytes)).bin")
        case .absolutePath:
            let path = try Self.localPath(pathOrInlineDv, what: "deletion vector path", decodingPlainPath: true)
            guard !path.isEmpty else {
                throw DeltaError(.corruptLog, "deletion vector path is empty")
            }
            if path.hasPrefix("/") { return path }
            return Self.join(try Self.localPath(tableRoot, what: "table root", decodingPlainPath: false), path)
        }
    }

    /// The canonical textual form (8-4-4-4-12 lowercase hex) of 16 UUID bytes.
    static func uuidString(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `directory/name`, with one separator.
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The local path named by `text`: a `file:` URI's path percent-decoded, a plain path as is
    /// or percent-decoded (`decodingPlainPath`); any other URI scheme is unsupported.
    static func localPath(_ text: String, what: String, decodingPlainPath: Bool) throws -> String {
        let bytes = Array(text.utf8)
        // A scheme is letters, digits, '+', '-', '.' after a letter, followed by ':'.
        var schemeEnd = -1
        if let first = bytes.first, Self.isLetter(first) {
            for (i, b) in bytes.enumerated().dropFirst() {
                if b == UInt8(ascii: ":") { schemeEnd = i; break }
                if !(Self.isLetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) { break }
            }
        }
        guard schemeEnd > 0 else { return decodingPlainPath ? try percentDecode(text, what: what) : text }
        let scheme = String(decoding: bytes[..<schemeEnd], as: UTF8.self).lowercased()
        guard scheme == "file" else {
            throw DeltaError(.unsupportedFeature, "\(what) '\(text)' uses the URI scheme '\(scheme)'; only local paths and file: URIs are supported")
        }
        var rest = String(decoding: bytes[(schemeEnd + 1)...], as: UTF8.self)
        if rest.hasPrefix("//") {
            // file://host/path: only an empty host or localhost names this machine.
            let afterSlashes = rest.dropFirst(2)
            let hostEnd = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            let host = afterSlashes[..<hostEnd]
            guard host.isEmpty || host.lowercased() == "localhost" else {
                throw DeltaError(.unsupportedFeature, "\(what) '\(text)' names the remote host '\(host)'")
            }
            rest = String(afterSlashes[hostEnd...])
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = String(rest[..<query]) }
        guard rest.hasPrefix("/") else {
            throw DeltaError(.corruptLog, "\(what) '\(text)' is a file: URI without an absolute path")
        }
        return try percentDecode(rest, what: what)
    }

    /// Whether `b` is an ASCII letter.
    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// `text` with `%XX` escapes decoded.
    static func percentDecode(_ text: String, what: String) throws -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else {
                    throw DeltaError(.corruptLog, "\(what) '\(text)' has a malformed percent escape at byte \(i)")
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let decoded = String(validating: out, as: UTF8.self) else {
            throw DeltaError(.corruptLog, "\(what) '\(text)' percent-decodes to bytes that are not UTF-8")
        }
        return decoded
    }

    /// The value of hexadecimal digit `b`.
    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
