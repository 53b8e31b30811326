#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columnar

/// String kernels: LIKE/ILIKE with a constant pattern, compiled once per batch into the
/// cheapest matcher (exact, prefix, suffix, substring, or a general `%`/`_` matcher).
enum Strings {
    enum Matcher {
        case exact([UInt8]), prefix([UInt8]), suffix([UInt8]), contains([UInt8]), general([Token])

        enum Token: Equatable { case literal([UInt8]), any, one }

        init(_ pattern: String) {
            var tokens: [Token] = []
            var pending: [UInt8] = []
            var bytes = Array(pattern.utf8)[...]
            while let b = bytes.first {
                bytes.removeFirst()
                switch b {
                case UInt8(ascii: "\\"):
                    if let next = bytes.first { pending.append(next); bytes.removeFirst() } else { pending.append(b) }
                case UInt8(ascii: "%"), UInt8(ascii: "_"):
                    if !pending.isEmpty { tokens.append(.literal(pending)); pending = [] }
                    let t: Token = b == UInt8(ascii: "%") ? .any : .one
                    if !(t == .any && tokens.last == .any) { tokens.append(t) }
                default:
                    pending.append(b)
                }
            }
            if !pending.isEmpty { tokens.append(.literal(pending)) }
            func literal(_ t: Token) -> [UInt8]? { if case .literal(let l) = t { l } else { nil } }
            if tokens.isEmpty {
                self = .exact([])
            } else if tokens.count == 1, let l = literal(tokens[0]) {
                self = .exact(l)
            } else if tokens == [.any] {
                self = .prefix([])
            } else if tokens.count == 2, let l = literal(tokens[0]), tokens[1] == .any {
                self = .prefix(l)
            } else if tokens.count == 2, tokens[0] == .any, let l = literal(tokens[1]) {
                self = .suffix(l)
            } else if tokens.count == 3, tokens[0] == .any, let l = literal(tokens[1]), tokens[2] == .any {
                self = .contains(l)
            } else {
                self = .general(tokens)
            }
        }

        func matches(_ s: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .exact(let l): return s.count == l.count && (l.isEmpty || memcmp(s.baseAddress!, l, l.count) == 0)
            case .prefix(let l): return s.count >= l.count && (l.isEmpty || memcmp(s.baseAddress!, l, l.count) == 0)
            case .suffix(let l): return s.count >= l.count && (l.isEmpty || memcmp(s.baseAddress! + (s.count - l.count), l, l.count) == 0)
            case .contains(let l):
                if l.isEmpty { return true }
                guard s.count >= l.count else { return false }
                let base = s.baseAddress!, first = l[0]
                var i = 0
                let last = s.count - l.count
                while i <= last {
                    // Jump to the next occurrence of the first byte, then compare the rest.
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    i = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + i, l, l.count) == 0 { return true }
                    i += 1
                }
                return false
            case .general(let tokens): return Self.match(tokens[...], s[...])
            }
        }

        /// Backtracking match; `_` consumes one UTF-8 scalar.
        static func match(_ tokens: ArraySlice<Token>, _ s: Slice<UnsafeRawBufferPointer>) -> Bool {
            guard let first = tokens.first else { return s.isEmpty }
            let rest = tokens.dropFirst()
            switch first {
            case .literal(let l):
                guard s.count >= l.count, s.prefix(l.count).elementsEqual(l) else { return false }
                return match(rest, s.dropFirst(l.count))
            case .one:
                guard let b = s.first else { return false }
                let width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                return s.count >= width && match(rest, s.dropFirst(width))
            case .any:
                if rest.isEmpty { return true }
                var i = s.startIndex
                while true {
                    if match(rest, s[i...]) { return true }
                    if i == s.endIndex { return false }
                    i = s.index(after: i)
                }
            }
        }
    }

    static func like(_ column: Column, pattern: String, caseInsensitive: Bool, negated: Bool) -> Column {
        let n = column.count
        var source = column
        var pat = pattern
        if caseInsensitive {
            pat = pattern.lowercased()
            source = Column(.string, (0..<n).map { i in
                if case .string(let s) = column.value(at: i) { return .string(s.lowercased()) }
                return .null
            })
        }
        let matcher = Matcher(pat)
        var values = Buffer(capacity: n)
        let out = values.appendUninitialized(n).assumingMemoryBound(to: UInt8.self)
        source.offsets.withUnsafeBufferPointer(as: Int32.self) { offs in
            source.values.withUnsafeBytes { bytes in
                for i in 0..<n {
                    let s = UnsafeRawBufferPointer(rebasing: bytes[Int(offs[i])..<Int(offs[i + 1])])
                    out[i] = matcher.matches(s) != negated ? 1 : 0
                }
            }
        }
        return Column(type: .boolean, count: n, validity: column.validity, values: values)
    }
}
