// swift-tools-version:6.2
import PackageDescription

/// SangLoc's benchmarks: ordo-one `benchmark` suites (`swift package benchmark`) and a
/// release-mode measuring tool (`sangloc-measure`) that `Scripts/bench-peers` runs beside the
/// peers (a folder named by `--peers DIR` or `SANGLOC_PEERS_DIR`). Kept out of the main package so that building or testing
/// SangLoc never fetches the benchmark package.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SangLocBenchmarks",
    platforms: [.macOS(.v26)],
    dependencies: [
        .package(name: "SangLoc", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "SangLoc", package: "SangLoc"), .product(name: "VietText", package: "SangLoc")],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "sangloc-measure",
            dependencies: ["BenchSupport", .product(name: "SangLoc", package: "SangLoc"), .product(name: "VietText", package: "SangLoc")],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "Normalization",
            dependencies: [
                "BenchSupport", .product(name: "VietText", package: "SangLoc"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Normalization",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "Matcher",
            dependencies: [
                "BenchSupport", .product(name: "SangLoc", package: "SangLoc"), .product(name: "VietText", package: "SangLoc"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Matcher",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)
