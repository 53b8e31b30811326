import Foundation
import Testing
@testable import Parquet

/// The bytes of a footer fixture (Fixtures/footers, see the README there).
func footerFixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/footers").appendingPathComponent(name)
    return [UInt8](try Data(contentsOf: url))
}

/// Parses footer bytes.
func parseFooter(_ bytes: [UInt8]) throws -> FileMetaData {
    try bytes.withUnsafeBytes { try FileMetaData(footerBytes: $0) }
}

/// Little-endian bytes of a fixed-width value (PLAIN statistics encoding).
private func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func le(_ v: Double) -> [UInt8] { le(v.bitPattern) }

/// Expected facts about one column chunk, as pyarrow reports them.
private struct ExpectedChunk {
    var path: [String]
    var type: PhysicalType
    var numValues: Int64
    var dictionaryPageOffset: Int64?
    var dataPageOffset: Int64
    var compressed: Int64
    var uncompressed: Int64
    var nullCount: Int64
    var min: [UInt8]?
    var max: [UInt8]?
}

private func check(_ chunk: ColumnChunk, _ e: ExpectedChunk, codec: CompressionCodec, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let m = chunk.metaData else {
        Issue.record("no meta_data for \(e.path)", sourceLocation: sourceLocation)
        return
    }
    #expect(chunk.filePath == nil, sourceLocation: sourceLocation)
    #expect(m.pathInSchema == e.path, sourceLocation: sourceLocation)
    #expect(m.type == e.type, sourceLocation: sourceLocation)
    #expect(m.codec == codec, sourceLocation: sourceLocation)
    #expect(m.numValues == e.numValues, sourceLocation: sourceLocation)
    #expect(m.dictionaryPageOffset == e.dictionaryPageOffset, sourceLocation: sourceLocation)
    #expect(m.dataPageOffset == e.dataPageOffset, sourceLocation: sourceLocation)
    #expect(m.totalCompressedSize == e.compressed, sourceLocation: sourceLocation)
    #expect(m.totalUncompressedSize == e.uncompressed, sourceLocation: sourceLocation)
    #expect(m.statistics?.nullCount == e.nullCount, sourceLocation: sourceLocation)
    #expect(m.statistics?.minValue == e.min, sourceLocation: sourceLocation)
    #expect(m.statistics?.maxValue == e.max, sourceLocation: sourceLocation)
}

@Suite struct FileMetaDataTests {
    // MARK: (a) Round trip

    static let stats = Statistics(
        max: [1, 2], min: [0], nullCount: 0, distinctCount: 17, maxValue: [0xFF], minValue: [0x00, 0x01],
        isMaxValueExact: false, isMinValueExact: true
    )

