import Columnar

/// Encodes one leaf column of the current row group into pages: a dictionary page (when
/// dictionary encoding is on and has not fallen back) followed by data pages, each compressed.
///
/// Values arrive densely (nulls only in the definition levels) from ``ColumnShredder``, a few
/// thousand rows at a time; a page is cut when it reaches the byte or row limit, always at a
/// row boundary. Dictionary encoding falls back to PLAIN for the rest of the chunk once the
/// dictionary outgrows its limit (the pages already written keep their dictionary).
struct ColumnChunkWriter {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions
    /// How stored values become physical values.
    let conversion: WriteConversion
    /// The in-memory type of the physical values.
    let physicalType: DataType

    private(set) var statistics: StatisticsBuilder
    /// Encoded data pages (headers and payloads) of the chunk so far.
    private(set) var dataPages = Buffer()
    private var dictionary: ValueDictionary?
    private var dictionaryFellBack = false

    // The page being filled.
    private var pageDefinitionLevels: [UInt8] = []
    private var pageRepetitionLevels: [UInt8] = []
    private var pageEntries = 0
    private var pageRows = 0
    private var pageValues: Column
    private var pageIndices = Buffer()
    private var pageIndexCount: Int { pageIndices.count / 4 }

    // Chunk totals.
    private(set) var valueCount: Int64 = 0
    private(set) var uncompressedSize: Int64 = 0
    private(set) var compressedSize: Int64 = 0
    private var encodingCounts: [PageEncodingStats] = []
    private var scratch = Buffer()
    private var compressed = Buffer()

    init(descriptor: ColumnDescriptor, options: ParquetWriterOptions) {
        self.descriptor = descriptor
        self.options = options
        conversion = WriteConversion(descriptor: descriptor)
        physicalType = ValueConversion.physicalDataType(descriptor)
        statistics = StatisticsBuilder(descriptor: descriptor)
        pageValues = Column(empty: physicalType)
        if options.dictionaryEnabled && descriptor.physicalType != .boolean {
            dictionary = ValueDictionary(physicalType: descriptor.physicalType)
        }
    }

    /// Estimated encoded bytes of the chunk so far (for the row-group size limit).
    var estimatedSize: Int {
        dataPages.count + pageValues.values.count + pageIndices.count / 2 + (dictionary?.byteSize ?? 0)
    }

    /// Adds `rows` rows, shredded.
    mutating func append(_ shredded: ColumnShredder.Output, rows: Int) throws {
        let values = shredded.values
        statistics.addNulls(shredded.entryCount - values.count)
        if options.statisticsEnabled { statistics.add(values) }
        shredded.definitionLevels.withUnsafeBytes { pageDefinitionLevels.append(contentsOf: $0) }
        shredded.repetitionLevels.withUnsafeBytes { pageRepetitionLevels.append(contentsOf: $0) }
        pageEntries += shredded.entryCount
        pageRows += rows
        let physical = conversion.physical(values)
        if let dict = dictionary, !dictionaryFellBack {
            try dict.insert(physical, indices: &pageIndices)
            if dict.byteSize > options.dictionaryPageByteLimit {
                try flushPage()
                dictionaryFellBack = true
                return
            }
        } else {
            pageValues.append(contentsOf: physical)
        }
        let pageBytes = pageValues.values.count + pageIndices.count / 2
        if pageBytes >= options.dataPageByteLimit || pageRows >= options.dataPageRowLimit {
            try flushPage()
        }
    }

