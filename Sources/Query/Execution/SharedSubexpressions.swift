import Columnar

/// Subexpressions that several of an aggregation's expressions share — `price * (1 - discount)`
/// in both `sum(price * (1 - discount))` and `sum(price * (1 - discount) * (1 + tax))` — each
/// computed once per batch into an extra column that the rewritten expressions read.
///
/// Only arithmetic, negation and casts are shared, and only when they cannot raise an error
/// (ANSI mode off: overflow and division by zero give null), so computing one a single time,
/// ahead of the expressions that use it, changes nothing but the work done.
struct SharedSubexpressions {
    /// The shared subexpressions in the order they are computed; extra k becomes column
    /// `base + k` and may read earlier extras.
    private(set) var extras: [BoundExpression] = []
    /// The input's column count.
    let base: Int
    /// The expressions, rewritten to read the extras.
    private(set) var expressions: [BoundExpression]

    /// Finds what `expressions` (over `base` input columns) share; nothing when `ansi`.
    init(_ expressions: [BoundExpression], base: Int, ansi: Bool) {
        self.base = base
        self.expressions = expressions
        guard !ansi else { return }
        // Innermost first, so an extra only ever reads earlier ones.
        while let shared = Self.smallestShared(self.expressions + extras) {
            let column = BoundExpression.column(base + extras.count, shared.type)
            self.expressions = self.expressions.map { Self.replacing(shared, with: column, in: $0) }
            extras = extras.map { Self.replacing(shared, with: column, in: $0) }
            extras.append(shared)
        }
    }

    /// `batch` with the extras appended as columns.
    func extend(_ batch: RecordBatch, _ evaluator: ExpressionEvaluator) throws -> RecordBatch {
        guard !extras.isEmpty else { return batch }
        var fields = batch.schema.fields, columns = batch.columns
        for (k, e) in extras.enumerated() {
            let extended = RecordBatch(schema: Schema(fields), columns: columns, count: batch.count)
            columns.append(try evaluator.evaluate(e, extended))
            fields.append(Field("_shared\(k)", e.type))
        }
        return RecordBatch(schema: Schema(fields), columns: columns, count: batch.count)
    }

    /// Whether `e` is worth sharing: arithmetic, negation or a cast over some column.
    static func isCandidate(_ e: BoundExpression) -> Bool {
        switch e {
        case .arithmetic, .negate, .cast: !ExpressionEvaluator.isConstant(e)
        default: false
        }
    }

    /// Counts candidates, descending through candidates only.
    static func count(_ e: BoundExpression, into counts: inout [BoundExpression: Int], order: inout [BoundExpression]) {
        guard isCandidate(e) else { return }
        if counts[e] == nil { order.append(e) }
        counts[e, default: 0] += 1
        switch e {
        case .arithmetic(_, let l, let r, _):
            count(l, into: &counts, order: &order)
            count(r, into: &counts, order: &order)
        case .negate(let x), .cast(let x, _, _):
            count(x, into: &counts, order: &order)
        default:
            break
        }
    }

    /// The smallest candidate occurring at least twice (the first found among equals).
    static func smallestShared(_ expressions: [BoundExpression]) -> BoundExpression? {
        var counts: [BoundExpression: Int] = [:], order: [BoundExpression] = []
        for e in expressions { count(e, into: &counts, order: &order) }
        var best: (BoundExpression, Int)?
        for e in order where counts[e, default: 0] >= 2 {
            let n = size(e)
            if best == nil || n < best!.1 { best = (e, n) }
        }
        return best?.0
    }

    static func size(_ e: BoundExpression) -> Int {
        switch e {
        case .arithmetic(_, let l, let r, _): 1 + size(l) + size(r)
        case .negate(let x), .cast(let x, _, _): 1 + size(x)
        default: 1
        }
    }

    /// `e` with every occurrence of `target` reachable through candidates replaced.
    static func replacing(_ target: BoundExpression, with column: BoundExpression, in e: BoundExpression) -> BoundExpression {
        if e == target { return column }
        switch e {
        case .arithmetic(let op, let l, let r, let t) where isCandidate(e):
            return .arithmetic(op, replacing(target, with: column, in: l), replacing(target, with: column, in: r), t)
        case .negate(let x) where isCandidate(e):
            return .negate(replacing(target, with: column, in: x))
        case .cast(let x, let t, let isTry) where isCandidate(e):
            return .cast(replacing(target, with: column, in: x), t, isTry: isTry)
        default:
            return e
        }
    }
}
