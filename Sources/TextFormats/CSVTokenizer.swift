/// Splits CSV bytes into records and fields (see ``CSVOptions`` for the grammar), recording
/// field positions in a ``CSVFieldTable``. Fields with escapes are unescaped in place once their
/// record is complete, so a record cut by the end of the loaded bytes is simply tokenized
/// again after the next block arrives.
struct CSVTokenizer {
    /// Why ``tokenize(_:from:end:atEOF:maxRows:into:)`` stopped.
    enum Stop {
        /// The loaded bytes end inside a record (or nothing is loaded): load more.
        case needMoreData
        /// `maxRows` records were read.
        case rowLimit
        /// The input is exhausted.
        case endOfInput
    }

    let delimiter: UInt8
    let quote: UInt8
    let quoting: Bool
    let backslashEscape: Bool
    let comment: [UInt8]
    let fileName: String
    /// The 1-based line number at the tokenizing position.
    var line = 1
    /// Fields of the current record that need unescaping (reused).
    private var pending: [Int] = []

    /// A tokenizer for `options`, which must have been validated.
    init(delimiter: UInt8, quote: UInt8?, backslashEscape: Bool, comment: [UInt8], fileName: String) {
        self.delimiter = delimiter
        self.quote = quote ?? 0
        self.quoting = quote != nil
        self.backslashEscape = backslashEscape
        self.comment = comment
        self.fileName = fileName
    }

    /// Tokenizes whole records of `buf[from..<end]` into `table`, at most `maxRows` of them, and
    /// returns the position after the last record taken. With `atEOF` the final record needs no
    /// line end, and an unterminated quote is an error.
    mutating func tokenize(
        _ buf: UnsafeMutablePointer<UInt8>, from: Int, end: Int, atEOF: Bool, maxRows: Int, into table: inout CSVFieldTable
    ) throws(TextFormatError) -> (position: Int, stop: Stop) {
        let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let delimiter = self.delimiter, quote = self.quote, quoting = self.quoting
        var i = from
        var rows = 0
        while rows < maxRows {
            if i >= end { return (i, atEOF ? .endOfInput : .needMoreData) }
            let recordStart = i, recordLine = line
            // Blank lines and comments.
            let c = buf[i]
            if c == lf {
                line += 1
                i += 1
                continue
            }
            if c == cr {
                if i + 1 < end {
                    i += buf[i + 1] == lf ? 2 : 1
                } else if atEOF {
                    i += 1
                } else {
                    return (recordStart, .needMoreData)
                }
                line += 1
                continue
            }
            if !comment.isEmpty && c == comment[0] {
                switch skipComment(buf, at: i, end: end, atEOF: atEOF) {
                case .skipped(let next):
                    i = next
                    continue
                case .needMoreData:
                    return (recordStart, .needMoreData)
                case .notComment:
                    break
                }
            }
            let fieldMark = table.starts.count
            pending.removeAll(keepingCapacity: true)
            var incomplete = false
            fields: while true {
                if quoting && i < end && buf[i] == quote {
                    var j = i + 1
                    var closing = -1
                    var escaped = false
                    scan: while true {
                        // Inside quotes: find the next quote (or backslash).
                        if backslashEscape {
                            while j < end {
                                let b = buf[j]
                                if b == quote || b == 0x5C { break }
                                if b == lf { line += 1 }
                                j += 1
                            }
                        } else {
                            while j < end {
                                let b = buf[j]
                                if b == quote { break }
                                if b == lf { line += 1 }
                                j += 1
                            }
                        }
                        if j >= end {
                            if atEOF { throw unterminatedQuote(recordLine) }
                            incomplete = true
                            break fields
                        }
                        if buf[j] != quote {
                            // A backslash: the next byte is literal.
                            if j + 1 >= end {
                                if atEOF { throw unterminatedQuote(recordLine) }
                                incomplete = true
                                break fields
                            }
                            if buf[j + 1] == lf { line += 1 }
                            escaped = true
                            j += 2
                            continue scan
                        }
                        if !backslashEscape {
                            if j + 1 >= end && !atEOF {
                                incomplete = true
                                break fields
                            }
                            if j + 1 < end && buf[j + 1] == quote {
                                escaped = true
                                j += 2
                                continue scan
                            }
                        }
                        closing = j
                        j += 1
                        // After the closing quote: text up to the delimiter is kept.
                        while j < end {
                            let b = buf[j]
                            if b == delimiter || b == lf || b == cr { break }
                            escaped = true
                            j += 1
                            if b == quote { continue scan }
                        }
                        if j >= end && !atEOF {
                            incomplete = true
                            break fields
                        }
                        break scan
                    }
                    if escaped {
                        pending.append(table.starts.count)
                        table.starts.append(Int32(truncatingIfNeeded: i))
                        table.ends.append(UInt32(truncatingIfNeeded: j) | CSVFieldTable.quotedFlag)
                    } else {
                        table.starts.append(Int32(truncatingIfNeeded: i + 1))
                        table.ends.append(UInt32(truncatingIfNeeded: closing) | CSVFieldTable.quotedFlag)
                    }
                    i = j
                } else {
                    var j = i
                    while j < end {
                        let b = buf[j]
                        if b == delimiter || b == lf || b == cr { break }
                        j += 1
                    }
                    if j >= end && !atEOF {
                        incomplete = true
                        break fields
                    }
                    table.starts.append(Int32(truncatingIfNeeded: i))
                    table.ends.append(UInt32(truncatingIfNeeded: j))
                    i = j
                }
                // At a delimiter, a line end, or the end of the input.
                if i >= end { break fields }
                let b = buf[i]
                if b == delimiter {
                    i += 1
                    continue fields
                }
                if b == cr {
                    if i + 1 < end {
                        i += buf[i + 1] == lf ? 2 : 1
                    } else if atEOF {
                        i += 1
                    } else {
                        incomplete = true
                        break fields
                    }
                } else {
                    i += 1
                }
                line += 1
                break fields
            }
            if incomplete {
                table.starts.removeSubrange(fieldMark...)
                table.ends.removeSubrange(fieldMark...)
                line = recordLine
                return (recordStart, .needMoreData)
            }
            for k in pending { unescape(buf, field: k, table: &table) }
            table.rowFields.append(Int32(truncatingIfNeeded: table.starts.count))
            table.rowLines.append(recordLine)
            rows += 1
        }
        return (i, .rowLimit)
    }

