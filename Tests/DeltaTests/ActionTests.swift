import LakeJSON
import Testing
@testable import Delta

@Suite struct ActionTests {
    @Test func sparkOmitsAndDeltaRsWritesNulls() throws {
        let spark = try JSONValue(parsing: #"{"add":{"path":"a%20b.parquet","partitionValues":{"p":null},"size":10,"modificationTime":5,"dataChange":true}}"#)
        let deltaRs = try JSONValue(parsing: #"{"add":{"path":"a%20b.parquet","partitionValues":{"p":null},"size":10,"modificationTime":5,"dataChange":true,"stats":null,"tags":null,"deletionVector":null,"baseRowId":null,"defaultRowCommitVersion":null,"clusteringProvider":null}}"#)
        #expect(try Action(json: spark) == Action(json: deltaRs))
        guard case .add(let add)? = try Action(json: spark) else { Issue.record("not an add"); return }
        #expect(add.partitionValues["p"] == .some(nil))
        #expect(add.key.path == "a b.parquet")
    }

    @Test func unknownActionsAreIgnoredAndMalformedOnesRefused() throws {
        #expect(try Action(json: JSONValue(parsing: #"{"futureAction":{"x":1}}"#)) == nil)
        #expect { try Action(json: JSONValue(parsing: #"{"add":{"path":"x"}}"#)) } throws: {
            ($0 as? DeltaError)?.message.contains("'add' action has no 'size'") == true
        }
        #expect(throws: DeltaError.self) { try Action(json: JSONValue(parsing: #"{"protocol":{"minReaderVersion":"one","minWriterVersion":2}}"#)) }
    }

    @Test(arguments: [
        Action.add(AddFile(path: "p=1/f.parquet", partitionValues: ["p": "1"], size: 3, modificationTime: 4, stats: #"{"numRecords":1}"#)),
        .remove(RemoveFile(path: "f.parquet", deletionTimestamp: 9, size: 3)),
        .metadata(Metadata(id: "id", schemaString: "{}", partitionColumns: ["p"], configuration: ["k": "v"], createdTime: 1)),
        .protocol(Protocol(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["timestampNtz"], writerFeatures: ["timestampNtz"])),
        .txn(SetTransaction(appId: "app", version: 7, lastUpdated: 8)),
        .domainMetadata(DomainMetadata(domain: "d", configuration: "{}")),
        .cdc(AddCDCFile(path: "_change_data/x.parquet", size: 1)),
    ])
    func roundTrips(_ action: Action) throws {
        #expect(try Action(json: JSONValue(parsing: action.json.serialized())) == action)
    }
}