    /// Encodes and compresses the pending page.
    mutating func flushPage() throws {
        guard pageEntries > 0 else { return }
        let encoding: Encoding
        var values = Buffer()
        if pageIndexCount > 0 {
            encoding = .rleDictionary
            let width = ValueDictionary.indexBitWidth(dictionary?.count ?? 0)
            values.append(UInt8(width))
            var encoder = RLEBitPackedHybridEncoder(bitWidth: width)
            pageIndices.withUnsafeBufferPointer(as: UInt32.self) { encoder.append(contentsOf: $0) }
            encoder.finish(into: &values)
        } else {
            encoding = .plain
            PlainValues.encode(pageValues, physicalType: descriptor.physicalType, into: &values)
        }
        let nonNull = encoding == .rleDictionary ? pageIndexCount : pageValues.count

        let repBytes = Self.levels(pageRepetitionLevels, maxLevel: descriptor.maxRepetitionLevel)
        let defBytes = Self.levels(pageDefinitionLevels, maxLevel: descriptor.maxDefinitionLevel)
        var header: PageHeader
        scratch.removeAll()
        if options.dataPageVersion == 2 {
            compressed.removeAll()
            let compress = options.compression != .uncompressed
            if compress {
                try values.withUnsafeBytes { try Parquet.compress(options.compression, $0, into: &compressed, level: options.compressionLevel) }
            }
            scratch.append(contentsOf: repBytes)
            scratch.append(contentsOf: defBytes)
            let valuesStored = compress ? compressed : values
            valuesStored.withUnsafeBytes { scratch.append(bytes: $0) }
            header = PageHeader(
                type: .dataPageV2,
                uncompressedPageSize: Int32(repBytes.count + defBytes.count + values.count),
                compressedPageSize: Int32(scratch.count),
                dataPageHeaderV2: DataPageHeaderV2(
                    numValues: Int32(pageEntries), numNulls: Int32(pageEntries - nonNull), numRows: Int32(pageRows),
                    encoding: encoding, definitionLevelsByteLength: Int32(defBytes.count),
                    repetitionLevelsByteLength: Int32(repBytes.count), isCompressed: compress))
            try appendPage(header, payload: scratch)
        } else {
            var raw = Buffer(capacity: repBytes.count + defBytes.count + values.count + 8)
            for levels in [repBytes, defBytes] where !levels.isEmpty {
                raw.append(UInt32(levels.count).littleEndian)
                raw.append(contentsOf: levels)
            }
            values.withUnsafeBytes { raw.append(bytes: $0) }
            try raw.withUnsafeBytes { try Parquet.compress(options.compression, $0, into: &scratch, level: options.compressionLevel) }
            header = PageHeader(
                type: .dataPage, uncompressedPageSize: Int32(raw.count), compressedPageSize: Int32(scratch.count),
                dataPageHeader: DataPageHeader(numValues: Int32(pageEntries), encoding: encoding, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle))
            try appendPage(header, payload: scratch)
        }
        count(header.type, encoding)
        valueCount += Int64(pageEntries)
        pageDefinitionLevels.removeAll(keepingCapacity: true)
        pageRepetitionLevels.removeAll(keepingCapacity: true)
        pageIndices.removeAll()
        pageValues = Column(empty: physicalType)
        pageEntries = 0
        pageRows = 0
    }

    private mutating func appendPage(_ header: PageHeader, payload: Buffer) throws {
        let headerBytes = header.serialized()
        dataPages.append(contentsOf: headerBytes)
        payload.withUnsafeBytes { dataPages.append(bytes: $0) }
        uncompressedSize += Int64(headerBytes.count) + Int64(header.uncompressedPageSize)
        compressedSize += Int64(headerBytes.count) + Int64(header.compressedPageSize)
    }

    private mutating func count(_ type: PageType, _ encoding: Encoding) {
        if let i = encodingCounts.firstIndex(where: { $0.pageType == type && $0.encoding == encoding }) {
            encodingCounts[i].count += 1
        } else {
            encodingCounts.append(PageEncodingStats(pageType: type, encoding: encoding, count: 1))
        }
    }

    /// RLE-encoded levels (no length prefix), or nothing when the max level is 0.
    static func levels(_ levels: [UInt8], maxLevel: Int) -> [UInt8] {
        guard maxLevel > 0 else { return [] }
        var encoder = RLEBitPackedHybridEncoder(bitWidth: ColumnChunkReader.bitWidth(maxLevel))
        levels.withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
        var out = Buffer()
        encoder.finish(into: &out)
        return out.bytes
    }

    /// The finished chunk: its bytes (dictionary page first) and metadata, given the file
    /// offset the chunk will start at.
    mutating func finish(at offset: Int64) throws -> (bytes: Buffer, metadata: ColumnMetaData) {
        try flushPage()
        var bytes = Buffer()
        var dictionaryOffset: Int64?
        if let dictionary, dictionary.count > 0, encodingCounts.contains(where: { $0.encoding == .rleDictionary }) {
            var plain = Buffer()
            dictionary.encodePlain(into: &plain)
            scratch.removeAll()
            try plain.withUnsafeBytes { try Parquet.compress(options.compression, $0, into: &scratch, level: options.compressionLevel) }
            let header = PageHeader(
                type: .dictionaryPage, uncompressedPageSize: Int32(plain.count), compressedPageSize: Int32(scratch.count),
                dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.count), encoding: .plain))
            let headerBytes = header.serialized()
            bytes.append(contentsOf: headerBytes)
            scratch.withUnsafeBytes { bytes.append(bytes: $0) }
            uncompressedSize += Int64(headerBytes.count + plain.count)
            compressedSize += Int64(headerBytes.count + scratch.count)
            encodingCounts.insert(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1), at: 0)
            dictionaryOffset = offset
        }
        let dataOffset = offset + Int64(bytes.count)
        dataPages.withUnsafeBytes { bytes.append(bytes: $0) }
        var encodings: [Encoding] = []
        for e in encodingCounts.map(\.encoding) + [.rle] where !encodings.contains(e) { encodings.append(e) }
        let metadata = ColumnMetaData(
            type: descriptor.physicalType, encodings: encodings, pathInSchema: descriptor.path, codec: options.compression,
            numValues: valueCount, totalUncompressedSize: uncompressedSize, totalCompressedSize: compressedSize,
            dataPageOffset: dataOffset, dictionaryPageOffset: dictionaryOffset,
            statistics: statistics.statistics(), encodingStats: encodingCounts)
        return (bytes, metadata)
    }
}
