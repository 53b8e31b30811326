extension PageHeader {
    /// Parses the Thrift compact-encoded page header at the start of `bytes`.
    ///
    /// - Returns: the header and the number of bytes it took (the payload follows).
    /// - Throws: ``ParquetError`` with code `.corruptMetadata` when the header is malformed,
    ///   runs past `bytes`, or lacks a required field.
    public static func decode(from bytes: UnsafeRawBufferPointer) throws -> (header: PageHeader, length: Int) {
        var reader = ThriftCompactReader(bytes)
        let header = try PageHeader(thrift: &reader)
        return (header, reader.position)
    }

    /// The Thrift compact encoding of this header.
    public func serialized() -> [UInt8] {
        var writer = ThriftCompactWriter(capacity: 64)
        write(to: &writer)
        return writer.finish()
    }

    /// Reads a `PageHeader` struct. The index page header (6) and newer fields are skipped.
    init(thrift reader: inout ThriftCompactReader) throws {
        var type: PageType?
        var uncompressedPageSize: Int32?
        var compressedPageSize: Int32?
        var h = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        try reader.readStruct { r, f in
            switch f.id {
            case 1: type = try r.readEnum(f, "PageHeader.type")
            case 2: uncompressedPageSize = try r.readI32(f, "PageHeader.uncompressed_page_size")
            case 3: compressedPageSize = try r.readI32(f, "PageHeader.compressed_page_size")
            case 4: h.crc = try r.readI32(f, "PageHeader.crc")
            case 5:
                try r.expect(f, .struct, "PageHeader.data_page_header")
                h.dataPageHeader = try DataPageHeader(thrift: &r)
            case 7:
                try r.expect(f, .struct, "PageHeader.dictionary_page_header")
                h.dictionaryPageHeader = try DictionaryPageHeader(thrift: &r)
            case 8:
                try r.expect(f, .struct, "PageHeader.data_page_header_v2")
                h.dataPageHeaderV2 = try DataPageHeaderV2(thrift: &r)
            default: try r.skip(field: f)
            }
        }
        h.type = try reader.require(type, "PageHeader.type", id: 1)
        h.uncompressedPageSize = try reader.require(uncompressedPageSize, "PageHeader.uncompressed_page_size", id: 2)
        h.compressedPageSize = try reader.require(compressedPageSize, "PageHeader.compressed_page_size", id: 3)
        self = h
    }

    /// Writes this header as a `PageHeader` struct: every field that is set, in id order.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, enum: type)
            w.writeField(2, i32: uncompressedPageSize)
            w.writeField(3, i32: compressedPageSize)
            if let crc { w.writeField(4, i32: crc) }
            if let dataPageHeader {
                w.writeFieldBegin(5, .struct)
                dataPageHeader.write(to: &w)
            }
            if let dictionaryPageHeader {
                w.writeFieldBegin(7, .struct)
                dictionaryPageHeader.write(to: &w)
            }
            if let dataPageHeaderV2 {
                w.writeFieldBegin(8, .struct)
                dataPageHeaderV2.write(to: &w)
            }
        }
    }
}
