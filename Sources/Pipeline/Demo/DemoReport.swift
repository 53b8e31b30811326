import Delta
import Foundation

/// What a demo run did, and the summary a person reads at the end.
public struct DemoReport: Sendable {
    /// The demo.
    public let demo: Demo
    /// The runner (pipeline and graph).
    public let runner: UpdateRunner
    /// The updates run.
    public let steps: [Demo.Step]
    /// Seconds taken.
    public let seconds: Double

    /// True when every update succeeded.
    public var succeeded: Bool { steps.allSatisfy { $0.result.succeeded } }

    /// One table's line in the summary.
    public struct TableLine: Sendable {
        /// The dataset.
        public var name: String
        /// Its kind.
        public var kind: DatasetKind
        /// Its latest version (nil: no table).
        public var version: Int64?
        /// Its rows.
        public var rows: Int64?
        /// Versions committed by this run.
        public var commits: Int
    }

    /// The tables, in pipeline order.
    public func tables() -> [TableLine] {
        runner.graph.order.map { name in
            let table = runner.table(name)
            let snapshot = try? table.snapshot()
            let commits = steps.reduce(0) { $0 + ($1.result.dataset(name)?.status == .updated ? 1 : 0) }
            return TableLine(name: name, kind: runner.pipeline.dataset(name)!.kind, version: snapshot?.version,
                             rows: snapshot.flatMap { TableRows.count($0, table.storage) }, commits: commits)
        }
    }

    /// Expectation counts summed over the run's updates, per dataset and expectation.
    public func expectations() -> [ExpectationMetrics] {
        var out: [ExpectationMetrics] = []
        for step in steps {
            for d in step.result.datasets {
                for m in d.expectations {
                    if let i = out.firstIndex(where: { $0.dataset == m.dataset && $0.name == m.name }) {
                        out[i].passedRecords += m.passedRecords
                        out[i].failedRecords += m.failedRecords
                    } else {
                        out.append(m)
                    }
                }
            }
        }
        return out
    }

