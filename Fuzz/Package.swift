// swift-tools-version:6.2
import Foundation
import PackageDescription

// libFuzzer targets for SangLoc (CONTRIBUTING.md, "Fuzzing"). A package of its own, so the
// normal `swift build` / `swift test` of the main package never compiles them. Build with
//   swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

/// The main package's identity: SwiftPM names a path dependency after its folder.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SangLocFuzz",
    platforms: [.macOS(.v26)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "SangLoc", package: mainPackage)], swiftSettings: strictSwift),
        .executableTarget(
            name: "FuzzNormalizer",
            dependencies: ["FuzzDriver", .product(name: "VietText", package: mainPackage)], swiftSettings: strictSwift),
        .executableTarget(
            name: "FuzzRulePack",
            dependencies: ["FuzzDriver", .product(name: "SangLoc", package: mainPackage)], swiftSettings: strictSwift),
        .executableTarget(name: "FuzzJSONLines", dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "SangLoc", package: mainPackage)], swiftSettings: strictSwift),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "SangLoc", package: mainPackage)], swiftSettings: strictSwift),
        .executableTarget(name: "FuzzFacebook", dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "SangLoc", package: mainPackage)], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
