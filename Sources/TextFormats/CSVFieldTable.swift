/// Tokenized CSV records: where each field's value lies in the ``BlockBuffer``.
///
/// Field `k` is bytes `starts[k] ..< ends[k] & valueMask` of the buffer (already unescaped), and
/// `ends[k] & quotedFlag` tells whether it was quoted. Record `r` holds fields
/// `rowFields[r] ..< rowFields[r + 1]` and starts on line `rowLines[r]`.
struct CSVFieldTable {
    /// Set in ``ends`` for a quoted field.
    static let quotedFlag: UInt32 = 0x8000_0000
    /// Masks the end offset out of ``ends``.
    static let valueMask: UInt32 = 0x7FFF_FFFF

    var starts: [Int32] = []
    var ends: [UInt32] = []
    var rowFields: [Int32] = [0]
    var rowLines: [Int] = []

    /// Number of records.
    var rowCount: Int { rowLines.count }

    /// Drops every record, keeping the allocations.
    mutating func removeAll() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        rowFields.removeAll(keepingCapacity: true)
        rowFields.append(0)
        rowLines.removeAll(keepingCapacity: true)
    }

    /// Number of fields of record `r`.
    func fieldCount(ofRow r: Int) -> Int { Int(rowFields[r + 1] - rowFields[r]) }

    /// The text of field `k` (header names, messages; invalid UTF-8 repaired).
    func text(ofField k: Int, in buffer: UnsafePointer<UInt8>) -> String {
        let s = Int(starts[k]), e = Int(ends[k] & CSVFieldTable.valueMask)
        return UTF8Repair.string(buffer + s, e - s)
    }
}
