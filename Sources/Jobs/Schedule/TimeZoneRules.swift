/// A time zone's UTC offsets over time, read from the system's compiled tz database
/// (`/usr/share/zoneinfo/<id>`, RFC 8536 TZif files, or `$TZDIR`): the transitions it lists,
/// then its POSIX TZ footer rule (`EST5EDT,M3.2.0,M11.1.0`) for instants after the last one.
///
/// ``instants(for:)`` maps a wall-clock time back to UTC: one instant normally, two in a
/// fall-back overlap (earlier first), none in a spring-forward gap.
public struct TimeZoneRules: Sendable {
    /// The zone id (`America/New_York`, `UTC`).
    public let identifier: String
    /// Transition instants (seconds since the epoch), ascending.
    let transitions: [Int64]
    /// The UTC offset (seconds) in force from each transition on.
    let offsetsAfter: [Int32]
    /// The offset before the first transition.
    let initialOffset: Int32
    /// The rule for instants after the last transition.
    let footer: PosixTZRule?

    /// UTC (no transitions).
    public static let utc = TimeZoneRules(identifier: "UTC", transitions: [], offsetsAfter: [], initialOffset: 0, footer: nil)

    init(identifier: String, transitions: [Int64], offsetsAfter: [Int32], initialOffset: Int32, footer: PosixTZRule?) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsetsAfter = offsetsAfter
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// The rules of zone `identifier` (a tz database id such as `Europe/Berlin`; `UTC`, `GMT`
    /// and `Z` need no database). Throws ``JobsError/Code/invalidTimeZone`` for unknown ids.
    public init(identifier: String) throws {
        let id = identifier.trimmingSpaces
        if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT", "UCT", "Zulu"].contains(id) {
            self = .utc
            return
        }
        guard !id.isEmpty, !id.hasPrefix("/"), !id.split(separator: "/").contains(".."),
              id.allSatisfy({ $0.isLetter || $0.isNumber || "/_-+".contains($0) }) else {
            throw JobsError(.invalidTimeZone, "'\(identifier)' is not a time zone id (expected one like 'America/Los_Angeles' or 'UTC')")
        }
        let roots = [FileSystem.environment("TZDIR"), "/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"].compactMap { $0 }
        for root in roots {
            if let bytes = try? FileSystem.read(root + "/" + id) {
                self = try Self.parse(bytes, identifier: id)
                return
            }
        }
        throw JobsError(.invalidTimeZone, "unknown time zone id '\(identifier)' (not in the tz database at \(roots.joined(separator: ", ")))")
    }

    /// Parses a TZif file.
    static func parse(_ bytes: [UInt8], identifier: String) throws -> TimeZoneRules {
        func bad(_ why: String) -> JobsError { JobsError(.invalidTimeZone, "unreadable tz data for '\(identifier)': \(why)") }
        var reader = ByteReader(bytes: bytes)
        func header() throws -> (version: UInt8, isut: Int, isstd: Int, leap: Int, time: Int, type: Int, chars: Int) {
            guard reader.remaining >= 44, Array(bytes[reader.offset..<reader.offset + 4]) == Array("TZif".utf8) else { throw bad("no TZif header") }
            reader.offset += 4
            let version = reader.byte()
            reader.offset += 15
            let counts = (0..<6).map { _ in Int(reader.uint32()) }
            return (version, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
        }
        var h = try header()
        var timeSize = 4
        if h.version >= 0x32 {  // '2' or later: skip the 32-bit block, read the 64-bit one
            let skip = h.time * 4 + h.time + h.type * 6 + h.chars + h.leap * 8 + h.isstd + h.isut
            guard reader.remaining >= skip else { throw bad("truncated") }
            reader.offset += skip
            h = try header()
            timeSize = 8
        }
        let need = h.time * timeSize + h.time + h.type * 6 + h.chars + h.leap * (timeSize + 4) + h.isstd + h.isut
        guard h.type > 0, reader.remaining >= need else { throw bad("truncated") }
        let times: [Int64] = (0..<h.time).map { _ in timeSize == 8 ? Int64(bitPattern: reader.uint64()) : Int64(Int32(bitPattern: reader.uint32())) }
        let indexes: [Int] = (0..<h.time).map { _ in Int(reader.byte()) }
        var offsets: [Int32] = []
        for _ in 0..<h.type {
            offsets.append(Int32(bitPattern: reader.uint32()))
            reader.offset += 2
        }
        guard indexes.allSatisfy({ $0 < offsets.count }) else { throw bad("transition type out of range") }
        reader.offset += h.chars + h.leap * (timeSize + 4) + h.isstd + h.isut
        var footer: PosixTZRule?
        if timeSize == 8, reader.remaining > 1, reader.byte() == 10 {
            let rest = bytes[reader.offset...]
            if let end = rest.firstIndex(of: 10) {
                let text = String(decoding: bytes[reader.offset..<end], as: UTF8.self)
                if !text.isEmpty { footer = PosixTZRule(text) }
            }
        }
        return TimeZoneRules(identifier: identifier, transitions: times, offsetsAfter: indexes.map { offsets[$0] }, initialOffset: offsets[0], footer: footer)
    }

    /// The UTC offset (seconds, east positive) at an instant.
    public func offset(at epochSeconds: Int64) -> Int32 {
        if let last = transitions.last, epochSeconds >= last, let footer {
            return footer.offset(at: epochSeconds)
        }
        if transitions.isEmpty { return footer?.offset(at: epochSeconds) ?? initialOffset }
        // The last transition at or before the instant.
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid] <= epochSeconds { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : offsetsAfter[lo - 1]
    }

    /// The wall-clock time at an instant.
    public func localTime(at epochSeconds: Int64) -> CivilTime {
        CivilTime(epochSeconds: epochSeconds + Int64(offset(at: epochSeconds)))
    }

    /// The instants whose wall-clock time is `local`, ascending: one normally, two in an
    /// overlap (fall back), none in a gap (spring forward).
    public func instants(for local: CivilTime) -> [Int64] {
        let wall = local.epochSeconds
        var candidates: Set<Int32> = [offset(at: wall - 86400), offset(at: wall), offset(at: wall + 86400)]
        for o in Array(candidates) { candidates.insert(offset(at: wall - Int64(o))) }
        return candidates.map { wall - Int64($0) }.filter { Int64(offset(at: $0)) == wall - $0 }.sorted()
    }

    /// The instant for a wall-clock time, the way a lenient calendar resolves it: in an
    /// overlap the earliest instant after `after` (else the earlier one), in a gap the time
    /// shifted forward by the gap (02:30 in a 02:00→03:00 gap is 03:30).
    public func resolve(_ local: CivilTime, after: Int64? = nil) -> Int64? {
        let found = instants(for: local)
        if let after {
            if let first = found.first(where: { $0 > after }) { return first }
            if !found.isEmpty { return nil }
        } else if let first = found.first {
            return first
        }
        // A gap: apply the offset in force before it.
        let wall = local.epochSeconds
        let later = max(offset(at: wall - 86400), offset(at: wall + 86400))
        let before = offset(at: wall - Int64(later))
        let instant = wall - Int64(before)
        if let after, instant <= after { return nil }
        return instant
    }
}

/// Reads big-endian integers from a byte array.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint32() -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 { v = v << 8 | UInt32(byte()) }
        return v
    }

    mutating func uint64() -> UInt64 {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(byte()) }
        return v
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
