import Columnar
import Delta
import Dispatch
import Foundation
import LakeJSON
import Query

/// Runs updates of a pipeline: each dataset refreshed in topological order, independent
/// branches in parallel; an event log entry for everything.
///
/// ```swift
/// let pipeline = try PipelineFile.load("pipeline.yaml")
/// let result = try UpdateRunner(pipeline).run()
/// for d in result.datasets { print(d.name, d.status, d.versionAfter ?? -1) }
/// ```
///
/// A dataset whose update fails (an error, or a `fail` expectation) commits nothing; the
/// datasets that read it are skipped; the other branches go on; the update is FAILED.
public final class UpdateRunner: @unchecked Sendable {
    /// The pipeline.
    public let pipeline: PipelineDefinition
    /// Its checked dependency graph.
    public let graph: DependencyGraph
    /// The storage of the table at a path (tests substitute fault-injecting storage).
    public var storage: @Sendable (String) -> any Storage = { LocalStorage(root: $0) }

    /// Table properties recording pipeline state.
    static let generationProperty = "pipelines.lake.generation"
    static let fingerprintProperty = "pipelines.lake.fingerprint"
    static let pipelineProperty = "pipelines.lake.pipeline"

    /// A runner for `pipeline` (its graph is built and checked first).
    public init(_ pipeline: PipelineDefinition) throws {
        self.pipeline = pipeline
        graph = try DependencyGraph(pipeline)
    }

    /// The Delta table of dataset (or other table) `name`.
    public func table(_ name: String) -> DeltaTable {
        DeltaTable(storage: storage(pipeline.location(of: name)))
    }

    /// The event log.
    public var eventLog: EventLog {
        EventLog(path: pipeline.location(of: pipeline.eventLog), pipeline: pipeline.name, storage: storage(pipeline.location(of: pipeline.eventLog)))
    }

