#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the driver measures about itself: a monotonic clock, the peak resident set size, and
/// removing a previous round's output directory.
enum ProcessProbe {
    /// Seconds on the monotonic clock (an arbitrary origin).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Runs `body` and returns its value with the wall time it took, in seconds.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = now()
        let value = try body()
        return (value, now() - start)
    }

    /// Peak resident set size in KiB (`VmHWM` from /proc/self/status; `ru_maxrss` elsewhere).
    static func peakRSSKiB() -> Int {
        if let kib = status("VmHWM:") { return kib }
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss) / 1024
        #endif
    }

    /// The current resident set size in KiB (`VmRSS`), or nil where /proc is missing.
    static func currentRSSKiB() -> Int? {
        status("VmRSS:")
    }

    /// A KiB figure from /proc/self/status (the line starting with `key`).
    static func status(_ key: String) -> Int? {
        #if os(Linux)
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(key) {
                return Int(text.dropFirst(key.count).filter(\.isNumber))
            }
        }
        #endif
        return nil
    }

    /// Removes `path` and everything under it; a missing path is fine.
    static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard let dir = opendir(path) else { throw UsageError("cannot open directory '\(path)'") }
            var children: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { children.append(name) }
            }
            closedir(dir)
            for child in children { try removeTree(path + "/" + child) }
            guard rmdir(path) == 0 else { throw UsageError("cannot remove directory '\(path)'") }
        } else {
            guard unlink(path) == 0 else { throw UsageError("cannot remove '\(path)'") }
        }
    }
}
