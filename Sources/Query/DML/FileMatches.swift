import Columnar
import Delta

/// Which rows of one data file a condition selects, row group by row group — found by reading
/// only the columns the condition needs (row groups whose statistics rule it out are not read).
/// Row numbers are those of the file's surviving rows (deletion vectors applied), so they line
/// up with a later read of every column.
struct FileMatches {
    /// Selected rows of each row group, ascending (empty: none).
    var rowGroups: [[Int32]]
    /// Rows selected in the whole file.
    var matched: Int

    /// Evaluates `condition` (bound to the target's full schema) over `file`.
    static func find(
        _ condition: BoundExpression, in file: ScanFile, change: RowLevelChange, pruning: Delta.Expression?,
        evaluator: ExpressionEvaluator
    ) throws -> FileMatches {
        let schema = change.snapshot.schema
        let used = condition.columns.sorted()
        let reduced = condition.remapped(Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) }))
        let reader = try change.reader(file, columns: used.map { schema.fields[$0].name }, predicate: pruning)
        var groups: [[Int32]] = []
        var matched = 0
        for g in 0..<reader.rowGroupCount {
            guard reader.rowGroupMightMatch(g) else {
                groups.append([])
                continue
            }
            let batch = try reader.readRowGroup(g).batch
            let rows = batch.count == 0 ? [] : ExpressionEvaluator.selection(try evaluator.evaluate(reduced, batch))
            matched += rows.count
            groups.append(rows)
        }
        return FileMatches(rowGroups: groups, matched: matched)
    }
}