    /// The datasets a full refresh selection covers: the named ones and the streaming tables
    /// downstream of them through `STREAM(...)` reads.
    public func fullRefreshSet(_ selection: FullRefresh) throws -> Set<String> {
        switch selection {
        case .none: return []
        case .all: return Set(pipeline.datasets.map(\.name))
        case .datasets(let names):
            var set = Set<String>()
            for n in names {
                guard pipeline.dataset(n) != nil else {
                    let hint = Suggestions.nearest(n, pipeline.datasets.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    throw PipelineError(.notFound, "--full-refresh: '\(n)' is not a dataset of pipeline \(pipeline.name)\(hint)")
                }
                set.insert(n.lowercased())
            }
            // Streaming readers of a rewritten table cannot continue incrementally.
            var changed = true
            while changed {
                changed = false
                for d in pipeline.datasets where !set.contains(d.name) {
                    let streams = graph.queries[d.name]?.streamingInputs ?? []
                    if streams.contains(where: { set.contains($0) }) { set.insert(d.name); changed = true }
                }
            }
            return set
        }
    }

    /// Runs one update.
    @discardableResult
    public func run(_ options: UpdateOptions = UpdateOptions(), progress: (@Sendable (ProgressEvent) -> Void)? = nil) throws -> UpdateResult {
        let refresh = try fullRefreshSet(options.fullRefresh)
        let updateID = UUID().uuidString.lowercased()
        let started = Date()
        let startMicros = Int64(started.timeIntervalSince1970 * 1_000_000)
        let log = eventLog
        let report = progress ?? { _ in }
        func event(_ type: PipelineEvent.EventType, _ level: PipelineEvent.Level, _ dataset: String?, _ message: String, _ details: JSONObject) -> PipelineEvent {
            PipelineEvent(id: UUID().uuidString.lowercased(), timestamp: Int64(Date().timeIntervalSince1970 * 1_000_000), updateID: updateID, eventType: type, level: level, dataset: dataset, message: message, details: details)
        }
        let selection: JSONValue = switch options.fullRefresh {
        case .none: .null
        case .all: .array(pipeline.datasets.map { .string($0.name) })
        case .datasets: .array(refresh.sorted().map { .string($0) })
        }
        log.record(event(.createUpdate, .info, nil, "Update \(updateID.prefix(8)) started by \(options.cause)" + (refresh.isEmpty ? "" : " (full refresh of \(refresh.count == pipeline.datasets.count ? "all datasets" : refresh.sorted().joined(separator: ", ")))"),
                         JSONObject([.init("create_update", .object(JSONObject([.init("cause", .string(options.cause)), .init("full_refresh", .bool(options.fullRefresh == .all)), .init("full_refresh_selection", selection)])))])))
        for name in graph.order {
            let d = pipeline.dataset(name)!
            let inputs: [JSONValue] = d.source.map { [.string($0.path)] } ?? ((graph.upstream[name] ?? []) + (graph.external[name] ?? [])).map { .string($0) }
            log.record(event(.flowDefinition, .info, name, "Dataset \(name) is a \(d.kind.displayName)" + (d.source != nil ? " fed by \(d.source!.format.rawValue) files" : ""),
                             JSONObject([.init("flow_definition", .object(JSONObject([
                                 .init("output_dataset", .string(name)), .init("input_datasets", .array(inputs)),
                                 .init("flow_type", .string(d.source != nil ? "APPEND_FILES" : d.applyChanges != nil ? "APPLY_CHANGES" : d.kind == .streamingTable ? "APPEND" : "COMPLETE")),
                                 .init("expectations", .array(d.expectations.map { .object(JSONObject([.init("name", .string($0.name)), .init("condition", .string($0.condition)), .init("action", .string($0.action.rawValue))])) })),
                             ])))])))
        }
        log.record(event(.updateProgress, .info, nil, "Update \(updateID.prefix(8)) is RUNNING", JSONObject([.init("update_progress", .object(JSONObject([.init("state", .string("RUNNING"))])))])))
        try log.flush()
        report(.updateStarted(updateID: updateID, datasets: graph.order))

        // Schedule: a dataset starts once all its inputs finished; a failed input skips it.
        let state = SchedulerState()
        let semaphore = DispatchSemaphore(value: 0)
        var running = 0
        var started_ = Set<String>()
        let parallelism = max(1, options.parallelism)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let threads = options.queryThreads ?? max(1, cores / min(parallelism, cores))
        var lastFlush = Date()
        func drain() {
            for r in state.takeNew() {
                report(.datasetFinished(r))
                for e in Self.events(for: r, updateID: updateID) { log.record(e) }
            }
        }
        while true {
            var launchedAny = false
            for name in graph.order where !started_.contains(name) && running < parallelism {
                let ups = graph.upstream[name] ?? []
                guard ups.allSatisfy({ state.result(of: $0) != nil }) else { continue }
                started_.insert(name)
                launchedAny = true
                let d = pipeline.dataset(name)!
                if options.isStopRequested?() == true {
                    var r = DatasetResult(name: name, kind: d.kind, status: .skipped)
                    r.note = "the update was canceled"
                    r.versionBefore = try? table(name).latestVersion()
                    r.versionAfter = r.versionBefore
                    state.finish(r)
                    continue
                }
                if let bad = ups.first(where: { let s = state.result(of: $0)!.status; return s == .failed || s == .skipped }) {
                    var r = DatasetResult(name: name, kind: d.kind, status: .skipped)
                    r.note = "input \(bad) failed"
                    r.versionBefore = try? table(name).latestVersion()
                    r.versionAfter = r.versionBefore
                    state.finish(r)
                    continue
                }
                running += 1
                report(.datasetStarted(name))
                let context = FlowContext(runner: self, dataset: d, updateID: updateID, startedAt: startMicros, fullRefresh: refresh.contains(name), threads: threads, commitInfo: options.commitInfo, report: report)
                DispatchQueue.global().async {
                    let r = context.run()
                    state.finish(r)
                    semaphore.signal()
                }
            }
            drain()
            if state.count == graph.order.count { break }
            if running == 0 {
                if launchedAny { continue }
                break  // nothing runnable (cannot happen in an acyclic graph)
            }
            semaphore.wait()
            running -= 1
            drain()
            if Date().timeIntervalSince(lastFlush) > 2 {
                try? log.flush()
                lastFlush = Date()
            }
        }
        let results = graph.order.compactMap { state.result(of: $0) }
        let result = UpdateResult(updateID: updateID, pipeline: pipeline.name, startedAt: startMicros, seconds: Date().timeIntervalSince(started), datasets: results)
        let failed = results.filter { $0.status == .failed }
        let stateText = !failed.isEmpty ? "FAILED" : options.isStopRequested?() == true ? "CANCELED" : "COMPLETED"
        var end = event(.updateProgress, failed.isEmpty ? .info : .error, nil,
                        "Update \(updateID.prefix(8)) is \(stateText)" + (failed.isEmpty ? "" : ": \(failed.map(\.name).joined(separator: ", ")) failed"),
                        JSONObject([.init("update_progress", .object(JSONObject([.init("state", .string(stateText))])))]))
        end.error = failed.first?.error
        end.durationMs = Int64(result.seconds * 1000)
        log.record(end)
        try log.flush()
        report(.updateFinished(result))
        return result
    }

    /// The event log rows of a finished dataset.
    static func events(for r: DatasetResult, updateID: String) -> [PipelineEvent] {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let expectations: [JSONValue] = r.expectations.map {
            .object(JSONObject([.init("name", .string($0.name)), .init("dataset", .string($0.dataset)), .init("action", .string($0.action.rawValue)),
                                .init("passed_records", .int(Int64($0.passedRecords))), .init("failed_records", .int(Int64($0.failedRecords)))]))
        }
        var metrics: [JSONObject.Member] = [.init("num_output_rows", .int(Int64(r.outputRows))), .init("num_input_rows", .int(Int64(r.inputRows)))]
        if r.upsertedRows > 0 || r.deletedRows > 0 {
            metrics += [.init("num_upserted_rows", .int(Int64(r.upsertedRows))), .init("num_deleted_rows", .int(Int64(r.deletedRows)))]
        }
        if !r.files.isEmpty { metrics.append(.init("num_files", .int(Int64(r.files.count)))) }
        var members: [JSONObject.Member] = [.init("status", .string(r.status.rawValue)), .init("metrics", .object(JSONObject(metrics)))]
        if !r.expectations.isEmpty {
            members.append(.init("data_quality", .object(JSONObject([.init("dropped_records", .int(Int64(r.droppedRecords))), .init("expectations", .array(expectations))]))))
        }
        if !r.files.isEmpty { members.append(.init("files", .array(r.files.map { .string($0) }))) }
        if !r.schemaChanges.isEmpty { members.append(.init("schema_changes", .array(r.schemaChanges.map { .string($0) }))) }
        var message: String
        switch r.status {
        case .updated:
            message = "Completed \(r.name): \(r.outputRows) row(s) written" + (r.versionAfter.map { ", version \($0)" } ?? "")
            if r.upsertedRows > 0 || r.deletedRows > 0 { message += " (\(r.upsertedRows) upserted, \(r.deletedRows) deleted)" }
        case .upToDate: message = "\(r.name) is up to date" + (r.note.map { ": \($0)" } ?? "")
        case .failed: message = "\(r.name) failed: \(r.error ?? "unknown error")"
        case .skipped: message = "\(r.name) was skipped" + (r.note.map { ": \($0)" } ?? "")
        }
        var flow = PipelineEvent(id: UUID().uuidString.lowercased(), timestamp: now, updateID: updateID, eventType: .flowProgress,
                                 level: r.status == .failed ? .error : r.status == .skipped ? .warn : .metrics, dataset: r.name, message: message,
                                 details: JSONObject([.init("flow_progress", .object(JSONObject(members)))]), error: r.error)
        flow.inputRows = Int64(r.inputRows)
        flow.outputRows = Int64(r.outputRows)
        flow.upsertedRows = Int64(r.upsertedRows)
        flow.deletedRows = Int64(r.deletedRows)
        flow.droppedRecords = Int64(r.droppedRecords)
        flow.version = r.status == .updated ? r.versionAfter : nil
        flow.durationMs = Int64(r.seconds * 1000)
        var out = [flow]
        for m in r.expectations {
            var e = PipelineEvent(id: UUID().uuidString.lowercased(), timestamp: now, updateID: updateID, eventType: .expectation,
                                  level: m.failedRecords > 0 && m.action != .warn ? .warn : .metrics, dataset: r.name,
                                  message: "Expectation \(m.name) on \(r.name): \(m.passedRecords) passed, \(m.failedRecords) failed (\(m.action.rawValue))",
                                  details: JSONObject([.init("name", .string(m.name)), .init("action", .string(m.action.rawValue))]))
            e.expectation = m.name
            e.action = m.action.rawValue
            e.passedRecords = Int64(m.passedRecords)
            e.failedRecords = Int64(m.failedRecords)
            e.droppedRecords = m.action == .drop ? Int64(m.failedRecords) : 0
            out.append(e)
        }
        return out
    }
}

/// The results finished so far, shared between the scheduler and the flows.
final class SchedulerState: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: DatasetResult] = [:]
    private var fresh: [DatasetResult] = []

    func finish(_ r: DatasetResult) {
        lock.lock()
        results[r.name] = r
        fresh.append(r)
        lock.unlock()
    }

    func result(of name: String) -> DatasetResult? {
        lock.lock()
        defer { lock.unlock() }
        return results[name]
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return results.count
    }

    /// Results finished since the last call (skips reported by the scheduler are included).
    func takeNew() -> [DatasetResult] {
        lock.lock()
        defer { lock.unlock() }
        let out = fresh
        fresh.removeAll()
        return out
    }
}