    /// What ``skipComment(_:at:end:atEOF:)`` found.
    private enum CommentScan {
        case notComment
        case needMoreData
        /// A comment line; the position after it.
        case skipped(Int)
    }

    /// Skips the comment line at `i`, if there is one.
    private mutating func skipComment(_ buf: UnsafeMutablePointer<UInt8>, at i: Int, end: Int, atEOF: Bool) -> CommentScan {
        let available = min(end - i, comment.count)
        for k in 0..<available where buf[i + k] != comment[k] { return .notComment }
        if available < comment.count { return atEOF ? .notComment : .needMoreData }
        var j = i + comment.count
        while j < end && buf[j] != 0x0A && buf[j] != 0x0D { j += 1 }
        if j >= end {
            if !atEOF { return .needMoreData }
            line += 1
            return .skipped(j)
        }
        if buf[j] == 0x0D {
            if j + 1 < end {
                j += buf[j + 1] == 0x0A ? 2 : 1
            } else if atEOF {
                j += 1
            } else {
                return .needMoreData
            }
        } else {
            j += 1
        }
        line += 1
        return .skipped(j)
    }

    /// Rewrites field `k` (its raw text, from the opening quote) in place without quotes and
    /// escapes, and points the table at the result.
    private func unescape(_ buf: UnsafeMutablePointer<UInt8>, field k: Int, table: inout CSVFieldTable) {
        let s = Int(table.starts[k]), e = Int(table.ends[k] & CSVFieldTable.valueMask)
        var w = s, i = s
        var inQuotes = false
        while i < e {
            let b = buf[i]
            if inQuotes {
                if backslashEscape && b == 0x5C && i + 1 < e {
                    buf[w] = buf[i + 1]
                    w += 1
                    i += 2
                    continue
                }
                if b == quote {
                    if !backslashEscape && i + 1 < e && buf[i + 1] == quote {
                        buf[w] = quote
                        w += 1
                        i += 2
                        continue
                    }
                    inQuotes = false
                    i += 1
                    continue
                }
            } else if b == quote {
                inQuotes = true
                i += 1
                continue
            }
            buf[w] = b
            w += 1
            i += 1
        }
        table.ends[k] = UInt32(truncatingIfNeeded: w) | CSVFieldTable.quotedFlag
    }

    /// The error for a quote still open at the end of the input.
    private func unterminatedQuote(_ line: Int) -> TextFormatError {
        TextFormatError(.malformed, "unterminated quoted field (the quote opened on this line is never closed)", file: fileName, line: line)
    }
}
