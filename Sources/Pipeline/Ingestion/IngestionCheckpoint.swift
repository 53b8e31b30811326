import Foundation
import LakeJSON

/// Which landing files a file source has ingested, as an offsets log in the pipeline's state
/// directory: `offsets/<batch>.json` lists every file ingested through batch `batch`. A batch
/// counts only once the table holds the application transaction (`txn`) with that batch
/// number, committed in the same Delta commit as the batch's rows; an offsets file past the
/// committed batch is a plan a crashed update never committed, and is planned again.
///
/// A full refresh starts a new generation (a new directory and a new transaction id), so the
/// old offsets never apply to the rewritten table.
public struct IngestionCheckpoint: Sendable {
    /// The checkpoint's directory (`ROOT/_pipelines/NAME/checkpoints/DATASET/gN`).
    public let directory: String
    /// The application id of the `txn` action recording committed batches.
    public let applicationID: String

    /// The checkpoint of `dataset` in `pipeline`, generation `generation`.
    public init(pipeline: PipelineDefinition, dataset: String, generation: Int) {
        directory = pipeline.stateDirectory + "/checkpoints/" + dataset + "/g\(generation)"
        applicationID = "lake-pipeline/\(pipeline.name)/\(dataset)/files/g\(generation)"
    }

    func offsetsPath(_ batch: Int64) -> String { directory + "/offsets/\(batch).json" }

    /// The files ingested through `batch` (none for batch -1, before the first).
    public func files(throughBatch batch: Int64) throws -> [String: LandingFile] {
        guard batch >= 0 else { return [:] }
        let path = offsetsPath(batch)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.checkpoint, "the table has committed ingestion batch \(batch) but its offsets file '\(path)' is missing; run a full refresh of this dataset")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: [UInt8](data))
        } catch {
            throw PipelineError(.checkpoint, "the offsets file '\(path)' is not valid JSON (\(error)); run a full refresh of this dataset")
        }
        guard let list = json["files"]?.arrayValue else {
            throw PipelineError(.checkpoint, "the offsets file '\(path)' has no file list; run a full refresh of this dataset")
        }
        var out: [String: LandingFile] = [:]
        for item in list {
            guard let name = item["name"]?.stringValue else { continue }
            out[name] = LandingFile(name: name, size: item["size"]?.int64Value ?? -1, modificationTime: item["modificationTime"]?.int64Value ?? 0)
        }
        return out
    }

    /// Records the plan of `batch`: every file ingested once it commits. Written atomically
    /// (a temporary file renamed into place).
    public func write(batch: Int64, files: [LandingFile]) throws {
        let dir = directory + "/offsets"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.checkpoint, "cannot create the checkpoint directory '\(dir)': \(error.localizedDescription)")
        }
        let json = JSONValue.object(JSONObject([
            .init("batch", .int(batch)),
            .init("files", .array(files.sorted { $0.name < $1.name }.map {
                .object(JSONObject([.init("name", .string($0.name)), .init("size", .int($0.size)), .init("modificationTime", .int($0.modificationTime))]))
            })),
        ]))
        let target = offsetsPath(batch)
        let temporary = dir + "/.\(batch).json.tmp"
        let bytes = Array(json.serialized().utf8)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)), rename(temporary, target) == 0 else {
            throw PipelineError(.checkpoint, "cannot write the offsets file '\(target)'")
        }
    }
}
