/// Fills parameter references in notebook cells, SQL and commands: `${name}` and `{{name}}`
/// take a parameter's value as text (the Databricks widget convention), `{{job.id}}`,
/// `{{job.run_id}}`, `{{job.parameters.name}}`, `{{task.name}}` ... are dynamic value
/// references. Unknown names are left as written (the SQL engine then reports `${name}`
/// without a value). `:name` markers are not touched: the engine binds them as typed values.
public struct ParameterSubstitution: Sendable {
    /// Parameter values by name.
    public var parameters: [String: String]
    /// Dynamic values by reference (`job.id`, `task.name`, ...).
    public var dynamicValues: [String: String]

    /// A substitution.
    public init(parameters: [String: String], dynamicValues: [String: String] = [:]) {
        self.parameters = parameters
        self.dynamicValues = dynamicValues
    }

    /// The value a reference names, if any.
    func value(_ reference: String) -> String? {
        let name = reference.trimmingSpaces
        if let v = dynamicValues[name] { return v }
        if name.hasPrefix("job.parameters.") { return parameters[String(name.dropFirst("job.parameters.".count))] }
        return parameters[name]
    }

    /// `text` with its references replaced.
    public func apply(_ text: String) -> String {
        guard text.contains("${") || text.contains("{{") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let rest = text[i...]
            if rest.hasPrefix("${"), let close = rest.firstIndex(of: "}") {
                let name = String(rest[rest.index(i, offsetBy: 2)..<close])
                if let v = value(name), !name.contains("{") {
                    out += v
                    i = text.index(after: close)
                    continue
                }
            } else if rest.hasPrefix("{{"), let close = Self.find("}}", in: rest) {
                let name = String(rest[rest.index(i, offsetBy: 2)..<close])
                if let v = value(name), !name.contains("{") {
                    out += v
                    i = text.index(close, offsetBy: 2)
                    continue
                }
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }

    static func find(_ needle: String, in s: Substring) -> String.Index? {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i...].hasPrefix(needle) { return i }
            i = s.index(after: i)
        }
        return nil
    }
}
