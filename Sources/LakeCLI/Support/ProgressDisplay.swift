#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Lakehouse

/// Shows an update's progress on standard error: on a terminal, one live line per dataset
/// (spinner, files done, rows, rows/s), redrawn in place; otherwise plain log lines as datasets
/// finish.
final class ProgressDisplay: @unchecked Sendable {
    let live: Bool
    let color: Bool
    private let lock = NSLock()
    private var order: [String] = []
    private var lines: [String: Line] = [:]
    private var drawnLines = 0
    private var lastDraw = Date.distantPast
    private var updateID = ""
    private var started = Date()
    private var frame = 0
    private var title: String?

    struct Line {
        var state = "waiting"
        var started: Date?
        var rows = 0
        var filesDone = 0
        var filesTotal = 0
        var result: DatasetResult?
    }

    /// A display; `live` defaults to whether standard error is a terminal.
    init(live: Bool? = nil) {
        self.live = live ?? (isatty(STDERR_FILENO) == 1 && getenv("TERM").map { String(cString: $0) } != "dumb")
        color = self.live && getenv("NO_COLOR") == nil
    }

    /// A heading printed before the next update's lines.
    func heading(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        title = text
    }

    /// Takes one progress event.
    func handle(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .updateStarted(let id, let datasets):
            updateID = String(id.prefix(8))
            started = Date()
            order = datasets
            lines = Dictionary(uniqueKeysWithValues: datasets.map { ($0, Line()) })
            drawnLines = 0
            if let title { write(bold("▶ " + title) + "\n") }
            title = nil
            if !live { log("update \(updateID) started: \(datasets.count) datasets") }
        case .datasetStarted(let name):
            lines[name]?.state = "running"
            lines[name]?.started = Date()
        case .datasetProgress(let name, let rows, let done, let total):
            lines[name]?.rows = rows
            lines[name]?.filesDone = done
            lines[name]?.filesTotal = total
        case .datasetFinished(let r):
            lines[r.name]?.result = r
            lines[r.name]?.state = "done"
            if !live { log(Self.describe(r)) }
        case .updateFinished(let r):
            if live {
                redraw(force: true)
                drawnLines = 0
            }
            let failed = r.datasets.filter { $0.status == .failed }.count
            let status = failed == 0 ? green("COMPLETED") : red("FAILED")
            if live {
                write("  update \(updateID) \(status) in \(String(format: "%.2f", r.seconds)) s\n")
            } else {
                log("update \(updateID) \(failed == 0 ? "COMPLETED" : "FAILED") in \(String(format: "%.2f", r.seconds)) s")
            }
            return
        }
        if live { redraw(force: false) }
    }

    static func describe(_ r: DatasetResult) -> String {
        var s = "\(r.name): \(r.status.rawValue)"
        switch r.status {
        case .updated:
            var parts: [String] = []
            if !r.files.isEmpty { parts.append("\(r.files.count) file\(r.files.count == 1 ? "" : "s")") }
            parts.append("\(r.outputRows.formattedCount) rows written")
            if r.upsertedRows > 0 || r.deletedRows > 0 { parts.append("\(r.upsertedRows.formattedCount) upserted, \(r.deletedRows.formattedCount) deleted") }
            if r.droppedRecords > 0 { parts.append("\(r.droppedRecords.formattedCount) dropped") }
            s += ", " + parts.joined(separator: ", ") + " → version \(r.versionAfter.map(String.init) ?? "-")"
        case .upToDate, .skipped:
            if let note = r.note { s += " (\(note))" }
        case .failed:
            s += ": \(r.error ?? "")"
        }
        return s + String(format: " (%.2f s)", r.seconds)
    }

    private func log(_ text: String) {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        write("[\(f.string(from: Date()))] \(text)\n")
    }

    private func redraw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.08 else { return }
        lastDraw = now
        frame += 1
        var out = ""
        if drawnLines > 0 { out += "\u{1B}[\(drawnLines)A" }
        let width = (order.map(\.count).max() ?? 10) + 2
        let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        for name in order {
            let l = lines[name] ?? Line()
            var text: String
            if let r = l.result {
                switch r.status {
                case .updated:
                    var detail = "v\(r.versionAfter.map(String.init) ?? "-")  +\(r.outputRows.formattedCount) rows"
                    if !r.files.isEmpty { detail += " from \(r.files.count) file\(r.files.count == 1 ? "" : "s")" }
                    if r.droppedRecords > 0 { detail += ", \(r.droppedRecords.formattedCount) dropped" }
                    text = green("✔") + " " + name.padding(toLength: width, withPad: " ", startingAt: 0) + detail + dim(String(format: "  %.2f s", r.seconds))
                case .upToDate:
                    text = dim("= " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "up to date" + (r.note.map { " (\($0))" } ?? ""))
                case .failed:
                    text = red("✘ " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "failed")
                case .skipped:
                    text = dim("- " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "skipped" + (r.note.map { " (\($0))" } ?? ""))
                }
            } else if l.state == "running" {
                let elapsed = max(0.001, now.timeIntervalSince(l.started ?? now))
                var detail = ""
                if l.filesTotal > 0 { detail += "\(l.filesDone)/\(l.filesTotal) files  " }
                if l.rows > 0 { detail += "\(l.rows.formattedCount) rows  \(Int(Double(l.rows) / elapsed).formattedCount) rows/s" } else { detail += "running" }
                text = spinner[frame % spinner.count] + " " + name.padding(toLength: width, withPad: " ", startingAt: 0) + detail
            } else {
                text = dim("· " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "waiting")
            }
            out += "\u{1B}[2K  " + text + "\n"
        }
        drawnLines = order.count
        write(out)
    }

    private func write(_ s: String) {
        var s = s
        s.withUTF8 { StandardOutput.write(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func green(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    private func red(_ s: String) -> String { color ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    private func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

extension Int {
    /// `12,345`.
    var formattedCount: String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}
