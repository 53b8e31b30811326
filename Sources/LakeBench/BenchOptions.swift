/// The command line of `lake-bench`: a workload name followed by `--key value` options.
///
/// ```
/// lake-bench WORKLOAD [--path P] [--input F] [--column C] [--predicate TEXT]
///                     [--query FILE] [--table NAME=PATH]... [--count N] [--rows N]
///                     [--checkpoint-interval N] [--threads N] [--rounds K] [--warmup W]
/// ```
struct BenchOptions {
    /// The workload's name (see ``Workload``).
    var workload: String
    /// The table or file read, or the table written.
    var path: String?
    /// The input file of a write or ingestion (the source of a MERGE).
    var input: String?
    /// The column a single-column workload reads.
    var column: String?
    /// A predicate in the Delta expression syntax (`o_amount > 990.0`).
    var predicate: String?
    /// A SQL file (SQL workloads).
    var query: String?
    /// Tables a SQL query names, `NAME=PATH` (a Delta table directory or a Parquet file).
    var tables: [String: String] = [:]
    /// How many commits (appends).
    var count = 200
    /// Rows per small commit (appends).
    var rows = 10
    /// `delta.checkpointInterval` of a table the workload creates (nil: the engine default).
    var checkpointInterval: Int?
    /// The thread count asked for; the engine's scans are single-threaded today, so it is
    /// only recorded.
    var threads = 1
    /// Measured rounds.
    var rounds = 1
    /// Unmeasured rounds first (default: one when several rounds are measured, else none;
    /// the harness measures one round per fresh process, warming the page cache instead).
    var warmup = 0

    /// Parses `arguments` (without the program name).
    init(_ arguments: [String]) throws(UsageError) {
        guard let first = arguments.first, !first.hasPrefix("--") else {
            throw UsageError("give a workload first: \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        workload = first
        var i = 1
        func value(_ name: String) throws(UsageError) -> String {
            guard i + 1 < arguments.count else { throw UsageError("\(name) needs a value") }
            i += 1
            return arguments[i]
        }
        func int(_ name: String) throws(UsageError) -> Int {
            let text = try value(name)
            guard let n = Int(text), n >= 0 else { throw UsageError("\(name) takes a non-negative integer, not '\(text)'") }
            return n
        }
        while i < arguments.count {
            let name = arguments[i]
            switch name {
            case "--path": path = try value(name)
            case "--input": input = try value(name)
            case "--column": column = try value(name)
            case "--predicate": predicate = try value(name)
            case "--query": query = try value(name)
            case "--table":
                let spec = try value(name)
                guard let eq = spec.firstIndex(of: "=") else { throw UsageError("--table takes NAME=PATH, not '\(spec)'") }
                tables[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
            case "--count": count = try int(name)
            case "--rows": rows = try int(name)
            case "--checkpoint-interval": checkpointInterval = try int(name)
            case "--threads": threads = try int(name)
            case "--rounds": rounds = try int(name)
            case "--warmup": warmup = try int(name)
            default: throw UsageError("unknown option '\(name)'")
            }
            i += 1
        }
        if rounds < 1 { throw UsageError("--rounds must be at least 1") }
        if !arguments.contains("--warmup") && rounds > 1 { warmup = 1 }
    }

    /// The `--path` value, or a usage error naming the workload.
    func required(_ value: String?, _ option: String) throws(UsageError) -> String {
        guard let value else { throw UsageError("\(workload) needs \(option)") }
        return value
    }
}

/// A command-line mistake: printed to stderr with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    /// What was wrong.
    var description: String

    /// An error saying `message`.
    init(_ message: String) { description = message }
}
