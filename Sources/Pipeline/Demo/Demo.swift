import Foundation

/// `lake demo`: a Brazilian online shop's lakehouse, built locally in one command.
///
/// The first run writes the pipeline file and three months of landing files (January to
/// March 2024) into the demo directory and runs an update; then April's files land — the
/// orders export now has a `channel` column — and a second update ingests exactly those. A
/// later run with nothing new changes no table; ``addMonth()`` lands another month,
/// ``addBadFile()`` a broken payments export that a `fail` expectation rejects.
public struct Demo: Sendable {
    /// The demo directory (absolute).
    public let directory: String
    /// The directory as the user wrote it (for the commands the summary suggests).
    public let displayDirectory: String
    /// The data generator.
    public let data: DemoData

    /// A demo in `directory`; `scale` sizes the data (see ``DemoData/scale``).
    public init(directory: String, scale: Int = 3) {
        displayDirectory = directory
        self.directory = PipelineFile.absolute(directory)
        data = DemoData(scale: scale)
    }

    /// The pipeline file.
    public var pipelineFile: String { directory + "/pipeline.yaml" }
    /// The landing directory.
    public var landing: String { directory + "/landing" }
    /// The storage root.
    public var storage: String { directory + "/lakehouse" }
    /// Whether the demo directory has been set up.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: pipelineFile) }

    /// The months whose orders file has landed.
    public func landedMonths() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: landing + "/orders")) ?? []
        return (1...120).filter { names.contains("orders_\(DemoData.monthTag($0)).csv") }
    }

    /// Writes the pipeline file and the landing directories (empty).
    public func initialize() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for feed in DemoData.feeds { try fm.createDirectory(atPath: landing + "/" + feed, withIntermediateDirectories: true) }
        } catch {
            throw PipelineError(.execution, "cannot create the demo directory '\(directory)': \(error.localizedDescription)")
        }
        guard fm.createFile(atPath: pipelineFile, contents: Data(DemoPipeline.yaml.utf8)) else {
            throw PipelineError(.execution, "cannot write '\(pipelineFile)'")
        }
    }

    /// Lands month `month`'s files; returns them.
    @discardableResult
    public func land(month: Int) throws -> [DemoData.File] {
        let files = data.files(month: month)
        for f in files { try write(f) }
        return files
    }

    /// Lands the month after the last one landed.
    @discardableResult
    public func addMonth() throws -> [DemoData.File] {
        try land(month: (landedMonths().last ?? 0) + 1)
    }

    /// Lands a broken payments export.
    @discardableResult
    public func addBadFile() throws -> DemoData.File {
        let f = data.badPaymentsFile()
        try write(f)
        return f
    }

    func write(_ f: DemoData.File) throws {
        let path = landing + "/" + f.path
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Write then rename, so an update never sees half a file.
        let temporary = (path as NSString).deletingLastPathComponent + "/.tmp-" + (path as NSString).lastPathComponent
        guard FileManager.default.createFile(atPath: temporary, contents: Data(f.text.utf8)), rename(temporary, path) == 0 else {
            throw PipelineError(.execution, "cannot write landing file '\(path)'")
        }
    }

    /// The demo's pipeline.
    public func pipeline() throws -> PipelineDefinition { try PipelineFile.load(pipelineFile) }

    /// One update of a demo run, with what landed before it.
    public struct Step: Sendable {
        /// What happened before the update, for people.
        public var title: String
        /// The files that landed for it.
        public var landed: [DemoData.File]
        /// The update.
        public var result: UpdateResult
    }

    /// What `lake demo` should do.
    public enum Action: Sendable {
        /// Set up on the first run; otherwise an update with whatever is new.
        case run
        /// Land the next month, then update.
        case newMonth
        /// Land a broken payments file, then update (it fails; nothing is committed).
        case badFile
    }

    /// Runs the demo: sets it up when needed, lands files, runs the updates.
    public func run(_ action: Action = .run, options: UpdateOptions = UpdateOptions(cause: "DEMO"), progress: (@Sendable (Step?, ProgressEvent) -> Void)? = nil) throws -> DemoReport {
        let started = Date()
        var steps: [Step] = []
        let first = !isInitialized
        if first { try initialize() }
        let runner = try UpdateRunner(try pipeline())
        func update(_ title: String, _ landed: [DemoData.File]) throws {
            let placeholder = Step(title: title, landed: landed, result: UpdateResult(updateID: "", pipeline: runner.pipeline.name, startedAt: 0, seconds: 0, datasets: []))
            let result = try runner.run(options) { event in progress?(placeholder, event) }
            steps.append(Step(title: title, landed: landed, result: result))
        }
        if first {
            var landed: [DemoData.File] = []
            for m in 1...3 { landed += try land(month: m) }
            try update("January to March 2024 land: \(landed.count) files, \(landed.reduce(0) { $0 + $1.rows }.formatted()) rows", landed)
            let april = try land(month: 4)
            try update("April lands: \(april.count) new files; the orders export gained a column, channel", april)
        } else {
            switch action {
            case .run:
                try update("No new files: an incremental update", [])
            case .newMonth:
                let files = try addMonth()
                let month = landedMonths().last ?? 0
                try update("\(Self.monthName(month)) lands: \(files.count) new files, \(files.reduce(0) { $0 + $1.rows }.formatted()) rows", files)
            case .badFile:
                let f = try addBadFile()
                try update("A broken payments export lands: \(f.path)", [f])
            }
        }
        return DemoReport(demo: self, runner: runner, steps: steps, seconds: Date().timeIntervalSince(started))
    }

    static func monthName(_ month: Int) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return names[(month - 1) % 12] + " \(2024 + (month - 1) / 12)"
    }
}

extension Int {
    /// `12,345`.
    func formatted() -> String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}
