// swift-tools-version:6.1
// libFuzzer target for the Cedar library: parse-and-authorize and parse-an-expression.
// A separate package so the fuzzing flags never touch the main build. See docs/cedar.md.
import PackageDescription

let package = Package(
    name: "CedarFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Leash", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "CedarFuzz",
            dependencies: [.product(name: "Cedar", package: "Leash")],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                // libFuzzer supplies `main`; the target only defines LLVMFuzzerTestOneInput.
                .unsafeFlags(["-parse-as-library"]),
            ]
        )
    ]
)
