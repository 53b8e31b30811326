/// The version of this engine, as written into Parquet `created_by` and Delta `engineInfo`.
public enum LakeVersion {
    /// The semantic version string.
    public static let current = "0.1.0"
}
