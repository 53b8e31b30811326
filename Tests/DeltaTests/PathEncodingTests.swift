import Testing
@testable import Delta

@Suite struct PathEncodingTests {
    @Test func hiveEscapingThenURIEncodingLikeSpark() {
        // Spark's DAT table multi_partitioned: value "/%20%f" → directory %2F%2520%25f → log path %252F%252520%2525f.
        let dir = PathEncoding.escapePartitionValue("/%20%f")
        #expect(dir == "%2F%2520%25f")
        #expect(PathEncoding.encode("letter=\(dir)/part-0.parquet") == "letter=%252F%252520%2525f/part-0.parquet")
        #expect(PathEncoding.encode("data=😈/x y.parquet") == "data=😈/x%20y.parquet")
        #expect(PathEncoding.escapePartitionValue(nil) == "__HIVE_DEFAULT_PARTITION__")
        #expect(PathEncoding.escapePartitionValue("") == "__HIVE_DEFAULT_PARTITION__")
        #expect(PathEncoding.escapePartitionValue("a=b:c#d") == "a%3Db%3Ac%23d")
    }

    @Test func decodingInvertsEncoding() {
        for raw in ["a b/c", "x%y", "日本/é", "%zz", "100%"] {
            #expect(PathEncoding.decode(PathEncoding.encode(raw)) == raw)
        }
        #expect(PathEncoding.decode("%zz%4") == "%zz%4")
    }
}
