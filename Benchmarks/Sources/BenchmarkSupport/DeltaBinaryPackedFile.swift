import Columnar
import Parquet

/// Builds a one-column Parquet file whose data pages are DELTA_BINARY_PACKED, which
/// `ParquetFileWriter` never writes (it picks PLAIN or RLE_DICTIONARY), so the reader's
/// DELTA_BINARY_PACKED decoder can be benchmarked through the public API.
///
/// The file is first written by `ParquetFileWriter` (PLAIN, UNCOMPRESSED, REQUIRED, data page
/// v1, so a page's body is exactly its PLAIN values); each data page's values are then
/// re-encoded here and the page headers and footer rewritten with the public `PageHeader` and
/// `FileMetaData` types. The encoder follows the Parquet spec: blocks of 128 deltas in 4
/// miniblocks of 32, each bit-packed at its own width.
public enum DeltaBinaryPackedFile {
    /// Values per block.
    static let blockSize = 128
    /// Miniblocks per block.
    static let miniblocks = 4

    /// The file holding `column` (INT32 or INT64, no nulls) as DELTA_BINARY_PACKED pages.
    public static func make(_ column: Column) throws -> [UInt8] {
        guard column.type == .int32 || column.type == .int64, column.validity == nil else {
            throw CaseError("DELTA_BINARY_PACKED: only non-null INT32/INT64 columns, got \(column.type)")
        }
        var options = ParquetWriterOptions()
        options.dictionaryEnabled = false
        options.compression = .uncompressed
        let batch = RecordBatch(schema: Schema([Field("c", column.type, nullable: false)]), columns: [column])
        let writer = try ParquetFileWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        try writer.close()
        let plain = writer.bytes
        var metadata = try ParquetFileReader(bytes: plain).metadata
        guard metadata.rowGroups.count == 1, var meta = metadata.rowGroups[0].columns[0].metaData else {
            throw CaseError("DELTA_BINARY_PACKED: expected one row group")
        }
        let width = column.type == .int32 ? 4 : 8

        var out: [UInt8] = Array("PAR1".utf8)
        var position = Int(meta.dataPageOffset)
        let end = position + Int(meta.totalCompressedSize)
        var pages: Int32 = 0
        while position < end {
            let (header, headerLength) = try plain.withUnsafeBytes { raw in
                try PageHeader.decode(from: UnsafeRawBufferPointer(rebasing: raw[position...]))
            }
            let bodyStart = position + headerLength
            let bodyLength = Int(header.compressedPageSize)
            guard header.type == .dataPage, var dataHeader = header.dataPageHeader,
                  dataHeader.encoding == .plain, bodyLength == Int(dataHeader.numValues) * width
            else {
                throw CaseError("DELTA_BINARY_PACKED: page at \(position) is not a level-free PLAIN data page")
            }
            let values: [Int64] = plain.withUnsafeBytes { raw in
                (0..<Int(dataHeader.numValues)).map { i in
                    width == 4
                        ? Int64(raw.loadUnaligned(fromByteOffset: bodyStart + 4 * i, as: Int32.self))
                        : raw.loadUnaligned(fromByteOffset: bodyStart + 8 * i, as: Int64.self)
                }
            }
            let body = encode(values)
            dataHeader.encoding = .deltaBinaryPacked
            var newHeader = header
            newHeader.dataPageHeader = dataHeader
            newHeader.crc = nil
            newHeader.uncompressedPageSize = Int32(body.count)
            newHeader.compressedPageSize = Int32(body.count)
            out += newHeader.serialized()
            out += body
            pages += 1
            position = bodyStart + bodyLength
        }

        let chunkSize = Int64(out.count - 4)
        meta.dataPageOffset = 4
        meta.dictionaryPageOffset = nil
        meta.indexPageOffset = nil
        meta.totalCompressedSize = chunkSize
        meta.totalUncompressedSize = chunkSize
        meta.encodings = [.deltaBinaryPacked]
        meta.encodingStats = [PageEncodingStats(pageType: .dataPage, encoding: .deltaBinaryPacked, count: pages)]
        meta.bloomFilterOffset = nil
        meta.bloomFilterLength = nil
        var chunk = metadata.rowGroups[0].columns[0]
        chunk.metaData = meta
        chunk.fileOffset = 4
        chunk.offsetIndexOffset = nil
        chunk.offsetIndexLength = nil
        chunk.columnIndexOffset = nil
        chunk.columnIndexLength = nil
        metadata.rowGroups[0].columns = [chunk]
        metadata.rowGroups[0].fileOffset = 4
        metadata.rowGroups[0].totalByteSize = chunkSize
        metadata.rowGroups[0].totalCompressedSize = chunkSize
        let footer = metadata.serialized()
        out += footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { out += $0 }
        out += Array("PAR1".utf8)
        return out
    }

    /// `values` DELTA_BINARY_PACKED: the header (block size, miniblocks per block, value
    /// count, first value), then per block the minimum delta, the miniblocks' bit widths and
    /// the miniblocks, each 32 deltas minus the minimum, packed least-significant bit first.
    static func encode(_ values: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        uleb(UInt64(blockSize), &out)
        uleb(UInt64(miniblocks), &out)
        uleb(UInt64(values.count), &out)
        uleb(zigzag(values.first ?? 0), &out)
        guard values.count > 1 else { return out }
        let deltas = (1..<values.count).map { values[$0] &- values[$0 - 1] }
        let perMiniblock = blockSize / miniblocks
        var blockStart = 0
        while blockStart < deltas.count {
            let block = deltas[blockStart..<min(blockStart + blockSize, deltas.count)]
            let minDelta = block.min() ?? 0
            uleb(zigzag(minDelta), &out)
            var widths = [Int](repeating: 0, count: miniblocks)
            for m in 0..<miniblocks {
                let lower = block.startIndex + m * perMiniblock
                guard lower < block.endIndex else { break }
                let bits = block[lower..<min(lower + perMiniblock, block.endIndex)]
                    .reduce(UInt64(0)) { $0 | UInt64(bitPattern: $1 &- minDelta) }
                widths[m] = 64 - bits.leadingZeroBitCount
            }
            out += widths.map { UInt8($0) }
            for m in 0..<miniblocks {
                let lower = block.startIndex + m * perMiniblock
                guard lower < block.endIndex else { break }
                // A miniblock always holds 32 values; the last one is padded with zeros.
                let packed = (0..<perMiniblock).map { i -> UInt64 in
                    lower + i < block.endIndex ? UInt64(bitPattern: block[lower + i] &- minDelta) : 0
                }
                pack(packed, width: widths[m], into: &out)
            }
            blockStart += blockSize
        }
        return out
    }

    /// Appends `values` packed at `width` bits each, least-significant bit first
    /// (`values.count * width` is a multiple of 8).
    static func pack(_ values: [UInt64], width: Int, into out: inout [UInt8]) {
        guard width > 0 else { return }
        var accumulator: UInt64 = 0
        var bits = 0
        for value in values {
            accumulator |= value << UInt64(bits)
            if bits + width >= 64 {
                withUnsafeBytes(of: accumulator.littleEndian) { out += $0 }
                let consumed = 64 - bits
                accumulator = consumed == 64 ? 0 : value >> UInt64(consumed)
                bits = bits + width - 64
            } else {
                bits += width
            }
        }
        for byte in 0..<(bits + 7) / 8 { out.append(UInt8(truncatingIfNeeded: accumulator >> UInt64(8 * byte))) }
    }

    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func uleb(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
