import Columnar
import Delta

/// A bound MERGE: the target (with its schema after any evolution), the materialized source,
/// the join condition split into equality keys and a residual, and the clauses with their
/// conditions and values bound.
///
/// Expressions over a matched pair use the *combined* layout: the target's (evolved) columns
/// `0..<T`, then the source's `T..<T+S`. Not-matched (insert) clauses see the source's columns
/// only, not-matched-by-source clauses the target's only.
struct MergePlan {
    /// What a MATCHED or NOT MATCHED BY SOURCE clause does to a target row.
    enum RowAction {
        /// New values of some target columns (index → expression); others keep theirs.
        case update([Int: BoundExpression])
        case delete
    }

    /// A MATCHED or NOT MATCHED BY SOURCE clause.
    struct Clause {
        var condition: BoundExpression?
        var action: RowAction
        var text: Merge.Clause
    }

    /// A NOT MATCHED (insert) clause: one value per target column.
    struct InsertClause {
        var condition: BoundExpression?
        var values: [BoundExpression]
        var text: Merge.Clause
    }

    let target: DMLTarget
    /// The target schema after schema evolution (the snapshot's, plus new source columns).
    let schema: Schema
    /// Columns of the snapshot (the first `originalCount` of ``schema``).
    let originalCount: Int
    /// The source rows.
    let source: RecordBatch
    /// Target-side and source-side expressions of the equality keys (source side over the
    /// source's columns).
    let targetKeys: [BoundExpression]
    let sourceKeys: [BoundExpression]
    /// The rest of the ON condition (combined layout), or nil.
    let residual: BoundExpression?
    /// ON conjuncts over target columns only (combined layout = target layout).
    let targetOnly: [BoundExpression]
    let matched: [Clause]
    let notMatched: [InsertClause]
    let notMatchedBySource: [Clause]
    let sourceSeconds: Double

    var targetCount: Int { schema.count }

