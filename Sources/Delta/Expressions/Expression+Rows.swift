import Columnar

extension Expression {
    /// Evaluates the (bound) predicate on every row of `batch`: true, false or nil (unknown).
    /// Columns are found by name in the batch (nested fields dotted).
    public func evaluate(_ batch: RecordBatch) throws -> [Bool?] {
        try (0..<batch.count).map { row in try truth(batch, row) }
    }

    func truth(_ batch: RecordBatch, _ row: Int) throws -> Bool? {
        switch self {
        case .and(let es):
            var result: Bool? = true
            for e in es {
                switch try e.truth(batch, row) {
                case false?: return false
                case nil: result = nil
                default: break
                }
            }
            return result
        case .or(let es):
            var result: Bool? = false
            for e in es {
                switch try e.truth(batch, row) {
                case true?: return true
                case nil: result = nil
                default: break
                }
            }
            return result
        case .not(let e): return try e.truth(batch, row).map { !$0 }
        case .isNull(let e): return try e.value(batch, row).isNull
        case .isNotNull(let e): return try !e.value(batch, row).isNull
        case .literal(let v, _):
            if case .boolean(let b) = v { return b }
            return nil
        case .column:
            if case .boolean(let b) = try value(batch, row) { return b }
            return nil
        case .comparison(let op, let l, let r):
            let a = try l.value(batch, row), b = try r.value(batch, row)
            if op == .nullSafeEqual { return a.isNull && b.isNull || (!a.isNull && !b.isNull && a.compare(b) == 0) }
            guard !a.isNull, !b.isNull, let c = a.compare(b) else { return nil }
            switch op {
            case .equal, .nullSafeEqual: return c == 0
            case .notEqual: return c != 0
            case .less: return c < 0
            case .lessOrEqual: return c <= 0
            case .greater: return c > 0
            case .greaterOrEqual: return c >= 0
            }
        case .inList(let e, let list, let negated):
            let v = try e.value(batch, row)
            if v.isNull { return nil }
            var sawNull = false
            for item in list {
                let x = try item.value(batch, row)
                if x.isNull { sawNull = true; continue }
                if v.compare(x) == 0 { return !negated }
            }
            return sawNull ? nil : negated
        }
    }

    func value(_ batch: RecordBatch, _ row: Int) throws -> Value {
        switch self {
        case .literal(let v, _): return v
        case .column(let name):
            let parts = name.split(separator: ".").map(String.init)
            guard let i = batch.schema.index(of: parts[0]) else {
                throw DeltaError(.invalidArgument, "no column '\(name)' in the data")
            }
            var column = batch.columns[i]
            for part in parts.dropFirst() {
                guard case .struct(let fields) = column.type, let j = fields.firstIndex(where: { $0.name.lowercased() == part.lowercased() }) else {
                    throw DeltaError(.invalidArgument, "no field '\(name)' in the data")
                }
                if column.isNull(row) { return .null }
                column = column.children[j]
            }
            return column.value(at: row)
        default:
            return try truth(batch, row).map { .boolean($0) } ?? .null
        }
    }
}
