// swift-tools-version:6.2
import PackageDescription

/// Compiler settings applied to every Swift target, in one place.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // `@_lifetime` on the few functions that return a `Span` of memory they do not own.
    .enableExperimentalFeature("Lifetimes"),
]

let package = Package(
    name: "SangLoc",
    platforms: [.macOS(.v26)],
    products: [
        .library(name: "VietText", targets: ["VietText"]),
        .library(name: "SangLoc", targets: ["SangLoc"]),
        .executable(name: "sangloc", targets: ["sangloc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `swift package generate-documentation`: the DocC catalogs under Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // ICU: link-only system library; only CICUShim sees its headers.
        .systemLibrary(
            name: "CICU", path: "Sources/CICU", pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"])]),
        .target(name: "CICUShim", dependencies: ["CICU"], path: "Sources/CICUShim"),
        .systemLibrary(
            name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Prefetch hints for the lookup tables' read-ahead.
        .target(name: "CPrefetch", path: "Sources/CPrefetch"),
        .target(name: "VietText", dependencies: ["CICUShim", "CPrefetch"]),
        .target(
            name: "SangLoc",
            dependencies: ["VietText", "CPrefetch", "CPCRE2", "CZlib", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "sangloc",
            dependencies: ["SangLoc", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "VietTextTests", dependencies: ["VietText"]),
        .testTarget(name: "SangLocTests", dependencies: ["SangLoc"]),
        .testTarget(name: "CLITests", dependencies: ["SangLoc"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system && !["CICUShim", "CPrefetch"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSwift
}