    /// Binds `statement`, running its source query now.
    init(_ statement: Merge, engine: QueryEngine, options: DMLOptions) throws {
        let session = engine.session
        let binder = Binder(session: session)
        target = try DMLTarget(engine: engine, source: statement.target, alias: statement.targetAlias, options: options)
        let t0 = DML.now()
        let (sourcePlan, sourceScope) = try binder.bindTable(statement.source)
        let optimized = Optimizer.optimize(sourcePlan)
        source = Executor.concatenate(try session.executor.execute(optimized), optimized.schema)
        sourceSeconds = DML.now() - t0

        try Self.checkClauseOrder(statement.clauses, binder: binder)
        let evolution = statement.withSchemaEvolution
            || session.settings["spark.databricks.delta.schema.autoMerge.enabled"]?.lowercased() == "true"
        schema = try Self.evolvedSchema(statement, target: target.schema, source: sourceScope, evolution: evolution, binder: binder)
        originalCount = target.schema.count
        let qualifier = target.scope.entries.first?.qualifier
        let targetScope = Scope(schema: schema, alias: qualifier)
        let combined = Scope(targetScope.entries + sourceScope.entries)
        let T = schema.count

        // ON: equality keys between the sides, the rest as a residual.
        let on = try binder.bindPredicate(statement.on, combined)
        var tk: [BoundExpression] = [], sk: [BoundExpression] = [], rest: [BoundExpression] = [], targetOnly: [BoundExpression] = []
        for c in Optimizer.conjuncts(on) {
            if case .comparison(.equal, let a, let b) = c {
                let ac = a.columns, bc = b.columns
                let aTarget = !ac.isEmpty && ac.allSatisfy { $0 < T }, aSource = !ac.isEmpty && ac.allSatisfy { $0 >= T }
                let bTarget = !bc.isEmpty && bc.allSatisfy { $0 < T }, bSource = !bc.isEmpty && bc.allSatisfy { $0 >= T }
                if aTarget && bSource {
                    tk.append(a)
                    sk.append(b.remapped(Dictionary(uniqueKeysWithValues: bc.map { ($0, $0 - T) })))
                    continue
                }
                if bTarget && aSource {
                    tk.append(b)
                    sk.append(a.remapped(Dictionary(uniqueKeysWithValues: ac.map { ($0, $0 - T) })))
                    continue
                }
            }
            if !c.columns.isEmpty && c.columns.allSatisfy({ $0 < T }) { targetOnly.append(c) }
            rest.append(c)
        }
        targetKeys = tk
        sourceKeys = sk
        residual = rest.isEmpty ? nil : rest.count == 1 ? rest[0] : .and(rest)
        self.targetOnly = targetOnly

        // Clauses.
        var matched: [Clause] = [], notMatched: [InsertClause] = [], bySource: [Clause] = []
        let sourceNames = sourceScope.entries.map { $0.name.lowercased() }
        for clause in statement.clauses {
            switch clause.kind {
            case .matched:
                let condition = try clause.condition.map { try binder.bindPredicate($0, combined) }
                let action: RowAction
                switch clause.action {
                case .delete: action = .delete
                case .update(let assignments):
                    action = .update(try UpdateCommand.bindAssignments(assignments, target: targetScope, values: combined, binder: binder, what: "MERGE UPDATE"))
                case .updateAll:
                    var values: [Int: BoundExpression] = [:]
                    for (i, f) in schema.fields.enumerated() {
                        guard let j = sourceNames.firstIndex(of: f.name.lowercased()) else {
                            if evolution || i >= originalCount { continue }  // keeps its value
                            throw binder.error(.notFound,
                                "UPDATE SET * needs a source column for every target column, but the source has no '\(f.name)' (source columns: \(sourceScope.entries.map(\.name).joined(separator: ", "))); name the assignments, or enable schema evolution",
                                at: clause.position)
                        }
                        values[i] = binder.cast(.column(T + j, sourceScope.entries[j].type), to: f.type)
                    }
                    action = .update(values)
                case .insert, .insertAll:
                    throw binder.error(.syntax, "WHEN MATCHED cannot INSERT", at: clause.position)
                }
                matched.append(Clause(condition: condition, action: action, text: clause))
            case .notMatchedBySource:
                let condition = try clause.condition.map { try binder.bindPredicate($0, targetScope) }
                let action: RowAction
                switch clause.action {
                case .delete: action = .delete
                case .update(let assignments):
                    action = .update(try UpdateCommand.bindAssignments(assignments, target: targetScope, values: targetScope, binder: binder, what: "MERGE UPDATE"))
                default:
                    throw binder.error(.syntax, "WHEN NOT MATCHED BY SOURCE takes UPDATE SET ... or DELETE", at: clause.position)
                }
                bySource.append(Clause(condition: condition, action: action, text: clause))
            case .notMatched:
                let condition = try clause.condition.map { try binder.bindPredicate($0, sourceScope) }
                var values = schema.fields.map { BoundExpression.literal(.null, $0.type) }
                switch clause.action {
                case .insertAll:
                    for (i, f) in schema.fields.enumerated() {
                        guard let j = sourceNames.firstIndex(of: f.name.lowercased()) else {
                            if evolution || i >= originalCount { continue }
                            throw binder.error(.notFound,
                                "INSERT * needs a source column for every target column, but the source has no '\(f.name)' (source columns: \(sourceScope.entries.map(\.name).joined(separator: ", "))); list the columns, or enable schema evolution",
                                at: clause.position)
                        }
                        values[i] = binder.cast(.column(j, sourceScope.entries[j].type), to: f.type)
                    }
                case .insert(let columns, let exprs):
                    let indices: [Int]
                    if columns.isEmpty {
                        guard exprs.count == originalCount else {
                            throw binder.error(.typeMismatch, "INSERT VALUES has \(exprs.count) values but the table has \(originalCount) columns; list the columns", at: clause.position)
                        }
                        indices = Array(0..<originalCount)
                    } else {
                        var seen = Set<Int>()
                        indices = try columns.map { c in
                            let i = try UpdateCommand.assignedColumn(QualifiedName([c]), target: targetScope, binder: binder, what: "MERGE INSERT")
                            guard seen.insert(i).inserted else {
                                throw binder.error(.invalidArgument, "MERGE INSERT lists column '\(c.name)' twice", at: c.position)
                            }
                            return i
                        }
                    }
                    for (i, e) in zip(indices, exprs) {
                        values[i] = binder.cast(try binder.fold(try binder.bindExpression(e, sourceScope, context: .plain)), to: schema.fields[i].type)
                    }
                default:
                    throw binder.error(.syntax, "WHEN NOT MATCHED takes INSERT", at: clause.position)
                }
                notMatched.append(InsertClause(condition: condition, values: values, text: clause))
            }
        }
        self.matched = matched
        self.notMatched = notMatched
        notMatchedBySource = bySource
    }

