// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target: Swift 6 language mode (strict concurrency) plus the
/// upcoming features that keep the code explicit.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "onboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onboard", targets: ["onboard"]),
        .library(name: "AccountList", targets: ["AccountList"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "AWSKit", targets: ["AWSKit"]),
        .library(name: "Onboarding", targets: ["Onboarding"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "SpotKit", targets: ["SpotKit"]),
        .library(name: "BatchRunner", targets: ["BatchRunner"]),
        .executable(name: "onboard-sandbox", targets: ["onboard-sandbox"]),
        .executable(name: "onboard-benchcloud", targets: ["onboard-benchcloud"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libcsv from Debian's libcsv-dev (no pkg-config file: the module map links "csv").
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // glibc's malloc tuning for the executable (mallopt; see onboard's MallocArenas).
        .systemLibrary(name: "CGlibcMalloc"),
        // CSV → validated payer-account rows. Knows nothing of AWS calls or Spot.
        .target(
            name: "AccountList",
            dependencies: ["CLibCSV"],
            swiftSettings: strictSettings
        ),
        // What the AWS and Spot clients share: the HTTP transport, the clock, the one retry loop,
        // call observers, secret scrubbing, INI files, endpoint security. Knows no service.
        .target(
            name: "HTTPCore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // SigV4, credentials, endpoints, protocols, AWS services. Knows nothing of Spot or onboarding.
        .target(
            name: "AWSKit",
            dependencies: [
                "HTTPCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The Spot REST client (accounts, external ids, credentials, billing, Cost Intelligence).
        // Uses HTTPCore's transport, clock and retries: nothing of AWS.
        .target(
            name: "SpotKit",
            dependencies: ["HTTPCore"],
            swiftSettings: strictSettings
        ),
        // The local cloud: Spot's API and the CUR API over moto, fault injection, scenarios.
        .target(
            name: "LocalCloud",
            dependencies: [
                "AWSKit", "HTTPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The sandbox server's thin executable.
        .executableTarget(
            name: "onboard-sandbox",
            dependencies: [
                "LocalCloud", "HTTPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks only: a fast in-memory stand-in for the AWS and Spot endpoints `onboard run`
        // calls, so a benchmark measures onboard's own footprint. Not a witness (that is LocalCloud).
        .executableTarget(
            name: "onboard-benchcloud",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The onboarding workflow: plans, CUR definitions, CloudFormation templates.
        .target(
            name: "Onboarding",
            dependencies: ["AccountList", "AWSKit", "HTTPCore", "SpotKit"],
            swiftSettings: strictSettings
        ),
        // The batch on Dispatch: admission, rate limits (token buckets), stop on signals, progress display.
        .target(
            name: "BatchRunner",
            dependencies: ["Onboarding", "AccountList", "AWSKit", "HTTPCore"],
            swiftSettings: strictSettings
        ),
        // Run folders, atomic writes, the journal, plan and result reports; records a batch as it runs.
        .target(
            name: "Reports",
            dependencies: [
                "Onboarding", "AccountList", "AWSKit", "HTTPCore", "BatchRunner",
                // SHA-256 for report.html's Content-Security-Policy hashes.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The thin command-line executable: parses arguments and wires the modules.
        .executableTarget(
            name: "onboard",
            dependencies: [
                "AccountList", "AWSKit", "HTTPCore", "Onboarding", "Reports", "SpotKit", "BatchRunner", "CGlibcMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Seams for tests only: a scripted, routing transport with a scripted AWS and Spot world,
        // a manual clock. Used by test targets, never by a product.
        .target(
            name: "TestSupport", dependencies: ["AWSKit", "HTTPCore", "SpotKit"], path: "Tests/TestSupport",
            swiftSettings: strictSettings),
        .testTarget(
            name: "HTTPCoreTests", dependencies: ["HTTPCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "AccountListTests", dependencies: ["AccountList"], swiftSettings: strictSettings),
        .testTarget(
            name: "AWSKitTests", dependencies: ["AWSKit", "HTTPCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "OnboardingTests", dependencies: ["Onboarding", "AccountList", "AWSKit", "HTTPCore", "SpotKit", "TestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Onboarding", "AccountList", "AWSKit", "HTTPCore", "BatchRunner", "TestSupport"],
            resources: [.copy("PreviousVersion")], swiftSettings: strictSettings),
        .testTarget(name: "SpotKitTests", dependencies: ["SpotKit", "AWSKit", "HTTPCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "LocalCloudTests", dependencies: ["LocalCloud", "AWSKit", "HTTPCore", "TestSupport"], resources: [.copy("Conformance")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "BatchRunnerTests", dependencies: ["BatchRunner", "Onboarding", "AccountList", "AWSKit", "HTTPCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "onboardTests",
            dependencies: [
                "onboard", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
    ]
)
