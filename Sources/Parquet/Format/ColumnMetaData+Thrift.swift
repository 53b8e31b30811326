extension ColumnMetaData {
    /// Reads a `ColumnMetaData` struct. Newer fields (size_statistics 16,
    /// geospatial_statistics 17, ...) are skipped.
    init(thrift reader: inout ThriftCompactReader) throws {
        var type: PhysicalType?
        var encodings: [Encoding]?
        var pathInSchema: [String]?
        var codec: CompressionCodec?
        var numValues: Int64?
        var totalUncompressedSize: Int64?
        var totalCompressedSize: Int64?
        var dataPageOffset: Int64?
        var keyValueMetadata: [KeyValue]?
        var indexPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: Statistics?
        var encodingStats: [PageEncodingStats]?
        var bloomFilterOffset: Int64?
        var bloomFilterLength: Int32?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: type = try r.readEnum(f, "ColumnMetaData.type")
            case 2: encodings = try r.readList(f, "ColumnMetaData.encodings", of: .i32) { Encoding(rawValue: try $0.readI32()) }
            case 3: pathInSchema = try r.readList(f, "ColumnMetaData.path_in_schema", of: .binary) { try $0.readString() }
            case 4: codec = try r.readEnum(f, "ColumnMetaData.codec")
            case 5: numValues = try r.readI64(f, "ColumnMetaData.num_values")
            case 6: totalUncompressedSize = try r.readI64(f, "ColumnMetaData.total_uncompressed_size")
            case 7: totalCompressedSize = try r.readI64(f, "ColumnMetaData.total_compressed_size")
            case 8:
                keyValueMetadata = try r.readList(f, "ColumnMetaData.key_value_metadata", of: .struct) { try KeyValue(thrift: &$0) }
            case 9: dataPageOffset = try r.readI64(f, "ColumnMetaData.data_page_offset")
            case 10: indexPageOffset = try r.readI64(f, "ColumnMetaData.index_page_offset")
            case 11: dictionaryPageOffset = try r.readI64(f, "ColumnMetaData.dictionary_page_offset")
            case 12:
                try r.expect(f, .struct, "ColumnMetaData.statistics")
                statistics = try Statistics(thrift: &r)
            case 13:
                encodingStats = try r.readList(f, "ColumnMetaData.encoding_stats", of: .struct) { try PageEncodingStats(thrift: &$0) }
            case 14: bloomFilterOffset = try r.readI64(f, "ColumnMetaData.bloom_filter_offset")
            case 15: bloomFilterLength = try r.readI32(f, "ColumnMetaData.bloom_filter_length")
            default: try r.skip(field: f)
            }
        }
        self.init(
            type: try reader.require(type, "ColumnMetaData.type", id: 1),
            encodings: try reader.require(encodings, "ColumnMetaData.encodings", id: 2),
            pathInSchema: try reader.require(pathInSchema, "ColumnMetaData.path_in_schema", id: 3),
            codec: try reader.require(codec, "ColumnMetaData.codec", id: 4),
            numValues: try reader.require(numValues, "ColumnMetaData.num_values", id: 5),
            totalUncompressedSize: try reader.require(totalUncompressedSize, "ColumnMetaData.total_uncompressed_size", id: 6),
            totalCompressedSize: try reader.require(totalCompressedSize, "ColumnMetaData.total_compressed_size", id: 7),
            keyValueMetadata: keyValueMetadata,
            dataPageOffset: try reader.require(dataPageOffset, "ColumnMetaData.data_page_offset", id: 9),
            indexPageOffset: indexPageOffset,
            dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics,
            encodingStats: encodingStats,
            bloomFilterOffset: bloomFilterOffset,
            bloomFilterLength: bloomFilterLength
        )
    }

    /// Writes this metadata as a `ColumnMetaData` struct: every field that is set, in id order.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, enum: type)
            w.writeField(2, list: encodings, of: .i32) { w, e in w.writeI32(e.rawValue) }
            w.writeField(3, list: pathInSchema, of: .binary) { w, s in w.writeString(s) }
            w.writeField(4, enum: codec)
            w.writeField(5, i64: numValues)
            w.writeField(6, i64: totalUncompressedSize)
            w.writeField(7, i64: totalCompressedSize)
            if let keyValueMetadata {
                w.writeField(8, list: keyValueMetadata, of: .struct) { w, kv in kv.write(to: &w) }
            }
            w.writeField(9, i64: dataPageOffset)
            if let indexPageOffset { w.writeField(10, i64: indexPageOffset) }
            if let dictionaryPageOffset { w.writeField(11, i64: dictionaryPageOffset) }
            if let statistics {
                w.writeFieldBegin(12, .struct)
                statistics.write(to: &w)
            }
            if let encodingStats {
                w.writeField(13, list: encodingStats, of: .struct) { w, s in s.write(to: &w) }
            }
            if let bloomFilterOffset { w.writeField(14, i64: bloomFilterOffset) }
            if let bloomFilterLength { w.writeField(15, i32: bloomFilterLength) }
        }
    }
}
