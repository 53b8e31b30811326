// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Lakehouse",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Lakehouse", targets: ["Lakehouse"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "Columnar", targets: ["Columnar"]),
        .library(name: "LakeJSON", targets: ["LakeJSON"]),
        .library(name: "Delta", targets: ["Delta"]),
        .library(name: "Query", targets: ["Query"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Jobs", targets: ["Jobs"]),
        .executable(name: "lake", targets: ["LakeCLI"]),
        .executable(name: "lake-bench", targets: ["LakeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System compression libraries (Debian -dev packages; nothing vendored).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        // Decoder and encoder share one include path; the module map links both libraries.
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),

        // In-memory columnar format shared by every layer.
        .target(name: "Columnar", swiftSettings: swiftSettings),
        // Apache Parquet codec: knows nothing about tables.
        .target(
            name: "Parquet",
            dependencies: ["Columnar", "CZlib", "CZstd", "CSnappy", "CLZ4", "CBrotli"],
            swiftSettings: swiftSettings
        ),
        // JSON values: the Delta log, JSON-lines input, pipeline and job files.
        .target(name: "LakeJSON", swiftSettings: swiftSettings, linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // CSV and JSON-lines readers with type inference (inputs to writes and ingestion).
        .target(name: "TextFormats", dependencies: ["Columnar", "LakeJSON"], swiftSettings: swiftSettings),
        // Delta Lake: transaction log, snapshots, scans, transactions.
        .target(name: "Delta", dependencies: ["Columnar", "Parquet", "LakeJSON", "CZlib"], swiftSettings: swiftSettings),
        // SQL: parser, planner, vectorized execution over Delta tables and files.
        .target(name: "Query", dependencies: ["Columnar", "Parquet", "LakeJSON", "TextFormats", "Delta"], swiftSettings: swiftSettings),
        // Medallion pipelines: datasets, incremental ingestion, expectations, event log, the demo.
        .target(
            name: "Pipeline",
            dependencies: ["Columnar", "Parquet", "LakeJSON", "TextFormats", "Delta", "Query", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Jobs and workflows: a local workspace (notebooks, jobs, runs), the run executor, Quartz schedules.
        .target(name: "Jobs", dependencies: ["Columnar", "LakeJSON", "Delta", "Query"], swiftSettings: swiftSettings),
        // Umbrella library for embedding.
        .target(name: "Lakehouse", dependencies: ["Columnar", "Parquet", "LakeJSON", "TextFormats", "Delta", "Query", "Pipeline", "Jobs"], swiftSettings: swiftSettings),
        // The `lake` command: parses arguments, calls library APIs.
        .executableTarget(
            name: "LakeCLI",
            dependencies: [
                "Lakehouse",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // `make bench`'s in-process driver: runs one workload through the library APIs, prints JSON.
        .executableTarget(name: "LakeBench", dependencies: ["Lakehouse"], swiftSettings: swiftSettings),

        .testTarget(name: "ColumnarTests", dependencies: ["Columnar"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ParquetTests",
            dependencies: ["Parquet", "Columnar"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LakeJSONTests", dependencies: ["LakeJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats", "Columnar"], swiftSettings: swiftSettings),
        .testTarget(name: "DeltaTests", dependencies: ["Delta", "Parquet", "Columnar", "LakeJSON"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "QueryTests", dependencies: ["Query", "Delta", "Columnar"], swiftSettings: swiftSettings),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Query", "Delta", "Columnar", "Parquet"], swiftSettings: swiftSettings),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Query", "Delta", "LakeJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "LakehouseTests", dependencies: ["Lakehouse"], swiftSettings: swiftSettings),
        .testTarget(name: "LakeCLITests", dependencies: ["LakeCLI"], swiftSettings: swiftSettings),
    ]
)
