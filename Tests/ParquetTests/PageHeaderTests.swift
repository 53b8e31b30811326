import Testing
@testable import Parquet

/// Decodes a page header from `bytes`.
private func decode(_ bytes: [UInt8]) throws -> (header: PageHeader, length: Int) {
    try bytes.withUnsafeBytes { try PageHeader.decode(from: $0) }
}

@Suite struct PageHeaderTests {
    static let stats = Statistics(
        max: [9], min: [1], nullCount: 3, distinctCount: 4, maxValue: [0xFF, 0x7F], minValue: [], isMaxValueExact: true,
        isMinValueExact: false
    )

    static let headers: [PageHeader] = [
        PageHeader(
            type: .dataPage, uncompressedPageSize: 1000, compressedPageSize: 420, crc: -123_456_789,
            dataPageHeader: DataPageHeader(
                numValues: 100, encoding: .rleDictionary, definitionLevelEncoding: .rle, repetitionLevelEncoding: .bitPacked,
                statistics: stats)
        ),
        PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0,
                   dataPageHeader: DataPageHeader(numValues: 0, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)),
        PageHeader(
            type: .dictionaryPage, uncompressedPageSize: 64, compressedPageSize: 64, crc: 7,
            dictionaryPageHeader: DictionaryPageHeader(numValues: 8, encoding: .plain, isSorted: true)
        ),
        PageHeader(type: .dictionaryPage, uncompressedPageSize: 1, compressedPageSize: 2,
                   dictionaryPageHeader: DictionaryPageHeader(numValues: 0, encoding: .plainDictionary)),
        PageHeader(
            type: .dataPageV2, uncompressedPageSize: .max, compressedPageSize: 12345,
            dataPageHeaderV2: DataPageHeaderV2(
                numValues: 50, numNulls: 5, numRows: 20, encoding: .deltaBinaryPacked, definitionLevelsByteLength: 7,
                repetitionLevelsByteLength: 3, isCompressed: false, statistics: stats)
        ),
        PageHeader(type: .dataPageV2, uncompressedPageSize: 10, compressedPageSize: 10,
                   dataPageHeaderV2: DataPageHeaderV2(numValues: 1, numNulls: 0, numRows: 1, encoding: .plain,
                                                      definitionLevelsByteLength: 0, repetitionLevelsByteLength: 0)),
    ]

    @Test(arguments: headers)
    func roundTrips(header: PageHeader) throws {
        let bytes = header.serialized()
        let payload: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        let (decoded, length) = try decode(bytes + payload)
        #expect(decoded == header)
        #expect(length == bytes.count)
    }

    @Test func v2IsCompressedDefaultsToTrue() throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, enum: PageType.dataPageV2)
            w.writeField(2, i32: 10)
            w.writeField(3, i32: 8)
            w.writeField(8, struct: { w in
                for id: Int16 in 1 ... 6 { w.writeField(id, i32: 1) }
            })
        }
        let (header, length) = try decode(w.bytes)
        #expect(header.dataPageHeaderV2?.isCompressed == true)
        #expect(length == w.count)
    }

    @Test func skipsTheIndexPageHeaderAndUnknownFields() throws {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, enum: PageType.indexPage)
            w.writeField(2, i32: 10)
            w.writeField(3, i32: 8)
            w.writeField(6, struct: { w in w.writeField(1, string: "future") })
            w.writeField(40, binary: [1, 2, 3])
        }
        let (header, _) = try decode(w.bytes)
        #expect(header == PageHeader(type: .indexPage, uncompressedPageSize: 10, compressedPageSize: 8))
    }

    @Test func missingRequiredFieldsAreNamed() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.writeField(1, enum: PageType.dataPage)
            w.writeField(2, i32: 10)
        }
        #expect { try decode(w.bytes) } throws: { error in
            let e = error as? ParquetError
            return e?.code == .corruptMetadata && e?.message.contains("PageHeader.compressed_page_size (id 3)") == true
        }
        var d = ThriftCompactWriter()
        d.writeStruct { w in
            w.writeField(1, enum: PageType.dataPage)
            w.writeField(2, i32: 10)
            w.writeField(3, i32: 10)
            w.writeField(5, struct: { w in
                w.writeField(1, i32: 3)
                w.writeField(2, enum: Encoding.plain)
                w.writeField(4, enum: Encoding.rle)
            })
        }
        #expect { try decode(d.bytes) } throws: { error in
            (error as? ParquetError)?.message.contains("DataPageHeader.definition_level_encoding") == true
        }
    }

    @Test(arguments: headers)
    func everyTruncationThrows(header: PageHeader) {
        let bytes = header.serialized()
        for n in 0 ..< bytes.count {
            #expect(throws: ParquetError.self) { try decode(Array(bytes.prefix(n))) }
        }
    }

    @Test(arguments: headers)
    func flippedBytesParseOrThrow(header: PageHeader) {
        let bytes = header.serialized()
        // Every single-byte change at every position: parses (within bounds) or throws ParquetError.
        for i in 0 ..< bytes.count {
            for value in [UInt8](arrayLiteral: 0x00, 0x01, 0x0F, 0x15, 0x19, 0x1C, 0x7F, 0x80, 0xF9, 0xFF) {
                var mutated = bytes
                mutated[i] = value
                do {
                    let (_, length) = try decode(mutated)
                    #expect(length <= mutated.count)
                } catch {
                    #expect(error is ParquetError)
                }
            }
        }
    }
}
