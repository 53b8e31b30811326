/// The `table` format's state: cell text for the first rows, then an aligned grid.
///
/// Layout (box-drawing characters throughout):
/// ```
/// ┌────────┬────────┐
/// │     id │ name   │
/// │ bigint │ string │
/// ├────────┼────────┤
/// │      1 │ alice  │
/// │      2 │ NULL   │
/// └────────┴────────┘
/// 2 rows
/// ```
/// Numeric columns (integers, floats, decimals) are right-aligned, header included; all
/// others left-aligned. Null is `NULL`. Control characters in text show as JSON-style escapes
/// (`\n`, `\t`, `\u0001`) so every row stays on one line. Cells, names and type names longer
/// than the maximum width (in Characters) are cut to `maxWidth - 1` Characters plus `…`.
/// Widths count Characters (grapheme clusters), so East Asian wide characters and emoji may
/// misalign on a terminal.
struct TableLayout {
    let names: [String]
    let types: [String]
    let rightAligned: [Bool]
    let rowLimit: Int
    let maxWidth: Int
    /// Cell text per column for the rows kept (at most `rowLimit`).
    private(set) var cells: [[String]]
    /// Rows kept.
    private(set) var keptRows = 0

    init(schema: Schema, rowLimit: Int, maxWidth: Int) {
        self.rowLimit = Swift.max(rowLimit, 0)
        self.maxWidth = Swift.max(maxWidth, 1)
        var names: [String] = []
        var types: [String] = []
        var rightAligned: [Bool] = []
        for field in schema.fields {
            names.append(Self.fit(Self.visible(field.name), maxWidth: self.maxWidth))
            types.append(Self.fit(field.type.sqlName, maxWidth: self.maxWidth))
            rightAligned.append(Self.isNumeric(field.type))
        }
        self.names = names
        self.types = types
        self.rightAligned = rightAligned
        cells = Array(repeating: [], count: schema.fields.count)
    }

    static func isNumeric(_ type: DataType) -> Bool {
        switch type {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64, .decimal: true
        default: false
        }
    }

    /// Keeps the cell text of the batch's rows until `rowLimit` rows are kept.
    mutating func append(_ batch: RecordBatch, scratch: inout RenderedColumn) {
        let take = Swift.min(batch.count, rowLimit - keptRows)
        guard take > 0 else { return }
        for (k, column) in batch.columns.enumerated() {
            ColumnRenderer.render(column, mode: .text, rows: take, into: &scratch)
            cells[k].reserveCapacity(keptRows + take)
            for i in 0..<take {
                if column.isNull(i) {
                    cells[k].append("NULL")
                } else {
                    let text = String(decoding: scratch[i], as: UTF8.self)
                    cells[k].append(Self.fit(Self.visible(text), maxWidth: maxWidth))
                }
            }
        }
        keptRows += take
    }

    /// `text` with control characters replaced by visible escapes.
    static func visible(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` cut to `maxWidth` Characters, the last being `…` when cut.
    static func fit(_ text: String, maxWidth: Int) -> String {
        guard text.utf8.count > maxWidth, text.count > maxWidth else { return text }
        return String(text.prefix(maxWidth - 1)) + "…"
    }

    /// Appends the grid and the footer line for `totalRows` rows.
    func render(totalRows: Int, into out: inout [UInt8], flush: (inout [UInt8]) -> Void) {
        if !names.isEmpty {
            var widths = [Int](repeating: 0, count: names.count)
            for k in names.indices {
                widths[k] = Swift.max(names[k].count, types[k].count)
                for cell in cells[k] { widths[k] = Swift.max(widths[k], cell.count) }
            }
            border("┌", "┬", "┐", widths, into: &out)
            line(names.indices.map { names[$0] }, widths, into: &out)
            line(names.indices.map { types[$0] }, widths, into: &out)
            border("├", "┼", "┤", widths, into: &out)
            for i in 0..<keptRows {
                line(names.indices.map { cells[$0][i] }, widths, into: &out)
                flush(&out)
            }
            border("└", "┴", "┘", widths, into: &out)
        }
        var footer = totalRows == 1 ? "1 row" : "\(totalRows) rows"
        if totalRows > keptRows && !names.isEmpty { footer += " (showing first \(keptRows))" }
        out.append(contentsOf: footer.utf8)
        out.append(0x0A)
    }

    private func border(_ left: String, _ middle: String, _ right: String, _ widths: [Int], into out: inout [UInt8]) {
        var s = left
        for (k, w) in widths.enumerated() {
            if k > 0 { s += middle }
            s += String(repeating: "─", count: w + 2)
        }
        s += right + "\n"
        out.append(contentsOf: s.utf8)
    }

    private func line(_ texts: [String], _ widths: [Int], into out: inout [UInt8]) {
        var s = "│"
        for (k, text) in texts.enumerated() {
            let pad = String(repeating: " ", count: widths[k] - text.count)
            s += rightAligned[k] ? " " + pad + text + " │" : " " + text + pad + " │"
        }
        s += "\n"
        out.append(contentsOf: s.utf8)
    }
}
