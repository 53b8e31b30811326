import Columnar

/// Decodes one column chunk — its dictionary page and data pages (v1 and v2) — into level
/// streams and densely packed values (``LeafData``).
///
/// Pages are decoded whole, one at a time: decompressed into a reused scratch buffer, levels
/// decoded into the chunk's level buffers, values appended to the chunk's value column
/// (directly when the physical layout is the storage layout, through ``ValueConversion``
/// otherwise). Dictionary pages are converted once; dictionary-encoded pages gather.
struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    let metadata: ColumnMetaData
    let conversion: ValueConversion
    let physicalType: DataType

    /// Prepares to read a chunk of `descriptor` described by `metadata`.
    init(descriptor: ColumnDescriptor, metadata: ColumnMetaData) throws {
        guard metadata.type == descriptor.physicalType else {
            throw ParquetError(.corruptMetadata, "the column chunk's type \(metadata.type) differs from the schema's \(descriptor.physicalType)")
        }
        self.descriptor = descriptor
        self.metadata = metadata
        conversion = ValueConversion(descriptor: descriptor)
        physicalType = ValueConversion.physicalDataType(descriptor)
    }

    /// Bit width of level values up to `maxLevel`.
    static func bitWidth(_ maxLevel: Int) -> Int {
        maxLevel == 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount
    }

    /// State carried from page to page.
    struct State {
        var data: LeafData
        var dictionary: Column?
        /// Decompressed page bytes.
        var pageBuffer = Buffer()
        /// Physical values awaiting conversion.
        var scratch: Column
        /// Dictionary indices of a page.
        var indices = Buffer()
    }

    /// Decodes every page of the chunk in `bytes`.
    func read(_ bytes: UnsafeRawBufferPointer) throws -> LeafData {
        let expected = metadata.numValues
        guard expected >= 0, expected < Int64(Int32.max) else {
            throw ParquetError(.corruptMetadata, "the column chunk declares \(expected) values")
        }
        var state = State(
            data: LeafData(valueType: descriptor.valueType, capacity: min(Int(expected), 1 << 20)),
            scratch: Column(empty: physicalType))
        var position = 0
        while position < bytes.count && state.data.entryCount < Int(expected) {
            let (header, headerLength) = try PageHeader.decode(from: UnsafeRawBufferPointer(rebasing: bytes[position...]))
            position += headerLength
            let size = Int(header.compressedPageSize)
            guard size >= 0, size <= bytes.count - position else {
                throw ParquetError(.truncated, "a \(header.type) page of \(size) bytes runs past the column chunk's end (offset \(position) of \(bytes.count))")
            }
            guard header.uncompressedPageSize >= 0 else {
                throw ParquetError(.corruptMetadata, "a page declares \(header.uncompressedPageSize) uncompressed bytes")
            }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + size)])
            position += size
            switch header.type {
            case .dictionaryPage:
                try readDictionaryPage(header, payload, &state)
            case .dataPage:
                try readDataPageV1(header, payload, &state)
            case .dataPageV2:
                try readDataPageV2(header, payload, &state)
            default:
                continue  // index pages and unknown page kinds carry nothing we need
            }
        }
        guard state.data.entryCount == Int(expected) else {
            throw ParquetError(.corruptPage, "the column chunk declares \(expected) values but its pages hold \(state.data.entryCount)")
        }
        return state.data
    }

    // MARK: - Pages

    /// Decompresses `payload` into the state's page buffer (or returns it as is).
    private func decompressed(_ payload: UnsafeRawBufferPointer, uncompressedSize: Int, _ state: inout State) throws -> UnsafeRawBufferPointer {
        if metadata.codec == .uncompressed {
            return payload
        }
        state.pageBuffer.removeAll()
        let out = state.pageBuffer.appendUninitialized(uncompressedSize)
        try decompress(metadata.codec, payload, into: UnsafeMutableRawBufferPointer(start: out, count: uncompressedSize))
        // The page buffer's storage stays put until the next page is decompressed.
        return state.pageBuffer.withUnsafeBytes { $0 }
    }

    private func readDictionaryPage(_ header: PageHeader, _ payload: UnsafeRawBufferPointer, _ state: inout State) throws {
        guard let dph = header.dictionaryPageHeader else {
            throw ParquetError(.corruptMetadata, "a dictionary page without a dictionary page header")
        }
        guard dph.encoding == .plain || dph.encoding == .plainDictionary else {
            throw ParquetError(.unsupported, "dictionary page encoding \(dph.encoding)")
        }
        let count = Int(dph.numValues)
        guard count >= 0 else { throw ParquetError(.corruptMetadata, "a dictionary page declares \(count) values") }
        let bytes = try decompressed(payload, uncompressedSize: Int(header.uncompressedPageSize), &state)
        var physical = Column(empty: physicalType, capacity: min(count, bytes.count))
        _ = try decodePlain(bytes, count: count, into: &physical)
        if conversion == .none {
            state.dictionary = physical
        } else {
            var converted = Column(empty: descriptor.valueType, capacity: count)
            try conversion.apply(physical, to: &converted)
            state.dictionary = converted
        }
    }

    private func readDataPageV1(_ header: PageHeader, _ payload: UnsafeRawBufferPointer, _ state: inout State) throws {
        guard let dph = header.dataPageHeader else {
            throw ParquetError(.corruptMetadata, "a data page without a data page header")
        }
        let n = Int(dph.numValues)
        try checkPageValueCount(n, state)
        var bytes = try decompressed(payload, uncompressedSize: Int(header.uncompressedPageSize), &state)
        if descriptor.maxRepetitionLevel > 0 {
            let used = try readLevelsV1(dph.repetitionLevelEncoding, maxLevel: descriptor.maxRepetitionLevel, count: n, bytes, into: &state.data.repetitionLevels)
            bytes = UnsafeRawBufferPointer(rebasing: bytes[used...])
        }
        var nonNull = n
        if descriptor.maxDefinitionLevel > 0 {
            let used = try readLevelsV1(dph.definitionLevelEncoding, maxLevel: descriptor.maxDefinitionLevel, count: n, bytes, into: &state.data.definitionLevels)
            bytes = UnsafeRawBufferPointer(rebasing: bytes[used...])
            nonNull = try countDefined(state.data.definitionLevels, last: n)
        }
        try readValues(dph.encoding, bytes, count: nonNull, &state)
        state.data.entryCount += n
    }

    private func readDataPageV2(_ header: PageHeader, _ payload: UnsafeRawBufferPointer, _ state: inout State) throws {
        guard let dph = header.dataPageHeaderV2 else {
            throw ParquetError(.corruptMetadata, "a v2 data page without a v2 data page header")
        }
        let n = Int(dph.numValues)
        try checkPageValueCount(n, state)
        let repLength = Int(dph.repetitionLevelsByteLength), defLength = Int(dph.definitionLevelsByteLength)
        guard repLength >= 0, defLength >= 0, repLength + defLength <= payload.count,
              repLength + defLength <= Int(header.uncompressedPageSize) else {
            throw ParquetError(.corruptPage, "v2 page level lengths \(repLength)+\(defLength) exceed the page (\(payload.count) bytes)")
        }
        if descriptor.maxRepetitionLevel > 0 {
            try readLevelsRLE(UnsafeRawBufferPointer(rebasing: payload[0..<repLength]), maxLevel: descriptor.maxRepetitionLevel, count: n, into: &state.data.repetitionLevels)
        }
        var nonNull = n
        if descriptor.maxDefinitionLevel > 0 {
            try readLevelsRLE(UnsafeRawBufferPointer(rebasing: payload[repLength..<(repLength + defLength)]), maxLevel: descriptor.maxDefinitionLevel, count: n, into: &state.data.definitionLevels)
            nonNull = try countDefined(state.data.definitionLevels, last: n)
        }
        let valuesPayload = UnsafeRawBufferPointer(rebasing: payload[(repLength + defLength)...])
        let valuesSize = Int(header.uncompressedPageSize) - repLength - defLength
        let bytes = dph.isCompressed
            ? try decompressed(valuesPayload, uncompressedSize: valuesSize, &state)
            : valuesPayload
        try readValues(dph.encoding, bytes, count: nonNull, &state)
        state.data.entryCount += n
    }

    private func checkPageValueCount(_ n: Int, _ state: State) throws {
        guard n >= 0, n <= Int(metadata.numValues) - state.data.entryCount else {
            throw ParquetError(.corruptPage, "a page declares \(n) values, more than the \(Int(metadata.numValues) - state.data.entryCount) left in the column chunk")
        }
    }

    // MARK: - Levels

    /// Reads v1 levels (RLE with a 4-byte length prefix, or legacy BIT_PACKED); returns bytes used.
    private func readLevelsV1(_ encoding: Encoding, maxLevel: Int, count: Int, _ bytes: UnsafeRawBufferPointer, into levels: inout Buffer) throws -> Int {
        switch encoding {
        case .rle:
            guard bytes.count >= 4 else { throw ParquetError(.corruptPage, "the page ends inside the levels' length prefix") }
            let length = Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= bytes.count - 4 else {
                throw ParquetError(.corruptPage, "levels of \(length) bytes run past the page's \(bytes.count - 4)")
            }
            try readLevelsRLE(UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)]), maxLevel: maxLevel, count: count, into: &levels)
            return 4 + length
        case .bitPacked:
            let out = levels.appendUninitialized(count).assumingMemoryBound(to: UInt8.self)
            let used = try LegacyBitPacked.decode(bytes, bitWidth: Self.bitWidth(maxLevel), count: count, into: out)
            try checkLevels(UnsafeBufferPointer(start: out, count: count), maxLevel: maxLevel)
            return used
        default:
            throw ParquetError(.unsupported, "level encoding \(encoding)")
        }
    }

    /// Reads `count` RLE/bit-packed hybrid levels (no length prefix).
    private func readLevelsRLE(_ bytes: UnsafeRawBufferPointer, maxLevel: Int, count: Int, into levels: inout Buffer) throws {
        let out = levels.appendUninitialized(count).assumingMemoryBound(to: UInt8.self)
        var decoder = try RLEBitPackedHybridDecoder(bytes, bitWidth: Self.bitWidth(maxLevel))
        let got = try decoder.decode(into: out, count: count)
        guard got == count else {
            throw ParquetError(.corruptPage, "the page holds \(got) levels where \(count) were declared")
        }
        try checkLevels(UnsafeBufferPointer(start: out, count: count), maxLevel: maxLevel)
    }

    private func checkLevels(_ levels: UnsafeBufferPointer<UInt8>, maxLevel: Int) throws {
        var maxSeen: UInt8 = 0
        for l in levels { maxSeen = max(maxSeen, l) }
        guard Int(maxSeen) <= maxLevel else {
            throw ParquetError(.corruptPage, "level \(maxSeen) exceeds the column's maximum \(maxLevel)")
        }
    }

    /// Number of entries among the last `n` definition levels that are at the maximum.
    private func countDefined(_ levels: Buffer, last n: Int) throws -> Int {
        let maxDef = UInt8(descriptor.maxDefinitionLevel)
        return levels.withUnsafeBufferPointer(as: UInt8.self) { all in
            var count = 0
            for i in (all.count - n)..<all.count where all[i] == maxDef { count &+= 1 }
            return count
        }
    }

    // MARK: - Values

    /// Decodes `count` non-null values of a page and appends them to the chunk's values.
    private func readValues(_ encoding: Encoding, _ bytes: UnsafeRawBufferPointer, count: Int, _ state: inout State) throws {
        switch encoding {
        case .plainDictionary, .rleDictionary:
            try readDictionaryIndices(bytes, count: count, &state)
            return
        default:
            break
        }
        if conversion == .none {
            try decodeValues(encoding, bytes, count: count, into: &state.data.values)
        } else {
            state.scratch = Column(empty: physicalType, capacity: count)
            try decodeValues(encoding, bytes, count: count, into: &state.scratch)
            try conversion.apply(state.scratch, to: &state.data.values)
        }
    }

    private func readDictionaryIndices(_ bytes: UnsafeRawBufferPointer, count: Int, _ state: inout State) throws {
        guard let dictionary = state.dictionary else {
            throw ParquetError(.corruptPage, "a dictionary-encoded page without a dictionary page")
        }
        guard count > 0 else { return }
        guard let width = bytes.first, width <= 32 else {
            throw ParquetError(.corruptPage, "dictionary indices with bit width \(bytes.first.map(String.init) ?? "missing")")
        }
        state.indices.removeAll()
        let out = state.indices.appendUninitialized(count * 4).assumingMemoryBound(to: UInt32.self)
        var decoder = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(width))
        let got = try decoder.decode(into: out, count: count)
        guard got == count else {
            throw ParquetError(.corruptPage, "the page holds \(got) dictionary indices where \(count) were declared")
        }
        let indices = UnsafeBufferPointer(start: UnsafePointer(out), count: count)
        try gather(from: dictionary, indices: indices, into: &state.data.values)
    }

    /// Appends `dictionary[indices[i]]` for every index.
    private func gather(from dictionary: Column, indices: UnsafeBufferPointer<UInt32>, into target: inout Column) throws {
        if dictionary.type.isByteArray {
            try dictionary.values.withUnsafeBytes { dictValues in
                try dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { dictOffsets in
                    try DictionaryGather.gatherByteArrays(
                        dictionaryValues: dictValues, dictionaryOffsets: dictOffsets, indices: indices,
                        values: &target.values, offsets: &target.offsets)
                }
            }
        } else {
            let width = dictionary.type.fixedWidth!
            let raw = target.values.appendUninitialized(indices.count * width)
            switch width {
            case 1: try gatherFixed(dictionary, UInt8.self, indices, raw)
            case 2: try gatherFixed(dictionary, UInt16.self, indices, raw)
            case 4: try gatherFixed(dictionary, UInt32.self, indices, raw)
            case 8: try gatherFixed(dictionary, UInt64.self, indices, raw)
            default: try gatherFixed(dictionary, UInt128.self, indices, raw)
            }
        }
        target.count += indices.count
    }

    private func gatherFixed<T: BitwiseCopyable>(_ dictionary: Column, _: T.Type, _ indices: UnsafeBufferPointer<UInt32>, _ raw: UnsafeMutableRawPointer) throws {
        try dictionary.values.withUnsafeBufferPointer(as: T.self) { dict in
            try DictionaryGather.gather(dictionary: dict, indices: indices, into: raw.assumingMemoryBound(to: T.self))
        }
    }

    /// Decodes `count` values in `encoding` into `column` (physical storage layout).
    private func decodeValues(_ encoding: Encoding, _ bytes: UnsafeRawBufferPointer, count: Int, into column: inout Column) throws {
        switch encoding {
        case .plain:
            _ = try decodePlain(bytes, count: count, into: &column)
        case .deltaBinaryPacked:
            try decodeDeltaBinaryPacked(bytes, count: count, into: &column)
        case .deltaLengthByteArray:
            guard descriptor.physicalType == .byteArray else { throw encodingMismatch(encoding) }
            _ = try DeltaLengthByteArrayDecoder.decode(bytes, count: count, values: &column.values, offsets: &column.offsets)
            column.count += count
        case .deltaByteArray:
            guard descriptor.physicalType == .byteArray || descriptor.physicalType == .fixedLenByteArray else { throw encodingMismatch(encoding) }
            _ = try DeltaByteArrayDecoder.decode(bytes, count: count, values: &column.values, offsets: &column.offsets)
            column.count += count
        case .byteStreamSplit:
            try decodeByteStreamSplit(bytes, count: count, into: &column)
        case .rle:
            guard descriptor.physicalType == .boolean else { throw encodingMismatch(encoding) }
            guard bytes.count >= 4 else { throw ParquetError(.corruptPage, "RLE booleans without a length prefix") }
            let length = Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= bytes.count - 4 else { throw ParquetError(.corruptPage, "RLE booleans of \(length) bytes run past the page") }
            let out = column.values.appendUninitialized(count).assumingMemoryBound(to: UInt8.self)
            var decoder = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)]), bitWidth: 1)
            guard try decoder.decode(into: out, count: count) == count else {
                throw ParquetError(.corruptPage, "the page holds fewer than \(count) RLE booleans")
            }
            column.count += count
        default:
            throw ParquetError(.unsupported, "value encoding \(encoding) for \(descriptor.physicalType)")
        }
    }

    private func encodingMismatch(_ encoding: Encoding) -> ParquetError {
        ParquetError(.corruptPage, "encoding \(encoding) cannot hold \(descriptor.physicalType) values")
    }

    /// Decodes `count` PLAIN values into `column`; returns bytes used.
    private func decodePlain(_ bytes: UnsafeRawBufferPointer, count: Int, into column: inout Column) throws -> Int {
        let used: Int
        switch descriptor.physicalType {
        case .boolean:
            guard (count + 7) / 8 <= bytes.count else { throw tooShort("PLAIN booleans", count) }
            let out = column.values.appendUninitialized(count).assumingMemoryBound(to: UInt8.self)
            used = try PlainDecoder.decodeBooleans(bytes, count: count, into: out)
        case .int32, .float:
            used = try appendFixed(bytes, count: count, width: 4, into: &column)
        case .int64, .double:
            used = try appendFixed(bytes, count: count, width: 8, into: &column)
        case .int96:
            guard count <= bytes.count / 12 else { throw tooShort("INT96", count) }
            let out = column.values.appendUninitialized(count * 8).assumingMemoryBound(to: Int64.self)
            used = try PlainDecoder.decodeInt96(bytes, count: count, into: out)
        case .byteArray:
            used = try PlainDecoder.decodeByteArrays(bytes, count: count, values: &column.values, offsets: &column.offsets)
        case .fixedLenByteArray:
            used = try PlainDecoder.decodeFixedLenByteArrays(bytes, count: count, width: descriptor.typeLength, values: &column.values, offsets: &column.offsets)
        default:
            throw ParquetError(.unsupported, "physical type \(descriptor.physicalType)")
        }
        column.count += count
        return used
    }

    private func tooShort(_ what: String, _ count: Int) -> ParquetError {
        ParquetError(.corruptPage, "the page is too short for \(count) \(what) values")
    }

    private func appendFixed(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into column: inout Column) throws -> Int {
        guard count <= bytes.count / width else { throw tooShort("\(width)-byte", count) }
        column.values.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<(count * width)]))
        return count * width
    }

    private func decodeDeltaBinaryPacked(_ bytes: UnsafeRawBufferPointer, count: Int, into column: inout Column) throws {
        let got: Int
        switch descriptor.physicalType {
        case .int32:
            let out = column.values.appendUninitialized(count * 4).assumingMemoryBound(to: Int32.self)
            got = try DeltaBinaryPackedDecoder.decode(bytes, into: out, capacity: count).values
        case .int64:
            let out = column.values.appendUninitialized(count * 8).assumingMemoryBound(to: Int64.self)
            got = try DeltaBinaryPackedDecoder.decode(bytes, into: out, capacity: count).values
        default:
            throw encodingMismatch(.deltaBinaryPacked)
        }
        guard got == count else {
            throw ParquetError(.corruptPage, "DELTA_BINARY_PACKED holds \(got) values where \(count) were declared")
        }
        column.count += count
    }

    private func decodeByteStreamSplit(_ bytes: UnsafeRawBufferPointer, count: Int, into column: inout Column) throws {
        let width: Int
        switch descriptor.physicalType {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = descriptor.typeLength
        default: throw encodingMismatch(.byteStreamSplit)
        }
        guard width > 0, count <= bytes.count / width else { throw tooShort("BYTE_STREAM_SPLIT", count) }
        let out = column.values.appendUninitialized(count * width)
        _ = try ByteStreamSplitDecoder.decode(bytes, count: count, width: width, into: out)
        if descriptor.physicalType == .fixedLenByteArray {
            let start = column.offset(column.offsets.count / 4 - 1)
            for i in 0..<count { column.offsets.append(Int32(start + (i + 1) * width)) }
        }
        column.count += count
    }
}