    /// All but the last clause of each kind need a condition (the rest could never apply).
    static func checkClauseOrder(_ clauses: [Merge.Clause], binder: Binder) throws {
        for kind in [Merge.Clause.Kind.matched, .notMatched, .notMatchedBySource] {
            let ofKind = clauses.filter { $0.kind == kind }
            for c in ofKind.dropLast() where c.condition == nil {
                throw binder.error(.invalidArgument,
                    "when there are several WHEN \(kind.rawValue) clauses, only the last one can omit its condition", at: c.position)
            }
        }
    }

    /// The target schema after evolution: the target's columns, then (with evolution on)
    /// source columns the target lacks that `*` actions or named assignments bring in.
    static func evolvedSchema(_ statement: Merge, target: Schema, source: Scope, evolution: Bool, binder: Binder) throws -> Schema {
        guard evolution else { return target }
        var fields = target.fields
        func add(_ name: String) {
            guard !fields.contains(where: { $0.name.lowercased() == name.lowercased() }),
                  let e = source.entries.first(where: { $0.name.lowercased() == name.lowercased() && !$0.hidden }) else { return }
            fields.append(Field(e.name, e.type, nullable: true))
        }
        for clause in statement.clauses {
            switch clause.action {
            case .updateAll, .insertAll:
                for e in source.entries where !e.hidden { add(e.name) }
            case .update(let assignments) where clause.kind == .matched:
                for a in assignments where a.column.parts.count <= 2 { add(a.column.last) }
            case .insert(let columns, _):
                for c in columns { add(c.name) }
            default: break
            }
        }
        return Schema(fields, metadata: target.metadata)
    }

    /// Whether two source rows matching one target row is an error: always, unless the only
    /// MATCHED clause is an unconditional DELETE (then the row is deleted either way) or there
    /// are no MATCHED clauses.
    var duplicatesAreErrors: Bool {
        guard !matched.isEmpty else { return false }
        if matched.count == 1, matched[0].condition == nil, case .delete = matched[0].action { return false }
        return true
    }

    /// The operationParameters Spark records for a MERGE.
    func parameters(_ statement: Merge) -> [String: String] {
        func clauses(_ list: [Merge.Clause]) -> String {
            JSONText.array(list.map { c in
                var members: [(String, String)] = []
                if let cond = c.condition { members.append(("predicate", cond.description)) }
                let type: String = switch c.action {
                case .update, .updateAll: "update"
                case .delete: "delete"
                case .insert, .insertAll: "insert"
                }
                members.append(("actionType", type))
                return members
            })
        }
        return [
            "predicate": DML.predicateParameter(statement.on.description),
            "matchedPredicates": clauses(statement.clauses.filter { $0.kind == .matched }),
            "notMatchedPredicates": clauses(statement.clauses.filter { $0.kind == .notMatched }),
            "notMatchedBySourcePredicates": clauses(statement.clauses.filter { $0.kind == .notMatchedBySource }),
        ]
    }
}
