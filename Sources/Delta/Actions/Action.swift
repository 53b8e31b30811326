import LakeJSON

/// One action of a Delta commit (one line of a `_delta_log/NNN.json` file, or one row of a
/// checkpoint).
public enum Action: Hashable, Sendable {
    case add(AddFile)
    case remove(RemoveFile)
    case metadata(Metadata)
    case `protocol`(Protocol)
    case txn(SetTransaction)
    case commitInfo(CommitInfo)
    case cdc(AddCDCFile)
    case domainMetadata(DomainMetadata)
    case checkpointMetadata(CheckpointMetadata)
    case sidecar(Sidecar)
}
