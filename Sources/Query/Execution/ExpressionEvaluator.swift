import Columnar

/// Evaluates bound expressions over whole batches, a column at a time.
///
/// Kernels switch on the operand type once per batch and then loop over raw buffers; nulls
/// travel in validity bitmaps (a result is null where any operand is, unless the operator
/// says otherwise — AND, OR, CASE, COALESCE, `<=>`). Arithmetic follows Spark: integer
/// overflow wraps and decimal overflow and division by zero give null, unless ANSI mode is on,
/// where both raise ``QueryError/Code/arithmetic``.
struct ExpressionEvaluator {
    /// Spark's `spark.sql.ansi.enabled`.
    var ansi = false

    func evaluate(_ e: BoundExpression, _ batch: RecordBatch) throws -> Column {
        switch e {
        case .column(let i, _):
            return batch.columns[i]
        case .literal(let v, let t):
            return .repeating(v, t, count: batch.count)
        case .arithmetic(let op, let l, let r, let t):
            return try Arithmetic.evaluate(op, try operand(l, batch), try operand(r, batch), rows: batch.count, resultType: t, ansi: ansi)
        case .negate(let x):
            return try Arithmetic.negate(try evaluate(x, batch), ansi: ansi)
        case .comparison(let op, let l, let r):
            if case .literal(let v, _) = r { return Comparison.compare(op, try evaluate(l, batch), scalar: v) }
            if case .literal(let v, _) = l { return Comparison.compare(op.swapped, try evaluate(r, batch), scalar: v) }
            return Comparison.compare(op, try evaluate(l, batch), try evaluate(r, batch))
        case .and(let es):
            var result = try evaluate(es[0], batch)
            for x in es.dropFirst() { result = Logic.and(result, try evaluate(x, batch)) }
            return result
        case .or(let es):
            var result = try evaluate(es[0], batch)
            for x in es.dropFirst() { result = Logic.or(result, try evaluate(x, batch)) }
            return result
        case .not(let x):
            return Logic.not(try evaluate(x, batch))
        case .isNull(let x):
            return Logic.isNull(try evaluate(x, batch), negated: false)
        case .isNotNull(let x):
            return Logic.isNull(try evaluate(x, batch), negated: true)
        case .inList(let x, let values, let negated):
            return Comparison.inList(try evaluate(x, batch), values, negated: negated)
        case .like(let x, let pattern, let ci, let negated):
            return Strings.like(try evaluate(x, batch), pattern: pattern, caseInsensitive: ci, negated: negated)
        case .caseWhen(let whens, let otherwise, let t):
            return try caseWhen(whens, otherwise, t, batch)
        case .cast(let x, let t, let isTry):
            return try Cast.cast(try evaluate(x, batch), to: t, isTry: isTry, ansi: ansi)
        case .function(let f, let args, let t):
            return try f.evaluate(args.map { try evaluate($0, batch) }, resultType: t, rows: batch.count, evaluator: self)
        }
    }

    /// Whether `e` is a constant the evaluator computes once per batch instead of per row: a
    /// literal, or casts, negations and arithmetic of constants (all deterministic).
    static func isConstant(_ e: BoundExpression) -> Bool {
        switch e {
        case .literal: true
        case .cast(let x, _, _), .negate(let x): isConstant(x)
        case .arithmetic(_, let l, let r, _): isConstant(l) && isConstant(r)
        default: false
        }
    }

    /// An arithmetic operand: a constant is computed once (on one row) and stays a scalar; the
    /// kernels loop over the other side. In an empty batch nothing is computed (so a constant
    /// that fails to convert raises no error there, as before).
    func operand(_ e: BoundExpression, _ batch: RecordBatch) throws -> Arithmetic.Operand {
        guard batch.count > 0, Self.isConstant(e) else { return .column(try evaluate(e, batch)) }
        if case .literal(let v, let t) = e { return .constant(v, t) }
        let one = RecordBatch(schema: Schema([]), columns: [], count: 1)
        return .scalar(try evaluate(e, one))
    }

    /// The rows where a boolean column is true (not false, not null).
    static func selection(_ mask: Column) -> [Int32] {
        let n = mask.count
        guard n > 0 else { return [] }
        return [Int32](unsafeUninitializedCapacity: n) { out, count in
            let o = out.baseAddress!
            var k = 0
            mask.values.withUnsafeBufferPointer(as: UInt8.self) { v in
                if let validity = mask.validity {
                    validity.forEachSetBit { i in
                        guard i < n else { return }
                        o[k] = Int32(truncatingIfNeeded: i)
                        k &+= v[i] != 0 ? 1 : 0
                    }
                } else {
                    // Branch-free: every row is written, only true ones advance.
                    for i in 0..<n {
                        o[k] = Int32(truncatingIfNeeded: i)
                        k &+= v[i] != 0 ? 1 : 0
                    }
                }
            }
            count = k
        }
    }

    /// CASE: each row takes the result of the first true condition, else the ELSE value.
    func caseWhen(_ whens: [BoundExpression.WhenClause], _ otherwise: BoundExpression?, _ type: DataType, _ batch: RecordBatch) throws -> Column {
        let n = batch.count
        var chosen = [Int32](repeating: -1, count: n)  // which branch each row takes (-1: ELSE)
        var undecided = n
        for (k, when) in whens.enumerated() where undecided > 0 {
            let condition = try evaluate(when.condition, batch)
            for i in Self.selection(condition) where chosen[Int(i)] == -1 {
                chosen[Int(i)] = Int32(k)
                undecided -= 1
            }
        }
        var branches = try whens.map { try evaluate($0.result, batch) }
        branches.append(try otherwise.map { try evaluate($0, batch) } ?? .nulls(type, count: n))
        // Gather row by row from the chosen branch (all branches have the result type).
        if branches.count == 1 { return branches[0] }
        var rowsByBranch = [[Int32]](repeating: [], count: branches.count)
        for i in 0..<n { rowsByBranch[chosen[i] == -1 ? branches.count - 1 : Int(chosen[i])].append(Int32(i)) }
        return Column.scatter(parts: zip(branches, rowsByBranch).map { ($0.0, $0.1) }, count: n, type: type)
    }
}

extension ComparisonOperator {
    /// The operator with its operands swapped.
    var swapped: ComparisonOperator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}

extension Column {
    /// A column of `count` rows where rows `rows[k]` of part `k` come from that part's same rows.
    static func scatter(parts: [(Column, [Int32])], count: Int, type: DataType) -> Column {
        // Build an index map: for each output row, which part and which row.
        var source = [(Int32, Int32)](repeating: (0, 0), count: count)
        for (p, part) in parts.enumerated() {
            for r in part.1 { source[Int(r)] = (Int32(p), r) }
        }
        var out = Column(empty: type, capacity: count)
        for (p, r) in source { out.append(parts[Int(p)].0.value(at: Int(r))) }
        return out
    }
}
