import Foundation
import Lakehouse

/// The task runners the CLI executes runs with: the Jobs module's built-in runners, plus
/// pipeline tasks run through the pipeline module (which the Jobs module does not depend on).
enum LakeTaskRunners {
    static func make() -> TaskRunners {
        TaskRunners(pipeline: runPipeline)
    }

    /// Runs one update of `task.pipeline`: commits carry the job and run ids, a stop request
    /// (cancel, timeout) skips the datasets not yet started, and a failed dataset fails the task.
    static let runPipeline: PipelineTaskRunner = { task, context in
        let path = context.resolvePath(task.pipeline)
        let pipeline = try PipelineFile.load(path)
        let options = UpdateOptions(
            fullRefresh: task.fullRefresh ? .all : .none, cause: "JOB_TASK",
            commitInfo: [context.commitInfoJob], isStopRequested: { context.isStopRequested })
        let runner = try UpdateRunner(pipeline)
        let versions = DatasetVersions()
        let result = try runner.run(options) { event in
            if case .datasetFinished(let r) = event {
                // Lineage: a dataset that ran read its pipeline inputs at the versions they
                // finished the update with (they finish before it starts).
                if r.status == .updated || r.status == .upToDate {
                    for input in runner.graph.upstream[r.name] ?? [] {
                        context.record(TableAccess(kind: .read, location: pipeline.location(of: input), name: input, version: versions[input]))
                    }
                }
                versions[r.name] = r.versionAfter
                if r.status == .updated {
                    context.record(TableAccess(kind: .write, location: pipeline.location(of: r.name), name: r.name, version: r.versionAfter, operation: "PIPELINE UPDATE"))
                }
                context.log("\(r.name): \(r.status.rawValue)" + (r.versionAfter.map { ", version \($0)" } ?? "")
                            + (r.status == .updated ? ", \(r.outputRows) row(s)" : "") + (r.error.map { ": \($0)" } ?? r.note.map { " (\($0))" } ?? ""))
            }
        }
        if let reason = context.stopReason { throw TaskStopped(reason) }
        let failed = result.datasets.filter { $0.status == .failed }
        if !failed.isEmpty {
            throw PipelineError(.execution, "pipeline \(pipeline.name) update \(result.updateID.prefix(8)) failed: "
                                + failed.map { "\($0.name): \($0.error ?? "failed")" }.joined(separator: "; "))
        }
    }
}

/// The table version each dataset of a running update finished with.
final class DatasetVersions: @unchecked Sendable {
    private let lock = NSLock()
    private var versions: [String: Int64] = [:]

    subscript(name: String) -> Int64? {
        get { lock.withLock { versions[name] } }
        set { lock.withLock { versions[name] = newValue } }
    }
}
