import Columnar
import Foundation
import Yams

/// Reads a pipeline file: YAML, or JSON (which YAML reads too).
///
/// ```yaml
/// name: shop
/// storage: lakehouse              # the storage root, relative to this file
/// event_log: event_log.shop       # optional (this is the default)
/// datasets:
///   - name: bronze.orders
///     source: {path: landing/orders, format: csv, schema_hints: "amount DECIMAL(10,2)"}
///   - name: silver.orders
///     kind: streaming_table
///     sql: SELECT * FROM STREAM(bronze.orders)
///     expectations:
///       - {name: valid_id, condition: order_id IS NOT NULL, action: drop}
///     apply_changes: {keys: [order_id], sequence_by: updated_at}
///   - name: gold.daily
///     kind: materialized_view
///     sql: SELECT ... FROM silver.orders GROUP BY ...
/// ```
///
/// Field names may be written in snake_case or camelCase. Every error names the file, the line
/// and column, and the field's path (`datasets[1].expectations[0].action`).
public enum PipelineFile {
    /// Reads and checks the pipeline file at `path`.
    public static func load(_ path: String) throws -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.notFound, "cannot read pipeline file '\(path)'")
        }
        let directory = (absolute(path) as NSString).deletingLastPathComponent
        return try parse(String(decoding: data, as: UTF8.self), file: path, directory: directory)
    }

    /// Parses pipeline file text; relative paths resolve against `directory`.
    public static func parse(_ text: String, file: String = "<pipeline>", directory: String = ".") throws -> PipelineDefinition {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PipelineError(.invalidDefinition, "the pipeline file is empty", file: file)
            }
            root = node
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
        var reader = Reader(file: file, directory: absolute(directory))
        return try reader.pipeline(root)
    }

    static func syntaxError(_ error: YamlError, file: String) -> PipelineError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return PipelineError(.invalidDefinition, "not valid YAML or JSON: \(text)", file: file, line: mark.line, column: mark.column)
        default:
            return PipelineError(.invalidDefinition, "not valid YAML or JSON: \(error)", file: file)
        }
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    /// Walks the node tree, keeping the path for messages.
    struct Reader {
        let file: String
        let directory: String

        func error(_ message: String, _ node: Node?, _ path: String) -> PipelineError {
            let where_ = path.isEmpty ? "" : path + ": "
            return PipelineError(.invalidDefinition, where_ + message, file: file, line: node?.mark?.line, column: node?.mark?.column)
        }

        /// The members of a mapping, keys normalized (lowercase, no `_`), with unknown keys refused.
        func members(_ node: Node, _ path: String, allowed: [String]) throws -> [String: (key: Node, value: Node)] {
            guard case .mapping(let mapping) = node else {
                throw error("expected a mapping (key: value lines), found \(describe(node))", node, path)
            }
            var out: [String: (key: Node, value: Node)] = [:]
            let normalized = Dictionary(uniqueKeysWithValues: allowed.map { (normalize($0), $0) })
            for (key, value) in mapping {
                guard case .scalar(let k) = key else { throw error("keys must be names", key, path) }
                let n = normalize(k.string)
                guard normalized[n] != nil else {
                    let hint = Suggestions.nearest(k.string, allowed).map { " (did you mean '\($0)'?)" } ?? " (expected one of: \(allowed.joined(separator: ", ")))"
                    throw error("unknown field '\(k.string)'\(hint)", key, path)
                }
                if out[n] != nil { throw error("field '\(k.string)' is given twice", key, path) }
                out[n] = (key, value)
            }
            return out
        }

        func normalize(_ key: String) -> String { key.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "") }

        func describe(_ node: Node) -> String {
            switch node {
            case .scalar(let s): return "'\(s.string)'"
            case .mapping: return "a mapping"
            case .sequence: return "a list"
            case .alias: return "an alias"
            }
        }

        func string(_ node: Node, _ path: String) throws -> String {
            guard case .scalar(let s) = node else { throw error("expected a text value, found \(describe(node))", node, path) }
            return s.string
        }

        func nonEmptyString(_ node: Node, _ path: String) throws -> String {
            let s = try string(node, path).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !s.isEmpty else { throw error("must not be empty", node, path) }
            return s
        }

        func int(_ node: Node, _ path: String) throws -> Int {
            guard case .scalar(let s) = node, let v = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
                throw error("expected a whole number, found \(describe(node))", node, path)
            }
            return v
        }

        /// A list of names: `[a, b]` or `"a, b"`.
        func names(_ node: Node, _ path: String) throws -> [String] {
            switch node {
            case .scalar(let s):
                return s.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case .sequence(let seq):
                return try seq.enumerated().map { try nonEmptyString($0.element, "\(path)[\($0.offset)]") }
            default:
                throw error("expected a list of names, found \(describe(node))", node, path)
            }
        }

        func resolve(_ path: String) -> String {
            let full = path.hasPrefix("/") ? path : directory + "/" + path
            return (full as NSString).standardizingPath
        }

        mutating func pipeline(_ root: Node) throws -> PipelineDefinition {
            let m = try members(root, "", allowed: ["name", "storage", "event_log", "datasets"])
            guard let nameNode = m["name"] else { throw error("missing field 'name' (the pipeline's name)", root, "") }
            let name = try nonEmptyString(nameNode.value, "name")
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw error("'\(name)' is not a valid pipeline name (letters, digits, '_' and '-')", nameNode.value, "name")
            }
            let storage = try m["storage"].map { resolve(try nonEmptyString($0.value, "storage")) } ?? resolve("lakehouse")
            var eventLog: String?
            if let node = m["eventlog"] {
                let value = try nonEmptyString(node.value, "event_log")
                guard value.split(separator: ".").count == 2 else {
                    throw error("'\(value)' is not a table name schema.table", node.value, "event_log")
                }
                eventLog = value
            }
            guard let datasetsNode = m["datasets"] else { throw error("missing field 'datasets' (the list of datasets)", root, "") }
            guard case .sequence(let list) = datasetsNode.value, !list.isEmpty else {
                throw error("expected a non-empty list of datasets", datasetsNode.value, "datasets")
            }
            var datasets: [DatasetDefinition] = []
            var seen: [String: Int] = [:]
            for (i, node) in list.enumerated() {
                let d = try dataset(node, "datasets[\(i)]")
                if let previous = seen[d.name] {
                    throw error("dataset '\(d.name)' is defined twice (also datasets[\(previous)])", node, "datasets[\(i)].name")
                }
                seen[d.name] = i
                datasets.append(d)
            }
            if let eventLog, seen[eventLog.lowercased()] != nil {
                throw error("the event log '\(eventLog)' has the name of a dataset", m["eventlog"]?.value, "event_log")
            }
            return PipelineDefinition(name: name, storage: storage, datasets: datasets, eventLog: eventLog, file: file)
        }

        func dataset(_ node: Node, _ path: String) throws -> DatasetDefinition {
            // Name the dataset in messages about its other fields, even unknown ones.
            var labelled = path
            if case .mapping(let map) = node, let n = map.first(where: { $0.key.string == "name" })?.value.string { labelled = "\(path) (\(n))" }
            let m = try members(node, labelled, allowed: ["name", "kind", "comment", "sql", "source", "expectations", "apply_changes", "partition_by", "table_properties"])
            guard let nameNode = m["name"] else { throw error("missing field 'name' (schema.table)", node, path) }
            let name = try nonEmptyString(nameNode.value, path + ".name")
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
                throw error("'\(name)' is not a dataset name schema.table (letters, digits and '_')", nameNode.value, path + ".name")
            }
            let label = "\(path) (\(name))"
            let sql = try m["sql"].map { try nonEmptyString($0.value, label + ".sql") }
            let source = try m["source"].map { try self.source($0.value, label + ".source") }
            if sql != nil && source != nil {
                throw error("a dataset has either 'sql' or 'source', not both", m["source"]?.key, label)
            }
            if sql == nil && source == nil {
                throw error("missing field 'sql' (a query) or 'source' (landing files)", node, label)
            }
            var kind: DatasetKind
            if let k = m["kind"] {
                let text = try string(k.value, label + ".kind")
                guard let parsed = DatasetKind(name: text) else {
                    throw error("'\(text)' is not a dataset kind (streaming_table or materialized_view)", k.value, label + ".kind")
                }
                kind = parsed
            } else {
                kind = source != nil || (sql.map { $0.uppercased().contains("STREAM(") || $0.uppercased().contains("STREAM (") } ?? false) ? .streamingTable : .materializedView
            }
            if source != nil && kind != .streamingTable {
                throw error("a dataset fed by landing files is a streaming_table", m["kind"]?.value, label + ".kind")
            }
            var d = DatasetDefinition(name: name, kind: kind, sql: sql, source: source)
            d.location = node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
            if let s = m["sql"]?.value, case .scalar(let scalar) = s, let mark = scalar.mark {
                let block = scalar.style == .literal || scalar.style == .folded
                d.sqlLocation = SourceLocation(line: mark.line + (block ? 1 : 0), column: block ? 1 : mark.column)
            }
            d.comment = try m["comment"].map { try string($0.value, label + ".comment") }
            if let e = m["expectations"] { d.expectations = try expectations(e.value, label + ".expectations") }
            if let a = m["applychanges"] {
                guard kind == .streamingTable, sql != nil else {
                    throw error("apply_changes needs a streaming_table defined by sql", a.key, label + ".apply_changes")
                }
                d.applyChanges = try applyChanges(a.value, label + ".apply_changes")
            }
            if let p = m["partitionby"] { d.partitionBy = try names(p.value, label + ".partition_by") }
            if let t = m["tableproperties"] {
                guard case .mapping(let map) = t.value else { throw error("expected a mapping of properties", t.value, label + ".table_properties") }
                for (k, v) in map {
                    d.tableProperties[try string(k, label + ".table_properties")] = try string(v, label + ".table_properties." + (k.string ?? ""))
                }
            }
            return d
        }

        func source(_ node: Node, _ path: String) throws -> FileSource {
            let m = try members(node, path, allowed: [
                "path", "format", "schema_hints", "schema_evolution_mode", "max_files_per_update", "delimiter",
                "rescued_data_column", "file_column", "ingested_at_column",
            ])
            guard let p = m["path"] else { throw error("missing field 'path' (the landing directory)", node, path) }
            guard let f = m["format"] else { throw error("missing field 'format' (csv, json or parquet)", node, path) }
            let formatText = try string(f.value, path + ".format")
            guard let format = FileFormat(name: formatText) else {
                throw error("'\(formatText)' is not a file format (csv, json or parquet)", f.value, path + ".format")
            }
            var source = FileSource(path: resolve(try nonEmptyString(p.value, path + ".path")), format: format)
            source.schemaHints = try m["schemahints"].map { try string($0.value, path + ".schema_hints") }
            if let e = m["schemaevolutionmode"] {
                let text = try string(e.value, path + ".schema_evolution_mode")
                guard let mode = SchemaEvolutionMode(name: text) else {
                    throw error("'\(text)' is not a schema evolution mode (\(SchemaEvolutionMode.allCases.map(\.rawValue).joined(separator: ", ")))", e.value, path + ".schema_evolution_mode")
                }
                source.schemaEvolutionMode = mode
            }
            if let n = m["maxfilesperupdate"] {
                let v = try int(n.value, path + ".max_files_per_update")
                guard v > 0 else { throw error("must be at least 1", n.value, path + ".max_files_per_update") }
                source.maxFilesPerUpdate = v
            }
            if let d = m["delimiter"] {
                let text = try string(d.value, path + ".delimiter")
                let scalars = Array((text == "\\t" ? "\t" : text).unicodeScalars)
                guard scalars.count == 1, scalars[0].isASCII, scalars[0] != "\"", scalars[0] != "\n", scalars[0] != "\r" else {
                    throw error("the delimiter must be one ASCII character other than a quote or a line end", d.value, path + ".delimiter")
                }
                source.delimiter = scalars[0]
            }
            if let r = m["rescueddatacolumn"] { source.rescuedDataColumn = try nonEmptyString(r.value, path + ".rescued_data_column") }
            if let c = m["filecolumn"] { source.fileColumn = try optionalName(c.value, path + ".file_column") }
            if let c = m["ingestedatcolumn"] { source.ingestedAtColumn = try optionalName(c.value, path + ".ingested_at_column") }
            return source
        }

        /// A column name, or `null`/`none`/empty for no column.
        func optionalName(_ node: Node, _ path: String) throws -> String? {
            let s = try string(node, path).trimmingCharacters(in: .whitespaces)
            return s.isEmpty || s.lowercased() == "null" || s.lowercased() == "none" || s == "~" ? nil : s
        }

        func expectations(_ node: Node, _ path: String) throws -> [Expectation] {
            var out: [Expectation] = []
            switch node {
            case .sequence(let list):
                for (i, item) in list.enumerated() {
                    let p = "\(path)[\(i)]"
                    let m = try members(item, p, allowed: ["name", "condition", "expect", "action"])
                    guard let n = m["name"] else { throw error("missing field 'name'", item, p) }
                    guard let c = m["condition"] ?? m["expect"] else { throw error("missing field 'condition' (a SQL boolean expression)", item, p) }
                    let action = try m["action"].map { try self.action($0.value, p + ".action") } ?? .warn
                    out.append(Expectation(try nonEmptyString(n.value, p + ".name"), try nonEmptyString(c.value, p + ".condition"), action: action))
                }
            case .mapping(let map):
                // name: condition  (action warn), or name: {condition: ..., action: ...}
                for (k, v) in map {
                    let name = try nonEmptyString(k, path)
                    let p = path + "." + name
                    if case .scalar = v {
                        out.append(Expectation(name, try nonEmptyString(v, p), action: .warn))
                    } else {
                        let m = try members(v, p, allowed: ["condition", "expect", "action"])
                        guard let c = m["condition"] ?? m["expect"] else { throw error("missing field 'condition'", v, p) }
                        let action = try m["action"].map { try self.action($0.value, p + ".action") } ?? .warn
                        out.append(Expectation(name, try nonEmptyString(c.value, p + ".condition"), action: action))
                    }
                }
            default:
                throw error("expected a list of expectations", node, path)
            }
            var names = Set<String>()
            for (i, e) in out.enumerated() where !names.insert(e.name.lowercased()).inserted {
                throw error("expectation '\(e.name)' is defined twice", node, "\(path)[\(i)].name")
            }
            return out
        }

        func action(_ node: Node, _ path: String) throws -> ExpectationAction {
            let text = try string(node, path)
            let key = text.lowercased().replacingOccurrences(of: " ", with: "_")
            switch key {
            case "warn", "expect": return .warn
            case "drop", "drop_row", "expect_or_drop": return .drop
            case "fail", "fail_update", "expect_or_fail": return .fail
            default:
                let hint = Suggestions.nearest(text, ["warn", "drop", "fail"]).map { " (did you mean '\($0)'?)" } ?? ""
                throw error("'\(text)' is not an expectation action (warn, drop or fail)\(hint)", node, path)
            }
        }

        func applyChanges(_ node: Node, _ path: String) throws -> ApplyChanges {
            let m = try members(node, path, allowed: ["keys", "sequence_by", "apply_as_deletes", "except_columns"])
            guard let k = m["keys"] else { throw error("missing field 'keys'", node, path) }
            guard let s = m["sequenceby"] else { throw error("missing field 'sequence_by' (the column ordering versions of a key)", node, path) }
            let keys = try names(k.value, path + ".keys")
            guard !keys.isEmpty else { throw error("at least one key column is needed", k.value, path + ".keys") }
            return ApplyChanges(
                keys: keys, sequenceBy: try nonEmptyString(s.value, path + ".sequence_by"),
                applyAsDeletes: try m["applyasdeletes"].map { try nonEmptyString($0.value, path + ".apply_as_deletes") },
                exceptColumns: try m["exceptcolumns"].map { try names($0.value, path + ".except_columns") } ?? [])
        }
    }
}
