import Foundation

/// Paths of the repository's committed fixtures (`fixtures/` at the top of the package).
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// Every Parquet fixture, sorted by name.
    static var parquetFiles: [URL] {
        let dir = root.appendingPathComponent("parquet")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".parquet") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// The fixture named `name` (without extension).
    static func parquet(_ name: String) -> URL {
        root.appendingPathComponent("parquet/\(name).parquet")
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
