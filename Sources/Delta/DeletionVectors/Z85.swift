/// Z85, the ZeroMQ Base85 variant (ZeroMQ RFC 32), as Delta uses it for deletion vectors.
///
/// Every 4 bytes become 5 characters: the bytes read as one big-endian 32-bit number, written
/// in base 85 most significant digit first, with the alphabet below. Delta encodes the UUID of a
/// `u` deletion vector (16 bytes → 20 characters) and the bytes of an inline (`i`) one this way.
/// Delta pads unaligned input with zero bytes to a multiple of 4 before encoding; the descriptor's
/// `sizeInBytes` says how many decoded bytes are real.
enum Z85 {
    /// The 85 characters, in digit order.
    static let alphabet: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    /// Digit value of each byte, or 0xFF for a byte outside the alphabet.
    static let digits: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// Encodes `bytes`, padding them with zero bytes to a multiple of 4 first (as Delta does).
    static func encode(_ bytes: [UInt8]) -> String {
        var padded = bytes
        while padded.count % 4 != 0 { padded.append(0) }
        var out = [UInt8]()
        out.reserveCapacity(padded.count / 4 * 5)
        var i = 0
        while i < padded.count {
            var value = UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3])
            var group: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
            group.4 = alphabet[Int(value % 85)]; value /= 85
            group.3 = alphabet[Int(value % 85)]; value /= 85
            group.2 = alphabet[Int(value % 85)]; value /= 85
            group.1 = alphabet[Int(value % 85)]; value /= 85
            group.0 = alphabet[Int(value)]
            out.append(group.0); out.append(group.1); out.append(group.2); out.append(group.3); out.append(group.4)
            i += 4
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` (a multiple of 5 characters) into `text.count / 5 * 4` bytes.
    ///
    /// Throws ``DeltaError/Code/corruptLog`` when the length is not a multiple of 5, a character
    /// is outside the alphabet, or a group's value does not fit in 32 bits.
    static func decode(_ text: String) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count % 5 == 0 else {
            throw DeltaError(.corruptLog, "Z85 text has \(characters.count) characters, not a multiple of 5")
        }
        var out = [UInt8](repeating: 0, count: characters.count / 5 * 4)
        let table = digits
        var bad = false
        var group = 0
        while group < characters.count / 5 {
            var value: UInt64 = 0
            var bits: UInt8 = 0
            for k in 0..<5 {
                let digit = table[Int(characters[group * 5 + k])]
                bits |= digit
                value = value &* 85 &+ UInt64(digit & 0x7F)
            }
            // 0xFF marks a character outside the alphabet; a valid digit is below 0x80.
            if bits & 0x80 != 0 || value > UInt64(UInt32.max) { bad = true; break }
            out[group * 4] = UInt8(truncatingIfNeeded: value >> 24)
            out[group * 4 + 1] = UInt8(truncatingIfNeeded: value >> 16)
            out[group * 4 + 2] = UInt8(truncatingIfNeeded: value >> 8)
            out[group * 4 + 3] = UInt8(truncatingIfNeeded: value)
            group += 1
        }
        if bad { throw invalidGroup(characters, group) }
        return out
    }

    /// The error for the first bad group.
    private static func invalidGroup(_ characters: [UInt8], _ group: Int) -> DeltaError {
        let text = String(decoding: characters[(group * 5)..<(group * 5 + 5)], as: UTF8.self)
        for c in characters[(group * 5)..<(group * 5 + 5)] where digits[Int(c)] == 0xFF {
            return DeltaError(.corruptLog, "Z85 group \(group) ('\(text)') has a character outside the Z85 alphabet (byte 0x\(String(c, radix: 16)))")
        }
        return DeltaError(.corruptLog, "Z85 group \(group) ('\(text)') encodes a value above 2^32 - 1")
    }
}
