// swift-tools-version:6.1
// Cedar authorizer latency benchmark (a small release-built executable; see BENCHMARKS.md and run.sh).
// A separate package so benchmarking never touches the main build.
import PackageDescription

let package = Package(
    name: "CedarBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Leash", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "CedarBenchmark",
            dependencies: [.product(name: "Cedar", package: "Leash")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
