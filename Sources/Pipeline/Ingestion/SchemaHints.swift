import Foundation
import Columnar
import Query

/// Auto Loader's `schemaHints`: `"amount DECIMAL(10,2), day DATE, tags ARRAY<STRING>"`, parsed
/// with the SQL engine's type grammar.
public enum SchemaHints {
    /// The hinted type of each named column.
    public static func parse(_ text: String) throws -> [String: DataType] {
        var out: [String: DataType] = [:]
        let engine = QueryEngine(warehouse: "/nonexistent", threads: 1)
        for item in splitTopLevel(text) {
            let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            var name: String
            var typeText: String
            if trimmed.hasPrefix("`"), let close = trimmed.dropFirst().firstIndex(of: "`") {
                name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                typeText = String(trimmed[trimmed.index(after: close)...]).trimmingCharacters(in: .whitespaces)
            } else {
                let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                name = parts.first.map(String.init) ?? ""
                typeText = parts.count == 2 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
            }
            guard !name.isEmpty, !typeText.isEmpty else {
                throw PipelineError(.invalidDefinition, "schema hint '\(trimmed)' is not 'column TYPE'")
            }
            do {
                let plan = try engine.plan("SELECT CAST(NULL AS \(typeText)) AS hint")
                out[name] = plan.schema.fields[0].type
            } catch {
                throw PipelineError(.invalidDefinition, "schema hint '\(trimmed)': '\(typeText)' is not a SQL type")
            }
        }
        return out
    }

    /// `text` split at commas outside parentheses and angle brackets.
    static func splitTopLevel(_ text: String) -> [String] {
        var out: [String] = []
        var depth = 0
        var current = ""
        for ch in text {
            switch ch {
            case "(", "<": depth += 1
            case ")", ">": depth -= 1
            default: break
            }
            if ch == "," && depth == 0 {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }
}
