import LakeJSON
import Parquet

/// What a write does when the table already exists (Spark's save modes).
public enum SaveMode: String, Sendable, CaseIterable {
    /// Add the rows to the table (create it when missing).
    case append
    /// Replace the table's rows (or, with a predicate, the rows matching it).
    case overwrite
    /// Fail when the table exists.
    case errorIfExists = "error"
    /// Do nothing when the table exists.
    case ignore

    /// The mode as Spark records it in operationParameters.
    var sparkName: String {
        switch self {
        case .append: "Append"
        case .overwrite: "Overwrite"
        case .errorIfExists: "ErrorIfExists"
        case .ignore: "Ignore"
        }
    }
}

/// Options of a ``TableWriter`` write.
public struct WriteOptions: Sendable {
    /// The save mode.
    public var mode: SaveMode = .append
    /// Partition columns for a new table (or a schema overwrite); must match an existing table's.
    public var partitionBy: [String]?
    /// Add columns (also nested fields) present in the data but not in the table.
    public var mergeSchema = false
    /// With `overwrite`: replace the table schema (and partitioning) with the data's.
    public var overwriteSchema = false
    /// With `overwrite`: replace only the rows matching this predicate (Spark's replaceWhere);
    /// every written row must match it.
    public var replaceWhere: Expression?
    /// Roll to a new data file once one reaches about this many bytes.
    public var targetFileSize: Int = 128 << 20
    /// Idempotent writes: skip the write when the table already holds this application's
    /// transaction at this version or later, and record it otherwise.
    public var appTransaction: SetTransaction?
    /// Properties for a new table (`delta.checkpointInterval`, `delta.appendOnly`, ...).
    public var tableProperties: [String: String] = [:]
    /// Name of a new table.
    public var name: String?
    /// Description of a new table.
    public var description: String?
    /// User metadata recorded in commitInfo.
    public var userMetadata: String?
    /// Evaluates the table's CHECK constraints (the SQL engine passes its own); nil uses
    /// ``PredicateCheckEvaluator``, which refuses constraints outside Delta's predicate language.
    public var checkEvaluator: (any CheckEvaluator)?
    /// Extra commitInfo members (for example the `job` and `notebook` of the job run that
    /// made the commit).
    public var extraCommitInfo: [JSONObject.Member] = []
    /// How data files are encoded (ZSTD by default).
    public var parquet: ParquetWriterOptions = {
        var o = ParquetWriterOptions()
        o.compression = .zstd
        return o
    }()

    /// Default options (append).
    public init() {}
}

/// What a write did.
public struct WriteResult: Sendable {
    /// The commit, or nil when nothing was committed (`ignore` on an existing table, or an
    /// application transaction already applied).
    public var commit: CommitResult?
    /// Data files added.
    public var filesAdded: Int
    /// Data files removed.
    public var filesRemoved: Int
    /// Rows written.
    public var rowsWritten: Int
    /// Bytes of data files written.
    public var bytesWritten: Int64
    /// Why nothing was committed, when nothing was.
    public var skippedReason: String?
}
