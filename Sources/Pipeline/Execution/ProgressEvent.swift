/// What an update reports while it runs, for progress displays.
public enum ProgressEvent: Sendable {
    /// The update started, with the datasets in order.
    case updateStarted(updateID: String, datasets: [String])
    /// A dataset started.
    case datasetStarted(String)
    /// A dataset read more rows (cumulative counts; `filesTotal` is 0 when not reading files).
    case datasetProgress(String, rows: Int, filesDone: Int, filesTotal: Int)
    /// A dataset finished (whatever its status).
    case datasetFinished(DatasetResult)
    /// The update finished.
    case updateFinished(UpdateResult)
}
