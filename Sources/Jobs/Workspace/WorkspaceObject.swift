/// One entry of the workspace tree (Databricks' `ObjectInfo`).
public struct WorkspaceObject: Sendable, Equatable {
    /// What kind of object it is.
    public enum ObjectType: String, Sendable {
        case notebook = "NOTEBOOK"
        case directory = "DIRECTORY"
        case file = "FILE"
    }

    /// The workspace path (`/Users/me/DataProcessing`).
    public var path: String
    /// Notebook, directory or file.
    public var objectType: ObjectType
    /// A notebook's language.
    public var language: NotebookLanguage?
    /// A stable id (the stored file's inode number).
    public var objectId: Int64
    /// Size in bytes (notebooks and files).
    public var size: Int64?
    /// Last modification, epoch milliseconds.
    public var modifiedAt: Int64
}

/// How `workspace import` reads the content (Databricks' `format`).
public enum ImportFormat: String, Sendable, CaseIterable {
    /// A notebook in SOURCE format (language required); a header is added when missing.
    case source = "SOURCE"
    /// A notebook when the content starts with a notebook header, else a file.
    case auto = "AUTO"
    /// A plain file.
    case raw = "RAW"
}
