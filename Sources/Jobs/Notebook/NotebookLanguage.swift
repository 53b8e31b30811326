/// The language of a workspace notebook (Databricks' `language` field).
public enum NotebookLanguage: String, Sendable, CaseIterable {
    case sql = "SQL"
    case python = "PYTHON"
    case scala = "SCALA"
    case r = "R"

    /// The line comment prefix the SOURCE format uses.
    public var commentPrefix: String {
        switch self {
        case .sql: "--"
        case .python, .r: "#"
        case .scala: "//"
        }
    }

    /// The first line of a notebook exported in SOURCE format.
    public var header: String { "\(commentPrefix) Databricks notebook source" }

    /// The line between cells.
    public var cellSeparator: String { "\(commentPrefix) COMMAND ----------" }

    /// The prefix of magic-command lines (`-- MAGIC %md`).
    public var magicPrefix: String { "\(commentPrefix) MAGIC" }

    /// The file extension the workspace stores the notebook under.
    var fileExtension: String {
        switch self {
        case .sql: "sql"
        case .python: "py"
        case .scala: "scala"
        case .r: "r"
        }
    }

    /// Parses `SQL`, `sql`, `PYTHON`, ...
    public init?(name: String) {
        guard let l = Self(rawValue: name.uppercased()) else { return nil }
        self = l
    }
}