    static let rich: FileMetaData = {
        let leaf = { (name: String, type: PhysicalType, logical: LogicalType?, converted: ConvertedType?) in
            SchemaElement(type: type, repetitionType: .optional, name: name, convertedType: converted, fieldID: 7, logicalType: logical)
        }
        let schema: [SchemaElement] = [
            SchemaElement(name: "root", numChildren: 20),
            leaf("s", .byteArray, .string, .utf8),
            SchemaElement(repetitionType: .optional, name: "m", numChildren: 1, convertedType: .map, logicalType: .map),
            SchemaElement(repetitionType: .repeated, name: "key_value", numChildren: 2, convertedType: .mapKeyValue),
            SchemaElement(type: .byteArray, repetitionType: .required, name: "key", convertedType: .utf8, logicalType: .string),
            leaf("value", .int32, nil, nil),
            SchemaElement(repetitionType: .optional, name: "l", numChildren: 1, convertedType: .list, logicalType: .list),
            SchemaElement(repetitionType: .repeated, name: "list", numChildren: 1),
            leaf("element", .int64, .integer(bitWidth: 64, isSigned: false), .uint64),
            leaf("e", .byteArray, .enum, .enum),
            SchemaElement(type: .fixedLenByteArray, typeLength: 16, repetitionType: .required, name: "d", convertedType: .decimal,
                          scale: 4, precision: 38, fieldID: -5, logicalType: .decimal(scale: 4, precision: 38)),
            leaf("date", .int32, .date, .date),
            leaf("t1", .int32, .time(isAdjustedToUTC: true, unit: .millis), .timeMillis),
            leaf("t2", .int64, .time(isAdjustedToUTC: false, unit: .nanos), nil),
            leaf("ts", .int64, .timestamp(isAdjustedToUTC: true, unit: .micros), .timestampMicros),
            leaf("i8", .int32, .integer(bitWidth: 8, isSigned: true), .int8),
            leaf("u", .int32, .unknown, nil),
            leaf("j", .byteArray, .json, .json),
            leaf("b", .byteArray, .bson, .bson),
            leaf("id", .fixedLenByteArray, .uuid, nil),
            leaf("h", .fixedLenByteArray, .float16, nil),
            leaf("v", .byteArray, .unrecognized(fieldID: 16), nil),
            SchemaElement(type: .int96, repetitionType: FieldRepetitionType(rawValue: 3), name: "old"),
        ]
        let meta = ColumnMetaData(
            type: .int64, encodings: [.plain, .rle, .rleDictionary, Encoding(rawValue: 42)], pathInSchema: ["l", "list", "element"],
            codec: .zstd, numValues: 1 << 40, totalUncompressedSize: 123_456_789_012, totalCompressedSize: 98_765,
            keyValueMetadata: [KeyValue(key: "k", value: "v"), KeyValue(key: "only-key", value: nil)],
            dataPageOffset: 4_000_000_000, indexPageOffset: 5, dictionaryPageOffset: 4,
            statistics: stats,
            encodingStats: [
                PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
                PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: 30),
            ],
            bloomFilterOffset: 999, bloomFilterLength: 64
        )
        let chunk = ColumnChunk(
            fileOffset: 4, metaData: meta, offsetIndexOffset: 1000, offsetIndexLength: 20, columnIndexOffset: 2000, columnIndexLength: 40
        )
        let bare = ColumnChunk(fileOffset: 0, metaData: nil)
        return FileMetaData(
            version: 2, schema: schema, numRows: 1 << 33,
            rowGroups: [
                RowGroup(
                    columns: [chunk, bare], totalByteSize: 5_000_000_000, numRows: 1 << 32,
                    sortingColumns: [SortingColumn(columnIndex: 0, descending: true, nullsFirst: false),
                                     SortingColumn(columnIndex: 3, descending: false, nullsFirst: true)],
                    fileOffset: 4, totalCompressedSize: 98_765, ordinal: 0
                ),
                RowGroup(columns: [chunk], totalByteSize: 1, numRows: 1, ordinal: .max),
                RowGroup(columns: [], totalByteSize: 0, numRows: 0),
            ],
            keyValueMetadata: [KeyValue(key: "ARROW:schema", value: "…ünïcode…"), KeyValue(key: "", value: "")],
            createdBy: "lakehouse version 0.1.0 (build abc)",
            columnOrders: [.typeDefinedOrder, .unrecognized(fieldID: 2), .unrecognized(fieldID: 3)]
        )
    }()

    @Test func richMetadataRoundTrips() throws {
        let bytes = Self.rich.serialized()
        let parsed = try parseFooter(bytes)
        #expect(parsed == Self.rich)
        // Serializing again gives the same bytes.
        #expect(parsed.serialized() == bytes)
    }

    @Test func minimalMetadataRoundTrips() throws {
        let m = FileMetaData(version: 1, schema: [SchemaElement(name: "schema", numChildren: 0)], numRows: 0, rowGroups: [])
        #expect(try parseFooter(m.serialized()) == m)
    }

    @Test func filePathIsNeverWritten() throws {
        var m = Self.rich
        m.rowGroups[0].columns[0].filePath = "elsewhere.parquet"
        let parsed = try parseFooter(m.serialized())
        #expect(parsed.rowGroups[0].columns[0].filePath == nil)
        #expect(parsed == Self.rich)
    }

    @Test func writesFieldsInIDOrderWithShortHeaders() {
        // FileMetaData: 1 version (i32), 2 schema (list), 3 num_rows (i64), 4 row_groups (list) ...
        let bytes = FileMetaData(version: 1, schema: [SchemaElement(name: "r", numChildren: 0)], numRows: 5, rowGroups: []).serialized()
        #expect(bytes == [0x15, 0x02, 0x19, 0x1C, 0x48, 0x01, 0x72, 0x15, 0x00, 0x00, 0x16, 0x0A, 0x19, 0x0C, 0x00])
    }

    @Test func trailingBytesAfterTheStructAreIgnored() throws {
        let bytes = Self.rich.serialized() + [UInt8](repeating: 0xAB, count: 28)
        #expect(try parseFooter(bytes) == Self.rich)
    }

    @Test func missingRequiredFieldsAreNamed() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, i32: 1)
            w.writeField(3, i64: 0)
            w.writeField(4, list: [Int](), of: .struct) { _, _ in }
        }
        #expect { try parseFooter(w.bytes) } throws: { error in
            let e = error as? ParquetError
            return e?.code == .corruptMetadata && e?.message.contains("FileMetaData.schema (id 2)") == true
        }
    }

    // MARK: Forward compatibility: fields from newer writers are skipped

    @Test func skipsFieldsFromNewerWriters() throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, i32: 1)
            w.writeField(2, list: [0, 1], of: .struct) { w, i in
                w.writeStruct { w in
                    if i == 1 { w.writeField(1, enum: PhysicalType.int64) }
                    w.writeField(3, enum: i == 0 ? FieldRepetitionType(rawValue: 0) : .optional)
                    w.writeField(4, string: i == 0 ? "schema" : "x")
                    if i == 0 { w.writeField(5, i32: 1) }
                    if i == 1 {
                        // LogicalType VARIANT (16) with a specification_version.
                        w.writeField(10, struct: { w in w.writeField(16, struct: { w in w.writeField(1, i8: 1) }) })
                        w.writeField(11, i32: 3)  // vector_length
                    }
                }
            }
            w.writeField(3, i64: 3)
            w.writeField(4, list: [0], of: .struct) { w, _ in
                w.writeStruct { w in
                    w.writeField(1, list: [0], of: .struct) { w, _ in
                        w.writeStruct { w in
                            w.writeField(2, i64: 4)
                            w.writeField(3, struct: { w in
                                w.writeField(1, enum: PhysicalType.int64)
                                w.writeField(2, list: [Encoding.plain], of: .i32) { w, e in w.writeI32(e.rawValue) }
                                w.writeField(3, list: ["x"], of: .binary) { w, s in w.writeString(s) }
                                w.writeField(4, enum: CompressionCodec.snappy)
                                w.writeField(5, i64: 3)
                                w.writeField(6, i64: 30)
                                w.writeField(7, i64: 20)
                                w.writeField(9, i64: 4)
                                w.writeField(12, struct: { w in
                                    w.writeField(3, i64: 0)
                                    w.writeField(9, i64: 2)  // nan_count
                                })
                                // 16: SizeStatistics { 1: i64, 2: list<i64>, 3: list<i64> }
                                w.writeField(16, struct: { w in
                                    w.writeField(1, i64: 10)
                                    w.writeField(2, list: [1, 2], of: .i64) { w, v in w.writeI64(v) }
                                    w.writeField(3, list: [Int64](repeating: 7, count: 20), of: .i64) { w, v in w.writeI64(v) }
                                })
                                // 17: GeospatialStatistics { 1: BoundingBox { 1-4 doubles }, 2: list<i32> }
                                w.writeField(17, struct: { w in
                                    w.writeField(1, struct: { w in for id: Int16 in 1 ... 6 { w.writeField(id, double: Double(id)) } })
                                    w.writeField(2, list: [1, 3], of: .i32) { w, v in w.writeI32(v) }
                                })
                                // Something that is not even in today's spec: a map of lists.
                                w.writeFieldBegin(90, .map)
                                w.writeMapBegin(keyType: .binary, valueType: .list, count: 1)
                                w.writeString("k")
                                w.writeListBegin(.bool, count: 2)
                                w.writeBoolElement(true)
                                w.writeBoolElement(false)
                            })
                            // 8: ColumnCryptoMetaData union { 2: EncryptionWithColumnKey { 1: list<string>, 2: binary } }
                            w.writeField(8, struct: { w in
                                w.writeField(2, struct: { w in
                                    w.writeField(1, list: ["x"], of: .binary) { w, s in w.writeString(s) }
                                    w.writeField(2, binary: [1, 2, 3])
                                })
                            })
                            w.writeField(9, binary: [UInt8](repeating: 0x5A, count: 40))  // encrypted_column_metadata
                        }
                    }
                    w.writeField(2, i64: 30)
                    w.writeField(3, i64: 3)
                    w.writeField(8, i32: 99)  // unknown RowGroup field
                }
            }
            w.writeField(6, string: "future-writer version 9.0.0 (build x)")
            // 7: column_orders with IEEE_754_TOTAL_ORDER (2)
            w.writeField(7, list: [0], of: .struct) { w, _ in w.writeStruct { w in w.writeField(2, struct: { _ in }) } }
            // 8: EncryptionAlgorithm { 1: AesGcmV1 { 1: binary, 2: binary, 3: bool } }
            w.writeField(8, struct: { w in
                w.writeField(1, struct: { w in
                    w.writeField(1, binary: [1])
                    w.writeField(2, binary: [2, 2])
                    w.writeField(3, bool: true)
                })
            })
            w.writeField(9, binary: [0xCC, 0xDD])  // footer_signing_key_metadata
        }
        let m = try parseFooter(w.bytes)
        #expect(m.version == 1 && m.numRows == 3)
        #expect(m.schema.map(\.name) == ["schema", "x"])
        #expect(m.schema[1].logicalType == .unrecognized(fieldID: 16))
        #expect(m.createdBy == "future-writer version 9.0.0 (build x)")
        #expect(m.columnOrders == [.unrecognized(fieldID: 2)])
        let chunk = try #require(m.rowGroups.first?.columns.first)
        #expect(chunk.fileOffset == 4)
        let meta = try #require(chunk.metaData)
        #expect(meta.pathInSchema == ["x"] && meta.codec == .snappy && meta.dataPageOffset == 4)
        #expect(meta.statistics == Statistics(nullCount: 0))
        #expect(m.rowGroups[0].numRows == 3)
    }

    // MARK: (b) Real footers

    @Test func pyarrowFlatFooter() throws {
        let m = try parseFooter(try footerFixture("pyarrow_flat.footer"))
        #expect(m.version == 2)
        #expect(m.numRows == 10)
        #expect(m.createdBy == "parquet-cpp-arrow version 26.0.1")
        #expect(m.keyValueMetadata?.map(\.key) == ["ARROW:schema"])
        #expect(m.columnOrders == Array(repeating: .typeDefinedOrder, count: 9))

        // Schema.
        #expect(m.schema.map(\.name) == ["schema", "id", "small", "name", "score", "flag", "day", "ts", "amount", "tiny"])
        // parquet-cpp marks the root REQUIRED.
        #expect(m.schema[0].numChildren == 9 && m.schema[0].repetitionType == .required && m.schema[0].type == nil)
        #expect(m.schema.dropFirst().allSatisfy { $0.repetitionType == .optional && $0.numChildren == nil })
        #expect(m.schema.dropFirst().map(\.type) == [.int64, .int32, .byteArray, .double, .boolean, .int32, .int64, .fixedLenByteArray, .int32])
        #expect(m.schema[3].logicalType == .string && m.schema[3].convertedType == .utf8)
        #expect(m.schema[6].logicalType == .date && m.schema[6].convertedType == .date)
        #expect(m.schema[7].logicalType == .timestamp(isAdjustedToUTC: true, unit: .micros))
        #expect(m.schema[7].convertedType == .timestampMicros)
        #expect(m.schema[8].logicalType == .decimal(scale: 2, precision: 10) && m.schema[8].convertedType == .decimal)
        #expect(m.schema[8].typeLength == 5 && m.schema[8].scale == 2 && m.schema[8].precision == 10)
        #expect(m.schema[9].logicalType == .integer(bitWidth: 8, isSigned: true) && m.schema[9].convertedType == .int8)
        #expect(m.schema[1].logicalType == nil && m.schema[1].convertedType == nil)

        // Row groups.
        #expect(m.rowGroups.map(\.numRows) == [6, 4])
        #expect(m.rowGroups.map(\.totalByteSize) == [938, 849])
        let rg0: [ExpectedChunk] = [
            .init(path: ["id"], type: .int64, numValues: 6, dictionaryPageOffset: 4, dataPageOffset: 54, compressed: 126, uncompressed: 136,
                  nullCount: 0, min: le(Int64(1)), max: le(Int64(6))),
            .init(path: ["small"], type: .int32, numValues: 6, dictionaryPageOffset: 130, dataPageOffset: 162, compressed: 91, uncompressed: 87,
                  nullCount: 2, min: le(Int32(1)), max: le(Int32(5))),
            .init(path: ["name"], type: .byteArray, numValues: 6, dictionaryPageOffset: 221, dataPageOffset: 265, compressed: 95,
                  uncompressed: 103, nullCount: 0, min: Array("name-0".utf8), max: Array("name-3".utf8)),
            .init(path: ["score"], type: .double, numValues: 6, dictionaryPageOffset: 316, dataPageOffset: 360, compressed: 120,
                  uncompressed: 136, nullCount: 0, min: le(-0.0), max: le(2.5)),
            .init(path: ["flag"], type: .boolean, numValues: 6, dictionaryPageOffset: nil, dataPageOffset: 436, compressed: 44, uncompressed: 42,
                  nullCount: 0, min: [0], max: [1]),
            .init(path: ["day"], type: .int32, numValues: 6, dictionaryPageOffset: 480, dataPageOffset: 520, compressed: 100, uncompressed: 96,
                  nullCount: 0, min: le(Int32(19723)), max: le(Int32(19728))),
            .init(path: ["ts"], type: .int64, numValues: 6, dictionaryPageOffset: 580, dataPageOffset: 638, compressed: 134, uncompressed: 136,
                  nullCount: 0, min: le(Int64(1_704_067_200_000_000)), max: le(Int64(1_704_067_205_000_000))),
            .init(path: ["amount"], type: .fixedLenByteArray, numValues: 6, dictionaryPageOffset: 714, dataPageOffset: 758, compressed: 108,
                  uncompressed: 106, nullCount: 0, min: [0, 0, 0, 0, 0x19], max: [0, 0, 0, 2, 0x0D]),
            .init(path: ["tiny"], type: .int32, numValues: 6, dictionaryPageOffset: 822, dataPageOffset: 862, compressed: 100, uncompressed: 96,
                  nullCount: 0, min: le(Int32(0)), max: le(Int32(5))),
        ]
        let rg1: [ExpectedChunk] = [
            .init(path: ["id"], type: .int64, numValues: 4, dictionaryPageOffset: 922, dataPageOffset: 964, compressed: 117, uncompressed: 119,
                  nullCount: 0, min: le(Int64(7)), max: le(Int64(10))),
            .init(path: ["small"], type: .int32, numValues: 4, dictionaryPageOffset: 1039, dataPageOffset: 1063, compressed: 82, uncompressed: 78,
                  nullCount: 2, min: le(Int32(7)), max: le(Int32(8))),
            .init(path: ["name"], type: .byteArray, numValues: 4, dictionaryPageOffset: 1121, dataPageOffset: 1165, compressed: 95,
                  uncompressed: 103, nullCount: 0, min: Array("name-0".utf8), max: Array("name-3".utf8)),
            .init(path: ["score"], type: .double, numValues: 4, dictionaryPageOffset: 1216, dataPageOffset: 1256, compressed: 115,
                  uncompressed: 119, nullCount: 0, min: le(3.0), max: le(4.5)),
            .init(path: ["flag"], type: .boolean, numValues: 4, dictionaryPageOffset: nil, dataPageOffset: 1331, compressed: 44, uncompressed: 42,
                  nullCount: 0, min: [0], max: [1]),
            .init(path: ["day"], type: .int32, numValues: 4, dictionaryPageOffset: 1375, dataPageOffset: 1407, compressed: 91, uncompressed: 87,
                  nullCount: 0, min: le(Int32(19729)), max: le(Int32(19732))),
            .init(path: ["ts"], type: .int64, numValues: 4, dictionaryPageOffset: 1466, dataPageOffset: 1512, compressed: 121, uncompressed: 119,
                  nullCount: 0, min: le(Int64(1_704_067_206_000_000)), max: le(Int64(1_704_067_209_000_000))),
            .init(path: ["amount"], type: .fixedLenByteArray, numValues: 4, dictionaryPageOffset: 1587, dataPageOffset: 1623, compressed: 99,
                  uncompressed: 95, nullCount: 0, min: [0, 0, 0, 2, 0x71], max: [0, 0, 0, 3, 0x9D]),
            .init(path: ["tiny"], type: .int32, numValues: 4, dictionaryPageOffset: 1686, dataPageOffset: 1718, compressed: 91, uncompressed: 87,
                  nullCount: 0, min: le(Int32(6)), max: le(Int32(9))),
        ]
        for (group, expected) in zip(m.rowGroups, [rg0, rg1]) {
            #expect(group.columns.count == expected.count)
            for (chunk, e) in zip(group.columns, expected) { check(chunk, e, codec: .snappy) }
        }
        let idEncodings = try #require(m.rowGroups[0].columns[0].metaData?.encodings)
        #expect(Set(idEncodings) == [.plain, .rle, .rleDictionary])
        #expect(Set(m.rowGroups[0].columns[4].metaData?.encodings ?? []) == [.rle, .plain])
        #expect(m.rowGroups[0].fileOffset == 4)
        #expect(m.rowGroups[1].fileOffset == 922)
        #expect(m.rowGroups.map(\.ordinal) == [nil, nil])
        // parquet-cpp writes encoding_stats too.
        #expect(m.rowGroups[0].columns[0].metaData?.encodingStats?.contains {
            $0.pageType == .dictionaryPage && $0.encoding == .plain
        } == true)
    }

    @Test func pyarrowNestedFooter() throws {
        let m = try parseFooter(try footerFixture("pyarrow_nested.footer"))
        #expect(m.numRows == 4)
        #expect(m.keyValueMetadata == nil)
        #expect(m.schema.map(\.name) == ["schema", "tags", "list", "element", "point", "x", "y", "attrs", "key_value", "key", "value", "ts_ns"])
        #expect(m.schema.map(\.numChildren) == [4, 1, 1, nil, 2, nil, nil, 1, 2, nil, nil, nil])
        #expect(m.schema[1].logicalType == .list && m.schema[1].convertedType == .list)
        #expect(m.schema[2].repetitionType == .repeated)
        #expect(m.schema[4].logicalType == nil)
        #expect(m.schema[7].logicalType == .map && m.schema[7].convertedType == .map)
        #expect(m.schema[8].repetitionType == .repeated)
        #expect(m.schema[9].repetitionType == .required && m.schema[9].logicalType == .string)
        #expect(m.schema[11].logicalType == .timestamp(isAdjustedToUTC: false, unit: .nanos))
        #expect(m.schema[11].convertedType == nil)

        let g = try #require(m.rowGroups.first)
        #expect(m.rowGroups.count == 1 && g.numRows == 4 && g.totalByteSize == 385)
        let expected: [ExpectedChunk] = [
            .init(path: ["tags", "list", "element"], type: .int64, numValues: 5, dictionaryPageOffset: 4, dataPageOffset: 47, compressed: 74,
                  uncompressed: 69, nullCount: 2, min: le(Int64(1)), max: le(Int64(3))),
            .init(path: ["point", "x"], type: .double, numValues: 4, dictionaryPageOffset: 78, dataPageOffset: 125, compressed: 76,
                  uncompressed: 67, nullCount: 1, min: le(1.0), max: le(5.0)),
            .init(path: ["point", "y"], type: .double, numValues: 4, dictionaryPageOffset: 154, dataPageOffset: 193, compressed: 67,
                  uncompressed: 58, nullCount: 2, min: le(2.0), max: le(6.0)),
            .init(path: ["attrs", "key_value", "key"], type: .byteArray, numValues: 5, dictionaryPageOffset: 221, dataPageOffset: 259,
                  compressed: 69, uncompressed: 60, nullCount: 2, min: Array("a".utf8), max: Array("c".utf8)),
            .init(path: ["attrs", "key_value", "value"], type: .int32, numValues: 5, dictionaryPageOffset: 290, dataPageOffset: 325,
                  compressed: 66, uncompressed: 57, nullCount: 2, min: le(Int32(1)), max: le(Int32(3))),
            .init(path: ["ts_ns"], type: .int64, numValues: 4, dictionaryPageOffset: 356, dataPageOffset: 400, compressed: 72, uncompressed: 74,
                  nullCount: 0, min: le(Int64(0)), max: le(Int64(3))),
        ]
        #expect(g.columns.count == expected.count)
        for (chunk, e) in zip(g.columns, expected) {
            check(chunk, e, codec: .zstd)
            // write_page_index=True: offset and column indexes are referenced.
            #expect(chunk.offsetIndexOffset != nil && chunk.offsetIndexLength != nil)
            #expect(chunk.columnIndexOffset != nil && chunk.columnIndexLength != nil)
        }
    }

    @Test func sparkFooter() throws {
        let m = try parseFooter(try footerFixture("spark.footer"))
        #expect(m.version == 1)
        #expect(m.numRows == 8)
        #expect(m.createdBy == "parquet-mr version 1.15.2 (build 859eac165b08f927fa14590c33bc5f476405fb68)")
        #expect(Set(m.keyValueMetadata?.map(\.key) ?? []) == ["org.apache.spark.sql.parquet.row.metadata", "org.apache.spark.version"])
        #expect(m.schema.map(\.name) == ["spark_schema", "id", "name", "amount", "ts", "score"])
        #expect(m.schema[0].numChildren == 5)
        #expect(m.schema[1].repetitionType == .required && m.schema[1].type == .int32)
        #expect(m.schema[2].logicalType == .string && m.schema[2].convertedType == .utf8)
        #expect(m.schema[3].type == .int64 && m.schema[3].logicalType == .decimal(scale: 6, precision: 15))
        #expect(m.schema[3].convertedType == .decimal && m.schema[3].scale == 6 && m.schema[3].precision == 15)
        #expect(m.schema[4].type == .int96 && m.schema[4].logicalType == nil)
        #expect(m.schema[5].type == .double && m.schema[5].repetitionType == .optional)

        let g = try #require(m.rowGroups.first)
        #expect(m.rowGroups.count == 1 && g.numRows == 8 && g.totalByteSize == 446)
        let expected: [ExpectedChunk] = [
            .init(path: ["id"], type: .int32, numValues: 8, dictionaryPageOffset: nil, dataPageOffset: 4, compressed: 57, uncompressed: 55,
                  nullCount: 0, min: le(Int32(0)), max: le(Int32(7))),
            .init(path: ["name"], type: .byteArray, numValues: 8, dictionaryPageOffset: 61, dataPageOffset: 100, compressed: 74,
                  uncompressed: 70, nullCount: 0, min: Array("s0".utf8), max: Array("s2".utf8)),
            .init(path: ["amount"], type: .int64, numValues: 8, dictionaryPageOffset: nil, dataPageOffset: 135, compressed: 82,
                  uncompressed: 94, nullCount: 0, min: le(Int64(0)), max: le(Int64(1_750_000))),
            .init(path: ["ts"], type: .int96, numValues: 8, dictionaryPageOffset: 217, dataPageOffset: 300, compressed: 119,
                  uncompressed: 150, nullCount: 0, min: nil, max: nil),
            .init(path: ["score"], type: .double, numValues: 8, dictionaryPageOffset: nil, dataPageOffset: 336, compressed: 64,
                  uncompressed: 77, nullCount: 2, min: le(1.5), max: le(10.5)),
        ]
        #expect(g.columns.count == expected.count)
        for (chunk, e) in zip(g.columns, expected) { check(chunk, e, codec: .snappy) }
        #expect(Set(g.columns[0].metaData?.encodings ?? []) == [.bitPacked, .plain])
        #expect(Set(g.columns[1].metaData?.encodings ?? []) == [.bitPacked, .plainDictionary, .rle])
        // parquet-java writes encoding_stats (its dictionary filter relies on it).
        let nameStats = try #require(g.columns[1].metaData?.encodingStats)
        #expect(nameStats.contains(PageEncodingStats(pageType: .dictionaryPage, encoding: .plainDictionary, count: 1)))
        #expect(nameStats.contains { $0.pageType == .dataPage && $0.encoding == .plainDictionary })
    }

    @Test(arguments: ["pyarrow_flat.footer", "pyarrow_nested.footer", "spark.footer"])
    func realFootersSurviveReserialization(name: String) throws {
        let m = try parseFooter(try footerFixture(name))
        #expect(try parseFooter(m.serialized()) == m)
    }

    // MARK: (c) Mutations: parse or throw ParquetError, never crash

    @Test(arguments: ["pyarrow_flat.footer", "spark.footer"])
    func mutatedFootersParseOrThrow(name: String) throws {
        let original = try footerFixture(name)
        var rng = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(original.count))
        var parsed = 0
        var refused = 0
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0 ..< 3000 {
            var bytes = original
            switch rng.below(4) {
            case 0:
                bytes.removeLast(1 + rng.below(bytes.count))
            case 1, 2:
                for _ in 0 ... rng.below(4) {
                    let i = rng.below(bytes.count)
                    bytes[i] ^= UInt8(1 + rng.below(255))
                }
            default:
                for _ in 0 ... rng.below(3) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                bytes.removeLast(rng.below(bytes.count / 2))
            }
            do {
                _ = try parseFooter(bytes)
                parsed += 1
            } catch let error as ParquetError {
                #expect(error.code == .corruptMetadata)
                refused += 1
            }
        }
        #expect(parsed + refused == 3000)
        #expect(refused > 0 && parsed > 0)
        #expect(clock.now - start < .seconds(20))
    }

    // MARK: Wide footers

    @Test func wideFooterParses() throws {
        let columns = 2000
        var schema = [SchemaElement(name: "schema", numChildren: Int32(columns))]
        var chunks: [ColumnChunk] = []
        for i in 0 ..< columns {
            schema.append(SchemaElement(type: .byteArray, repetitionType: .optional, name: "column_\(i)", convertedType: .utf8, logicalType: .string))
            chunks.append(ColumnChunk(fileOffset: 0, metaData: ColumnMetaData(
                type: .byteArray, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["column_\(i)"], codec: .snappy,
                numValues: 1000, totalUncompressedSize: 5000, totalCompressedSize: 3000, dataPageOffset: Int64(i * 3000 + 100),
                dictionaryPageOffset: Int64(i * 3000 + 4), statistics: Statistics(nullCount: 3, maxValue: Array("zzz".utf8), minValue: Array("aaa".utf8)),
                encodingStats: [PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: 1)])))
        }
        let m = FileMetaData(version: 1, schema: schema, numRows: 1000,
                             rowGroups: [RowGroup(columns: chunks, totalByteSize: 1, numRows: 1000)],
                             columnOrders: Array(repeating: .typeDefinedOrder, count: columns))
        let bytes = m.serialized()
        let clock = ContinuousClock()
        var parsed: FileMetaData?
        let elapsed = try clock.measure { parsed = try parseFooter(bytes) }
        #expect(parsed == m)
        let perColumn = elapsed / columns
        print("wide footer: \(bytes.count) bytes, \(columns) columns, \(elapsed) (\(perColumn) per column)")
    }
}
