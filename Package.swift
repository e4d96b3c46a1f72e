// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

let package = Package(
    name: "Leash",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "leash", targets: ["leash"]),
        .library(name: "Cedar", targets: ["Cedar"]),
        .library(name: "LeashCore", targets: ["LeashCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // OpenAPI 3.0/3.1 documents and YAML for the API catalog import (no external-reference loading).
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0", traits: []),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The Cedar policy language. Foundation only: no package dependencies.
        .target(name: "Cedar", swiftSettings: swiftSettings),
        .target(name: "LeashCore", dependencies: ["Cedar"], swiftSettings: swiftSettings),
        .target(
            name: "LeashStore",
            dependencies: [
                "LeashCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API on GRDB's connection, for the decision-record append only.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LeashEngine",
            dependencies: [
                "LeashCore", "LeashStore",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LeashHTTP",
            dependencies: [
                "LeashEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "leash",
            dependencies: [
                "Cedar", "LeashCore", "LeashStore", "LeashEngine", "LeashHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // The demo estate's OpenAPI documents (also reachable as examples/openapi).
            resources: [.copy("Resources/DemoAPIs")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CedarTests", dependencies: ["Cedar"], swiftSettings: swiftSettings),
        .testTarget(name: "LeashCoreTests", dependencies: ["LeashCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LeashStoreTests", dependencies: ["LeashStore"], swiftSettings: swiftSettings),
        .testTarget(name: "LeashEngineTests", dependencies: ["LeashEngine"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LeashHTTPTests",
            dependencies: [
                "LeashHTTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
