/// The version of this engine, as written into Parquet `created_by` and Delta `engineInfo`.
public enum LakeVersion {
    /// The semantic version string.
    public static let current = "0.1.0"
}

extension LakeVersion {
    /// The Parquet `created_by` string, in the `name version X.Y.Z (build H)` form that
    /// parquet-java parses before it trusts binary statistics.
    public static var parquetCreatedBy: String { "lake version \(current) (build lake)" }
}
