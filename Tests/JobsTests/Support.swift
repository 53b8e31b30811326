import Foundation
@testable import Jobs

/// A temporary directory removed when the value is released.
final class TempDir: @unchecked Sendable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lake-jobs-\(UUID().uuidString)").path
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    var workspace: Workspace { Workspace(root: path + "/.lake") }
    var api: JobsAPI { JobsAPI(workspace: workspace) }
}

/// Epoch seconds of a UTC wall-clock time.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
    CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s).epochSeconds
}

import LakeJSON

/// Job JSON for tests.
enum JSONValueText {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    /// A one-task job running `true`.
    static func job(_ name: String) throws -> JSONValue {
        try parse(#"{"name": "\#(name)", "tasks": [{"task_key": "t", "command_task": {"command": "true"}}]}"#)
    }
}
