// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SignalPress",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "signalpress", targets: ["signalpress"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark",
                       providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "MarketData", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "Indicators", swiftSettings: strict),
        .target(name: "Signals", dependencies: ["MarketData", "Indicators"], swiftSettings: strict),
        .target(name: "Charts", dependencies: ["MarketData", "Indicators", "Signals"], swiftSettings: strict),
        .target(name: "Publishing", dependencies: [
            "MarketData", "Indicators", "Signals", "Charts", "CCmark",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Tiers", dependencies: [
            "MarketData", "Publishing",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: strict),
        .target(name: "Ledger", dependencies: [
            "MarketData",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Build", dependencies: [
            "MarketData", "Indicators", "Signals", "Charts", "Publishing", "Tiers", "Ledger",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The loopback preview of `signalpress serve` runs on Hummingbird (a kept server with
        // head limits, idle timeouts and a connection limit, where a hand-written listener could
        // be starved); Sources/Preview/PreviewHTTP.swift adds a whole-head deadline, a limit kept
        // below the descriptor limit, and the Host check.
        .target(name: "Preview", dependencies: [
            "Publishing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
        ], swiftSettings: strict),
        .executableTarget(name: "signalpress", dependencies: [
            "MarketData", "Indicators", "Signals", "Charts", "Publishing", "Tiers", "Ledger", "Build", "Preview",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "SignalPressTests", dependencies: [
            "MarketData", "Indicators", "Signals", "Charts", "Publishing", "Tiers", "Ledger", "Build", "signalpress",
        ], exclude: ["Goldens", "Support/market_server.py"], swiftSettings: strict),
    ]
)
