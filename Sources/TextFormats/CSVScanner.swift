/// The input side of a ``CSVReader``: the block buffer, the tokenizer and the records
/// tokenized but not yet converted.
struct CSVScanner {
    var buffer: BlockBuffer
    var tokenizer: CSVTokenizer
    var table = CSVFieldTable()
    /// The first record of ``table`` not yet converted.
    var nextRow = 0

    /// A scanner over `source`; skips a UTF-8 byte order mark.
    init(source: ByteSource, blockSize: Int, tokenizer: CSVTokenizer) throws(TextFormatError) {
        buffer = BlockBuffer(source: source, blockSize: blockSize)
        self.tokenizer = tokenizer
        while buffer.end - buffer.start < 3 && !buffer.atEOF { try buffer.load(compact: false) }
        let p = buffer.pointer
        if buffer.end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { buffer.start = 3 }
    }

    /// Records tokenized and not yet converted.
    var pendingRows: Int { table.rowCount - nextRow }

    /// Tokenizes up to `rows` more records. Without `grow` it stops early at the end of the
    /// loaded bytes once it has any record (so that converting them frees the buffer); with
    /// `grow` it keeps loading until it has them all, the input ends, or the records span more
    /// than `byteLimit` bytes.
    mutating func tokenize(rows: Int, grow: Bool, byteLimit: Int = .max) throws(TextFormatError) {
        let target = table.rowCount + rows
        var firstByte = buffer.start
        while table.rowCount < target {
            let (position, stop) = try tokenizer.tokenize(
                buffer.pointer, from: buffer.start, end: buffer.end, atEOF: buffer.atEOF,
                maxRows: target - table.rowCount, into: &table
            )
            buffer.start = position
            guard stop == .needMoreData, !buffer.atEOF else { return }
            if table.rowCount > 0 && (!grow || buffer.end - firstByte >= byteLimit) { return }
            let compact = table.rowCount == 0
            try buffer.load(compact: compact)
            if compact { firstByte = buffer.start }
        }
    }

    /// Drops converted records; when none remain, the buffer may compact on the next load.
    mutating func dropConverted() {
        if nextRow >= table.rowCount {
            table.removeAll()
            nextRow = 0
        }
    }
}
