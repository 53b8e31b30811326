import Foundation

/// A file in a landing directory.
public struct LandingFile: Sendable, Hashable {
    /// The path relative to the landing directory (`2024/orders_01.csv`).
    public var name: String
    /// The file's size in bytes.
    public var size: Int64
    /// The modification time (milliseconds since the epoch).
    public var modificationTime: Int64

    /// Creates a file entry.
    public init(name: String, size: Int64, modificationTime: Int64) {
        self.name = name
        self.size = size
        self.modificationTime = modificationTime
    }

    /// The files of `source`'s format under its directory (recursively; names starting with
    /// `.` or `_` are skipped, as Spark does), sorted by name.
    public static func list(_ source: FileSource) throws -> [LandingFile] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw PipelineError(.ingestion, "the landing directory '\(source.path)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw PipelineError(.ingestion, "the landing path '\(source.path)' is not a directory")
        }
        var out: [LandingFile] = []
        func walk(_ relative: String) throws {
            let dir = relative.isEmpty ? source.path : source.path + "/" + relative
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: dir)
            } catch {
                throw PipelineError(.ingestion, "cannot list the landing directory '\(dir)': \(error.localizedDescription)")
            }
            for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("_") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = source.path + "/" + rel
                var st = stat()
                guard stat(full, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    try walk(rel)
                } else if source.format.extensions.contains(where: { name.lowercased().hasSuffix($0) }) {
                    let millis = Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
                    out.append(LandingFile(name: rel, size: Int64(st.st_size), modificationTime: millis))
                }
            }
        }
        try walk("")
        return out.sorted { $0.name < $1.name }
    }
}
