extension PageEncodingStats {
    /// Reads a `PageEncodingStats` struct (1 page_type R, 2 encoding R, 3 count R).
    init(thrift reader: inout ThriftCompactReader) throws {
        var pageType: PageType?
        var encoding: Encoding?
        var count: Int32?
        try reader.readStruct { r, f in
            switch f.id {
            case 1: pageType = try r.readEnum(f, "PageEncodingStats.page_type")
            case 2: encoding = try r.readEnum(f, "PageEncodingStats.encoding")
            case 3: count = try r.readI32(f, "PageEncodingStats.count")
            default: try r.skip(field: f)
            }
        }
        self.init(
            pageType: try reader.require(pageType, "PageEncodingStats.page_type", id: 1),
            encoding: try reader.require(encoding, "PageEncodingStats.encoding", id: 2),
            count: try reader.require(count, "PageEncodingStats.count", id: 3)
        )
    }

    /// Writes this entry as a `PageEncodingStats` struct.
    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { w in
            w.writeField(1, enum: pageType)
            w.writeField(2, enum: encoding)
            w.writeField(3, i32: count)
        }
    }
}
