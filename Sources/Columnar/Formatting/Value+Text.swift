extension Value {
    /// The value as display text for a column of `type`, in the scalar conventions of the
    /// `jsonl` format but without JSON quoting (NULL for null; nested values as JSON text).
    public func text(as type: DataType) -> String {
        switch (self, type) {
        case (.null, _): return "NULL"
        case (.boolean(let b), _): return b ? "true" : "false"
        case (.int(let i), _): return String(i)
        case (.uint(let u), _): return String(u)
        case (.float(let f), _): return FloatFormat.string(f)
        case (.double(let d), _): return FloatFormat.string(d)
        case (.decimal(let d), .decimal(_, let scale)): return DecimalFormat.string(d, scale: scale)
        case (.decimal(let d), _): return String(d)
        case (.string(let s), _): return s
        case (.binary(let b), _): return Base64.encode(b)
        case (.date(let d), _): return TemporalFormat.date(d)
        case (.timestamp(let t), .timestampNTZ): return TemporalFormat.timestamp(t, utc: false)
        case (.timestamp(let t), _): return TemporalFormat.timestamp(t, utc: true)
        case (.struct, _), (.list, _), (.map, _):
            let column = Column(type, [self])
            let line = RowWriter.string(
                [RecordBatch(schema: Schema([Field("v", type)]), columns: [column])], format: .jsonl,
                schema: Schema([Field("v", type)]))
            // {"v":<json>}\n
            return String(line.dropFirst(5).dropLast(2))
        }
    }
}