    /// The summary, for a terminal (`color`: ANSI bold and colors); the commands it suggests
    /// start with `lake` (the way the user ran it, e.g. `.build/release/lake`).
    public func render(color: Bool = false, lake lakeCommand: String = "lake") -> String {
        func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
        func green(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
        func red(_ s: String) -> String { color ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
        func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
        let dir = demo.displayDirectory.hasSuffix("/") ? String(demo.displayDirectory.dropLast()) : demo.displayDirectory
        let lake = dir + "/lakehouse"
        var lines: [String] = [""]
        lines.append(bold("Pipeline \(runner.pipeline.name): \(runner.pipeline.datasets.count) datasets, \(steps.count) update\(steps.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s"))
        for (i, step) in steps.enumerated() {
            let r = step.result
            let updated = r.datasets.filter { $0.status == .updated }.count
            let same = r.datasets.filter { $0.status == .upToDate }.count
            let state = r.succeeded ? green("COMPLETED") : red("FAILED")
            lines.append("  update \(i + 1)  \(step.title)")
            lines.append("            \(state): \(updated) table\(updated == 1 ? "" : "s") changed, \(same) up to date" + (r.succeeded ? "" : ", \(r.datasets.filter { $0.status == .failed }.count) failed, \(r.datasets.filter { $0.status == .skipped }.count) skipped") + dim(String(format: "  (%.2f s, update %@)", r.seconds, String(r.updateID.prefix(8)))))
            for d in r.datasets where !d.schemaChanges.isEmpty {
                for c in d.schemaChanges { lines.append("            schema: \(d.name) \(c)") }
            }
            for d in r.datasets where d.status == .failed {
                lines.append(red("            ✘ \(d.name): \(d.error ?? "failed")"))
            }
        }
        lines.append("")
        lines.append(bold("Tables") + dim("  (Delta Lake, in \(lake)/<schema>/<table>)"))
        let tables = tables()
        let width = max(30, (tables.map(\.name.count).max() ?? 0) + 2)
        lines.append(dim("  " + "table".padding(width) + "kind".padding(20) + "version".padding(9) + "rows".leftPadded(9) + "   this run"))
        var layer = ""
        for t in tables {
            let l = String(t.name.split(separator: ".").first ?? "")
            if l != layer && !layer.isEmpty { lines.append("") }
            layer = l
            let change = t.commits == 0 ? dim("unchanged") : "+\(t.commits) version\(t.commits == 1 ? "" : "s")"
            lines.append("  " + t.name.padding(width) + t.kind.displayName.padding(20) + (t.version.map { "v\($0)" } ?? "-").padding(9)
                         + (t.rows.map { Int($0).formatted() } ?? "-").leftPadded(9) + "   " + change)
        }
        let quality = expectations()
        if !quality.isEmpty {
            lines.append("")
            lines.append(bold("Expectations") + dim(steps.count > 1 ? "  (rows checked in this run's updates)" : "  (rows checked in this update)"))
            let w = max(26, (quality.map { $0.name.count }.max() ?? 0) + 2)
            lines.append(dim("  " + "dataset".padding(21) + "expectation".padding(w) + "action".padding(8) + "passed".leftPadded(8) + "failed".leftPadded(8)))
            for m in quality {
                let failed = m.failedRecords.formatted().leftPadded(8)
                lines.append("  " + m.dataset.padding(21) + m.name.padding(w) + m.action.rawValue.padding(8) + m.passedRecords.formatted().leftPadded(8)
                             + (m.failedRecords > 0 && m.action == .fail ? red(failed) : failed))
            }
            lines.append(dim("  drop: failing rows are not written; warn: they are written and counted; fail: the update stops, nothing is committed"))
        }
        lines.append("")
        if !succeeded, let failed = steps.last?.result.datasets.first(where: { $0.status == .failed }) {
            lines.append(bold(red("The update failed and was rolled back")) + ": \(failed.name) stays at version \(failed.versionBefore.map(String.init) ?? "-"), and what reads it was skipped.")
            if steps.last?.landed.contains(where: { $0.path.contains("broken") }) == true {
                let bad = steps.last!.landed.first { $0.path.contains("broken") }!
                lines.append("To recover, remove the broken file and rebuild the payments tables from the good files:")
                lines.append("  rm \(dir)/landing/\(bad.path)")
                lines.append("  \(lakeCommand) pipeline run \(dir)/pipeline.yaml --full-refresh bronze.payments")
            } else {
                lines.append("See the event log: \(lakeCommand) pipeline events \(dir)/pipeline.yaml")
            }
            lines.append("")
        }
        lines.append(bold("Where things are"))
        lines.append("  pipeline    \(dir)/pipeline.yaml  " + dim("(\(lakeCommand) pipeline graph \(dir)/pipeline.yaml --format mermaid)"))
        lines.append("  landing     \(dir)/landing/{customers,products,orders,order_items,payments}")
        lines.append("  tables      \(lake)/{bronze,silver,gold}  " + dim("(delta-rs, Spark and DuckDB read them too)"))
        lines.append("  event log   \(runner.pipeline.eventLog)  " + dim("(\(lakeCommand) pipeline events \(dir)/pipeline.yaml)"))
        lines.append("")
        lines.append(bold("Try next"))
        lines.append("  " + dim("# revenue by state, from gold"))
        lines.append("  \(lakeCommand) sql --warehouse \(lake) \"SELECT state, sum(orders) AS orders, sum(revenue) AS revenue FROM gold.revenue_by_day_state GROUP BY state ORDER BY revenue DESC LIMIT 5\"")
        lines.append("  " + dim("# time travel: order statuses after the first update, before April's late updates"))
        lines.append("  \(lakeCommand) sql --warehouse \(lake) \"SELECT order_status, count(*) AS orders FROM silver.orders VERSION AS OF 0 GROUP BY order_status ORDER BY orders DESC\"")
        lines.append("  " + dim("# the commits of a table"))
        lines.append("  \(lakeCommand) history \(lake)/silver/orders")
        lines.append("")
        lines.append(dim("Then: `\(lakeCommand) demo --dir \(dir) --new-file` lands another month; `\(lakeCommand) demo --dir \(dir) --bad-file` lands a broken export that fails the update."))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Padded on the left to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
