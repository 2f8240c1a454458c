// swift-tools-version: 6.0
import PackageDescription

// Module layering (arrows point at what a module may import), see README.md:
//   pizzadash -> Terminal, Dashboard, HTTPAPI, Pizzeria, Store, Engine, ASL, JSONata (jsonata-bench)
//   Dashboard -> Engine, ASL          Terminal -> Dashboard, CNcurses
//   Pizzeria  -> Engine, ASL          Store    -> Engine, ASL (GRDB)
//   HTTPAPI   -> Pizzeria, Engine, ASL (Hummingbird)
//   Engine    -> ASL                  ASL      -> JSON (re-exported)
//   JSONata   -> JSON
//   JSON      -> (nothing): the JSON value type, its parser and serializer
// Release builds of the engine (JSON, ASL, Engine): no run-time exclusivity checks, which cost ~10%
// of an execution's instructions on the hot path's class properties (callgrind, pineapple check),
// and cross-module optimization, so that ASL's generic functions are specialized for the engine
// (another ~5%). Debug builds, and so the tests, keep the checks.
let enginePerformance: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "PizzaDash",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pizzadash", targets: ["pizzadash"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(name: "JSON", swiftSettings: enginePerformance),
        .target(name: "ASL", dependencies: ["JSON"], swiftSettings: enginePerformance),
        // JSONata 2.0.6 (the query language of Step Functions' JSONata mode): depends on JSON alone.
        .target(name: "JSONata", dependencies: ["JSON"], swiftSettings: enginePerformance),
        .target(name: "Engine", dependencies: ["ASL"], swiftSettings: enginePerformance),
        .target(name: "Pizzeria", dependencies: ["Engine", "ASL"]),
        .target(name: "Store", dependencies: ["Engine", "ASL", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HTTPAPI", dependencies: ["Pizzeria", "Engine", "ASL", .product(name: "Hummingbird", package: "hummingbird")]),
        .target(name: "Dashboard", dependencies: ["Engine", "ASL"]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "Terminal", dependencies: ["Dashboard", "CNcurses"]),
        .executableTarget(
            name: "pizzadash",
            dependencies: [
                "ASL", "Engine", "Pizzeria", "Store", "HTTPAPI", "Dashboard", "Terminal", "JSONata",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Spawns and reaps child processes for the tests that run real programs (pizzadash, tmux,
        // curl); Foundation's Process can wait for ever on Linux (see ChildProcess.swift).
        .target(name: "ProcessSupport", path: "Tests/ProcessSupport"),
        .testTarget(name: "ASLTests", dependencies: ["ASL"]),
        // Runs every case of the JSONata reference suite (../shared/jsonata-test-suite beside the package).
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "JSON"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ASL"]),
        .testTarget(name: "PizzeriaTests", dependencies: ["Pizzeria", "Engine", "ASL"]),
        // Runs the built `pizzadash` binary as a user would; it depends on no product module on purpose.
        .testTarget(name: "CLITests", dependencies: ["ProcessSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Pizzeria", "Engine", "ASL", "ProcessSupport"]),
        .testTarget(name: "HTTPAPITests", dependencies: ["HTTPAPI", "Pizzeria", "Engine", "ASL"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Dashboard"]),
        .testTarget(
            name: "DashboardTests",
            // Pizzeria only to make real histories for the golden renders; Dashboard itself never imports it.
            dependencies: ["Dashboard", "Engine", "ASL", "Pizzeria", "ProcessSupport"],
            resources: [.copy("Golden")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
