/// A notebook in Databricks SOURCE format: a header line (`-- Databricks notebook source` for
/// SQL), then cells separated by `-- COMMAND ----------`. Magic cells keep their lines as
/// `-- MAGIC %md ...`; a `%sql` magic cell runs as SQL.
///
/// The source is kept verbatim, so exporting returns exactly what was imported.
public struct Notebook: Sendable, Equatable {
    /// One cell.
    public struct Cell: Sendable, Equatable {
        /// What a cell holds.
        public enum Kind: Sendable, Equatable {
            /// Code in the notebook's language.
            case code
            /// Markdown (`%md`) — documentation, nothing to run.
            case markdown
            /// `%run /path/to/notebook`: runs another notebook inline.
            case run(String)
            /// Another magic (`%python`, `%sh`, `%pip`, ...), named without the `%`.
            case magic(String)
        }

        /// The kind of cell.
        public var kind: Kind
        /// The code to run (for `%sql` magic cells: without the `-- MAGIC` prefixes and the `%sql` line).
        public var text: String
        /// The cell's first line in the source (1-based).
        public var line: Int
    }

    /// The notebook's language.
    public var language: NotebookLanguage
    /// The SOURCE text, verbatim.
    public var source: String

    /// A notebook from its SOURCE text. Text without the header is a one-notebook cell list
    /// all the same (the header is added, as Databricks does on import).
    public init(source: String, language: NotebookLanguage) {
        self.language = language
        if Self.hasHeader(source, language) {
            self.source = source
        } else {
            self.source = language.header + "\n" + source
        }
    }

    /// Whether `text` starts with the SOURCE-format header of `language`.
    public static func hasHeader(_ text: String, _ language: NotebookLanguage) -> Bool {
        firstLine(text).trimmingCharacters == language.header
    }

    /// The language whose header `text` starts with (`#` headers read as Python).
    public static func detectLanguage(_ text: String) -> NotebookLanguage? {
        let line = firstLine(text).trimmingCharacters
        return [NotebookLanguage.sql, .python, .scala].first { line == $0.header }
    }

    static func firstLine(_ text: String) -> Substring {
        var t = Substring(text)
        if t.hasPrefix("\u{FEFF}") { t = t.dropFirst() }
        return t.prefix { $0 != "\n" && $0 != "\r\n" }
    }

    /// The cells, in order (empty cells dropped).
    public var cells: [Cell] {
        let lines = source.utf8.split(separator: 10, omittingEmptySubsequences: false).map { bytes -> Substring in
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            return line.hasSuffix("\r") ? line.dropLast() : line
        }
        var cells: [Cell] = []
        var current: [Substring] = []
        var start = 2
        func flush() {
            if let cell = makeCell(current, line: start) { cells.append(cell) }
            current = []
        }
        for (i, line) in lines.enumerated() {
            if i == 0, line.trimmingCharacters == language.header || line.trimmingCharacters == "\u{FEFF}" + language.header { continue }
            if line.trimmingCharacters == language.cellSeparator {
                flush()
                start = i + 2
                continue
            }
            current.append(line)
        }
        flush()
        return cells
    }

    func makeCell(_ lines: [Substring], line: Int) -> Cell? {
        var body = lines.drop { $0.trimmingCharacters.isEmpty }
        while let last = body.last, last.trimmingCharacters.isEmpty { body = body.dropLast() }
        guard let first = body.first else { return nil }
        let magic = language.magicPrefix
        if first.trimmingCharacters.hasPrefix(magic) {
            // A magic cell: every line starts with `-- MAGIC` (blank lines may lack the prefix).
            let stripped = body.map { l -> Substring in
                let t = l.drop { $0 == " " || $0 == "\t" }
                guard t.hasPrefix(magic) else { return l }
                var rest = t.dropFirst(magic.count)
                if rest.first == " " { rest = rest.dropFirst() }
                return rest
            }
            let command = stripped.first?.trimmingCharacters ?? ""
            let name = command.hasPrefix("%") ? String(command.dropFirst().prefix { !$0.isWhitespace }) : ""
            let rest = stripped.dropFirst().joined(separator: "\n")
            switch name.lowercased() {
            case "md", "md-sandbox": return Cell(kind: .markdown, text: stripped.joined(separator: "\n"), line: line)
            case "sql": return Cell(kind: language == .sql ? .code : .magic("sql"), text: String(command.dropFirst(4)) + "\n" + rest, line: line)
            case "run":
                let target = command.dropFirst(4).trimmingCharacters
                return Cell(kind: .run(target), text: String(target), line: line)
            default: return Cell(kind: .magic(name.isEmpty ? command : name), text: stripped.joined(separator: "\n"), line: line)
            }
        }
        return Cell(kind: .code, text: body.joined(separator: "\n"), line: line)
    }
}

extension Substring {
    /// Without leading and trailing whitespace.
    var trimmingCharacters: String { String(self).trimmingSpaces }
}
