// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SignalPress",
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
        // RFC 3161 timestamps on the edition chain: DER, and the authority's certificates.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // Read top-down: each target depends only on those above it.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark",
                       providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        // Deflate and CRC-32 for bundles: three times zlib's speed at its fastest level, and smaller.
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate",
                       providers: [.apt(["libdeflate-dev"])]),
        // Small shared values: Day, Clock, Symbol, TierID, Money, hex, JSON, XML escaping.
        .target(name: "Core", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // libcurl's transfers: HTTP (market data, time-stamp authorities, webhooks) and SMTP (email).
        .target(name: "CurlTransfer", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "MarketData", dependencies: ["Core", "CurlTransfer"], swiftSettings: strict),
        .target(name: "Indicators", swiftSettings: strict),
        .target(name: "Signals", dependencies: ["Core", "MarketData", "Indicators"], swiftSettings: strict),
        .target(name: "Charts", dependencies: ["Core", "MarketData", "Indicators", "Signals"], swiftSettings: strict),
        // content/: configuration, YAML with positions, pages and notes, Markdown, the state folder.
        .target(name: "Project", dependencies: [
            "Core", "MarketData", "Signals", "CCmark",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        // Who sees what (entitlements), signed links, bundles and their archive (RFC 3161 timestamps), edge configurations.
        .target(name: "Tiers", dependencies: [
            "CLibdeflate", "Core", "MarketData", "Project",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "X509", package: "swift-certificates"),
        ], swiftSettings: strict),
        // Views, templates and the staged site.
        .target(name: "Publishing", dependencies: [
            "Core", "MarketData", "Indicators", "Signals", "Charts", "Project",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Ledger", dependencies: [
            "Core",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // What leaves the machine: the email edition as MIME, sent over SMTP or exported for a
        // provider, and alerts (Standard Webhooks, Slack, Discord, Telegram), drained from the outbox.
        .target(name: "Delivery", dependencies: [
            "Core", "CurlTransfer", "Ledger",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The loopback preview of `signalpress serve` runs on Hummingbird (a kept server with
        // head limits, idle timeouts and a connection limit, where a hand-written listener could
        // be starved); Sources/Preview/PreviewHTTP.swift adds a whole-head deadline, a limit kept
        // below the descriptor limit, and the Host check.
        .target(name: "Preview", dependencies: [
            "Core",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
        ], swiftSettings: strict),
        // The pipeline of named steps, and every command's work.
        .target(name: "Build", dependencies: [
            "Core", "CurlTransfer", "MarketData", "Indicators", "Signals", "Charts", "Project", "Tiers", "Publishing", "Ledger", "Delivery", "Preview",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // Parses arguments and prints; nothing else.
        .executableTarget(name: "signalpress", dependencies: [
            "Core", "Tiers", "Ledger", "Delivery", "Build",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "SignalPressTests", dependencies: [
            "Core", "CurlTransfer", "MarketData", "Indicators", "Signals", "Charts", "Project", "Tiers", "Publishing", "Ledger", "Delivery", "Preview", "Build", "signalpress",
            .product(name: "Mustache", package: "swift-mustache"),
        ], exclude: ["Goldens", "Support/market_server.py", "Support/tsa_server.py", "Support/smtp_server.py", "Support/webhook_receiver.py", "Support/email_check.py", "Support/provider_server.py", "Support/calendar_sessions.py"], swiftSettings: strict),
    ]
)
