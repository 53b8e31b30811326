import Foundation

/// A fresh directory under the system temporary directory, removed when released.
final class TempDirectory {
    let path: String

    init(_ prefix: String = "pipeline-test") {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func sub(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `relative` (creating directories).
    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let full = sub(relative)
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        return full
    }
}
