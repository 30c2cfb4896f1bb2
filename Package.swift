// swift-tools-version: 6.1
import PackageDescription

// Targets follow ../shared/ARCHITECTURE.md: pure logic at the bottom (Core, Mail),
// I/O at the edges (Transport, Store, HTTP), wiring in App, a thin executable on top.
let strictConcurrency: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "deskgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskgate", targets: ["deskgate"]),
        .executable(name: "deskgate-parse-bench", targets: ["ParseThroughput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams", "5.4.0"..<"7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .target(name: "DeskgateCore", swiftSettings: strictConcurrency),
        .target(
            name: "DeskgateMail",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictConcurrency
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "DeskgateTransport",
            dependencies: ["CCurl", "DeskgateMail"],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeskgateStore",
            dependencies: [
                "DeskgateCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Migrations")],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeskgateHTTP",
            dependencies: [
                "DeskgateCore",
                "DeskgateStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeskgateApp",
            dependencies: [
                "DeskgateCore",
                "DeskgateMail",
                "DeskgateTransport",
                "DeskgateStore",
                "DeskgateHTTP",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictConcurrency
        ),
        .executableTarget(
            name: "deskgate",
            dependencies: [
                "DeskgateApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictConcurrency
        ),
        .executableTarget(
            name: "ParseThroughput",
            dependencies: ["DeskgateMail"],
            path: "Benchmarks/ParseThroughput",
            swiftSettings: strictConcurrency
        ),
        .target(
            name: "DeskgateTestSupport",
            dependencies: ["DeskgateStore", "DeskgateTransport", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/DeskgateTestSupport"),
        .testTarget(name: "DeskgateCoreTests", dependencies: ["DeskgateCore"]),
        .testTarget(name: "DeskgateMailTests", dependencies: ["DeskgateMail"]),
        .testTarget(name: "DeskgateTransportTests", dependencies: ["DeskgateTransport", "DeskgateTestSupport"]),
        .testTarget(
            name: "DeskgateStoreTests",
            dependencies: ["DeskgateStore", "DeskgateTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "DeskgateAppTests", dependencies: [
            "DeskgateApp", "DeskgateTestSupport", "DeskgateTransport", "DeskgateStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "DeskgateServeTests", dependencies: [
            "deskgate", "DeskgateTestSupport", "DeskgateTransport", "DeskgateStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ]
)
