// swift-tools-version: 6.1
// Micro-benchmarks of the hot scan path (codec, query execution, Delta log), with ordo-one/package-benchmark. A package of its own so
// the main package (and `make test`) never builds the benchmark framework.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark
import PackageDescription

/// SwiftPM names a path dependency after its folder, not its manifest's `name`, so the root
/// package's identity is the (lowercased) name of the folder holding this one's parent — a
/// clone may live in any folder.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "").lowercased()

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // MallocInterposer only: the default RuntimeInterposer trait pulls in
        // swift-runtime-interposer, which the local package mirror does not carry.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Column builders and the byte-rate metric shared by the benchmark targets.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Parquet", package: root),
                .product(name: "Columnar", package: root),
            ]
        ),
    ]
)

/// One executable target per area, under Benchmarks/<name>/<name>.swift, with the root
/// package's products it needs.
let areas: [(name: String, products: [String])] = [
    ("ParquetDecode", ["Parquet", "Columnar"]),
    ("ParquetEncode", ["Parquet", "Columnar"]),
    ("QueryExec", ["Query", "Delta", "Parquet", "Columnar"]),
    ("DeltaLog", ["Delta", "Parquet", "Columnar", "LakeJSON"]),
]
for (name, products) in areas {
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: ["BenchmarkSupport", .product(name: "Benchmark", package: "benchmark")]
                + products.map { .product(name: $0, package: root) },
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
