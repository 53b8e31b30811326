/// Realistic Delta Lake log lines, used as a corpus by several suites. The delta-rs lines are
/// verbatim from a table written by deltalake 1.6.6 (python); the Spark lines follow what
/// Delta Lake 3.x on Spark writes (Jackson: compact, minimal escapes, raw UTF-8).
enum DeltaLogSamples {
    static let deltaRS: [String] = [
        #"{"commitInfo":{"timestamp":1795596053148,"operation":"WRITE","operationParameters":{"mode":"ErrorIfExists","partitionBy":"[\"date\"]"},"engineInfo":"delta-rs:py-1.6.6","operationMetrics":{"num_added_files":2,"num_removed_files":0,"num_partitions":0,"num_added_rows":3,"execution_time_ms":5,"num_retries":0},"clientVersion":"delta-rs.py-1.6.6"}}"#,
        #"{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}"#,
        #"{"metaData":{"id":"cedac86b-6ca5-4c32-a65e-eb169684f3cf","name":null,"description":null,"format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"amount\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},{\"name\":\"date\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":["date"],"createdTime":1795596053143,"configuration":{}}}"#,
        #"{"add":{"path":"date=2024-01-02/part-00000-fd8eba0d-db14-4d88-8bb8-4c49a8fd5fed-c000.snappy.parquet","partitionValues":{"date":"2024-01-02"},"size":975,"modificationTime":1795596053148,"dataChange":true,"stats":"{\"numRecords\":1,\"minValues\":{\"id\":3},\"maxValues\":{\"id\":3},\"nullCount\":{\"name\":1,\"amount\":1,\"id\":0}}","tags":null,"baseRowId":null,"defaultRowCommitVersion":null,"clusteringProvider":null}}"#,
        #"{"add":{"path":"date=2024-01-01/part-00000-3ee2784b-8727-437a-836d-f5e134b8b208-c000.snappy.parquet","partitionValues":{"date":"2024-01-01"},"size":1090,"modificationTime":1795596053148,"dataChange":true,"stats":"{\"numRecords\":2,\"minValues\":{\"amount\":-0.25,\"name\":\"a\",\"id\":1},\"maxValues\":{\"amount\":1.5,\"id\":2,\"name\":\"é\\\"q\"},\"nullCount\":{\"amount\":0,\"name\":0,\"id\":0}}","tags":null,"baseRowId":null,"defaultRowCommitVersion":null,"clusteringProvider":null}}"#,
    ]

    static let spark: [String] = [
        #"{"commitInfo":{"timestamp":1716900000000,"operation":"WRITE","operationParameters":{"mode":"Append","partitionBy":"[]"},"isolationLevel":"Serializable","isBlindAppend":true,"operationMetrics":{"numFiles":"1","numOutputRows":"3","numOutputBytes":"1042"},"engineInfo":"Apache-Spark/3.5.1 Delta-Lake/3.2.0","txnId":"0b6f2a1e-8c7d-4a3e-9f5b-2d1c4e6a8b90"}}"#,
        #"{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors","appendOnly","invariants"]}}"#,
        #"{"metaData":{"id":"8a2e4c1d-0f3b-4e5a-9c7d-6b1a2f3e4d5c","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{\"comment\":\"primary \\\"key\\\"\"}},{\"name\":\"price\",\"type\":\"decimal(38,18)\",\"nullable\":true,\"metadata\":{}},{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":true},\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{"delta.enableDeletionVectors":"true","delta.checkpointInterval":"10"},"createdTime":1716899999000}}"#,
        #"{"add":{"path":"part-00000-1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6-c000.snappy.parquet","partitionValues":{},"size":1042,"modificationTime":1716900000000,"dataChange":true,"stats":"{\"numRecords\":3,\"minValues\":{\"id\":1,\"price\":-12345678901234567890.123456789012345678,\"name\":\"Zürich\",\"ts\":\"2024-05-28T12:00:00.000Z\"},\"maxValues\":{\"id\":3,\"price\":1.0E-7,\"name\":\"東京\",\"ts\":\"2024-05-28T12:00:02.000Z\"},\"nullCount\":{\"id\":0,\"price\":0,\"name\":1,\"ts\":0}}","tags":{"INSERTION_TIME":"1716900000000000","MIN_INSERTION_TIME":"1716900000000000","MAX_INSERTION_TIME":"1716900000000000","OPTIMIZE_TARGET_SIZE":"268435456"}}}"#,
        #"{"add":{"path":"country=DE/part-00001-aa11bb22-cc33-dd44-ee55-ff6677889900.c000.snappy.parquet","partitionValues":{"country":"DE"},"size":2048,"modificationTime":1716900000001,"dataChange":false,"stats":"{\"numRecords\":10,\"tightBounds\":false}","deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":4,"sizeInBytes":40,"cardinality":6}}}"#,
        #"{"remove":{"path":"part-00000-1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6-c000.snappy.parquet","deletionTimestamp":1716900100000,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{},"size":1042}}"#,
        #"{"txn":{"appId":"3ba13872-2d47-4e17-86a0-21afd2a22395","version":364475,"lastUpdated":1716900000000}}"#,
    ]

    /// Every sample line.
    static var all: [String] { deltaRS + spark }
}
