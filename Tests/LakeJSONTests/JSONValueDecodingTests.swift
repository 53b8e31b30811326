import Testing
import LakeJSON

/// The typed accessors used by log readers: values, missing keys, nulls, wrong types.
@Suite struct JSONValueDecodingTests {
    static let add: JSONValue = [
        "path": "part-0.parquet", "size": 975, "big": .number("9223372036854775808"), "whole": .number("5.0"),
        "dataChange": true, "partitionValues": ["date": "2024-01-02", "region": nil], "tags": nil,
        "list": [1, 2], "stats": .string(#"{"numRecords":1}"#),
    ]

    /// The message of the decoding error `body` throws.
    static func message<T>(_ body: () throws(JSONError) -> T) -> String? {
        do throws(JSONError) {
            _ = try body()
            return nil
        } catch {
            #expect(error.kind == .decoding)
            #expect(error.offset == 0)
            return error.message
        }
    }

    @Test func presentValues() throws {
        let add = Self.add
        #expect(try add.string("path") == "part-0.parquet")
        #expect(try add.int64("size") == 975)
        #expect(try add.int64("whole") == 5)
        #expect(try add.bool("dataChange") == true)
        #expect(try add.object("partitionValues")["date"] == "2024-01-02")
        #expect(try add.array("list") == [1, 2])
        #expect(try add.require("tags") == .null)
        #expect(try add.optional("size") == 975)
        #expect(try add.optionalString("path") == "part-0.parquet")
        #expect(try add.optionalInt64("size") == 975)
        #expect(try add.optionalBool("dataChange") == true)
        #expect(try add.optionalObject("partitionValues")?.count == 2)
        #expect(try add.optionalArray("list")?.count == 2)
        #expect(try JSONValue(parsing: try add.string("stats")).int64("numRecords") == 1)
    }

    @Test func nullAndMissingAreAbsentForOptionals() throws {
        let add = Self.add
        #expect(try add.optional("tags") == nil)
        #expect(try add.optional("nope") == nil)
        #expect(try add.optionalString("tags") == nil)
        #expect(try add.optionalString("nope") == nil)
        #expect(try add.optionalInt64("tags") == nil)
        #expect(try add.optionalBool("nope") == nil)
        #expect(try add.optionalObject("tags") == nil)
        #expect(try add.optionalArray("nope") == nil)
    }

    @Test func errorsNameTheKey() {
        let add = Self.add
        #expect(Self.message { () throws(JSONError) in try add.require("nope") } == "missing key 'nope'")
        #expect(Self.message { () throws(JSONError) in try add.string("nope") } == "missing key 'nope'")
        #expect(Self.message { () throws(JSONError) in try add.string("size") } == "key 'size' is an integer, expected a string")
        #expect(Self.message { () throws(JSONError) in try add.string("tags") } == "key 'tags' is null, expected a string")
        #expect(Self.message { () throws(JSONError) in try add.int64("path") } == "key 'path' is a string, expected an integer")
        #expect(Self.message { () throws(JSONError) in try add.int64("big") } == "key 'big' is a number, expected an integer")
        #expect(Self.message { () throws(JSONError) in try add.bool("size") } == "key 'size' is an integer, expected a boolean")
        #expect(Self.message { () throws(JSONError) in try add.object("list") } == "key 'list' is an array, expected an object")
        #expect(Self.message { () throws(JSONError) in try add.array("partitionValues") } == "key 'partitionValues' is an object, expected an array")
        #expect(Self.message { () throws(JSONError) in try add.optionalString("size") } == "key 'size' is an integer, expected a string")
        #expect(Self.message { () throws(JSONError) in try add.optionalInt64("dataChange") } == "key 'dataChange' is a boolean, expected an integer")
        #expect(Self.message { () throws(JSONError) in try JSONValue.array([]).string("path") } == "expected an object with key 'path', found an array")
        #expect(Self.message { () throws(JSONError) in try JSONValue.null.optionalString("path") } == "expected an object with key 'path', found null")
        #expect(Self.message { () throws(JSONError) in try JSONValue.number("1.5").require("a") } == "expected an object with key 'a', found a number")
    }

    @Test func duplicateKeysReadTheLast() throws {
        let value = try JSONValue(parsing: #"{"size":1,"size":2}"#)
        #expect(try value.int64("size") == 2)
    }

    @Test func description() {
        #expect(JSONError.decoding("missing key 'path'").description == "unexpected JSON: missing key 'path'")
    }
}
