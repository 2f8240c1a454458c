// swift-tools-version: 6.0
import PackageDescription

// Module layering (arrows point at what a module may import), see README.md:
//   pizzadash  -> AppRuntime, RemoteStepFunctions (and the modules below, for the headless commands; JSONata for jsonata-bench)
//   AppRuntime -> LocalStepFunctions, StepFunctions, StepFunctionsAPI, Terminal, Dashboard, HTTPAPI, Pizzeria, Store, Engine, History, ASL: the wiring
//   Dashboard  -> History, ASL          Terminal -> Dashboard, CNcurses
//   Pizzeria   -> Dashboard (its value types: labels, forms), StepFunctions (starts through the seam), Engine, ASL
//   Store      -> Engine, ASL (GRDB)
//   StepFunctions -> Engine, ASL (the seam: protocol and value types)
//   LocalStepFunctions -> StepFunctions, Store, Engine, ASL
//   HTTPAPI   -> StepFunctionsAPI, StepFunctions, Pizzeria, Engine, ASL (Hummingbird): one port, the seeds' routes and the API
//   StepFunctionsAPI -> StepFunctions, SigV4, Engine, ASL (Hummingbird): AWS JSON 1.0 on X-Amz-Target
//   RemoteStepFunctions -> StepFunctions, SigV4, Engine, JSON (Foundation's URLSession): the seam over any endpoint's AWS JSON 1.0
//   Engine    -> History (re-exported), ASL, JSONata
//   History   -> ASL: history events, execution statuses and descriptions, queue messages, the clock's pace
//   ASL       -> JSON (re-exported), JSONata (the query language)
//   JSONata   -> JSON, Digest          Digest -> (nothing): MD5 and SHA digests
//   JSON      -> (nothing): the JSON value type, its parser and serializer
//   SigV4     -> JSON (swift-crypto): AWS Signature Version 4 signing, verification, credentials
// Release builds of the engine (JSON, ASL, History, Engine): no run-time exclusivity checks, which cost ~10%
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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "JSON", swiftSettings: enginePerformance),
        // MD5 and SHA digests in Swift, for the intrinsic functions, JSONata's $hash and the SQS integration.
        .target(name: "Digest", swiftSettings: enginePerformance),
        .target(name: "ASL", dependencies: ["JSON", "Digest", "JSONata"], swiftSettings: enginePerformance),
        // JSONata 2.0.6 (the query language of Step Functions' JSONata mode): depends on JSON alone.
        .target(name: "JSONata", dependencies: ["JSON", "Digest"], swiftSettings: enginePerformance),
        // The history values every projection reads (events, statuses, descriptions, queue messages,
        // the clock's pace): below the engine's runtime, so the dashboard does not depend on it.
        .target(name: "History", dependencies: ["ASL"], swiftSettings: enginePerformance),
        .target(name: "Engine", dependencies: ["History", "ASL", "Digest", "JSONata"], swiftSettings: enginePerformance),
        .target(name: "Pizzeria", dependencies: ["Dashboard", "StepFunctions", "Engine", "ASL"]),
        // The service seam: the Step Functions API as a Swift protocol plus a live feed.
        .target(name: "StepFunctions", dependencies: ["Engine", "ASL"]),
        // Its local implementation: the engine, the store and the registry of state machines.
        .target(name: "LocalStepFunctions", dependencies: ["StepFunctions", "Store", "Engine", "ASL"]),
        .target(name: "Store", dependencies: ["Engine", "ASL", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "HTTPAPI", dependencies: ["StepFunctionsAPI", "StepFunctions", "Pizzeria", "Engine", "ASL", .product(name: "Hummingbird", package: "hummingbird")]),
        // The Step Functions API (AWS JSON 1.0, SigV4) over the seam, as a Hummingbird middleware.
        .target(name: "StepFunctionsAPI", dependencies: ["StepFunctions", "SigV4", "Engine", "ASL", .product(name: "Hummingbird", package: "hummingbird")]),
        // The seam's second implementation: a SigV4-signing client of any Step Functions endpoint (AWS, LocalStack, moto, pizzadash serve).
        .target(name: "RemoteStepFunctions", dependencies: ["StepFunctions", "SigV4", "Engine", "JSON"]),
        .target(name: "Dashboard", dependencies: ["History", "ASL"]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "Terminal", dependencies: ["Dashboard", "CNcurses"]),
        // AWS Signature Version 4: the client's signer, the server's verifier, credential and region resolution.
        .target(name: "SigV4", dependencies: ["JSON", .product(name: "Crypto", package: "swift-crypto")]),
        // The wiring the executable and the tests share: store session, registry, dashboard loop.
        .target(name: "AppRuntime", dependencies: ["LocalStepFunctions", "StepFunctions", "StepFunctionsAPI", "Terminal", "Dashboard", "HTTPAPI", "Pizzeria", "Store", "Engine", "History", "ASL"]),
        .executableTarget(
            name: "pizzadash",
            dependencies: [
                "AppRuntime", "LocalStepFunctions", "RemoteStepFunctions", "StepFunctions", "StepFunctionsAPI", "SigV4", "ASL", "Engine", "Pizzeria", "Store", "HTTPAPI", "Dashboard", "Terminal", "JSONata",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share (as ArgumentParserTestHelpers does for its tests): spawning and
        // reaping child processes (Foundation's Process can wait for ever on Linux, see
        // ChildProcess.swift), running the built binary, and driving it in tmux.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ASLTests", dependencies: ["ASL"]),
        // Runs every case of the JSONata reference suite (../shared/jsonata-test-suite beside the package).
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "JSON"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ASL"]),
        .testTarget(name: "PizzeriaTests", dependencies: ["AppRuntime", "Pizzeria", "Engine", "ASL"]),
        // Runs the built `pizzadash` binary as a user would; it depends on no product module on purpose.
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["AppRuntime", "LocalStepFunctions", "StepFunctions", "Store", "Pizzeria", "Engine", "ASL", "TestSupport"]),
        .testTarget(name: "StepFunctionsTests", dependencies: ["LocalStepFunctions", "StepFunctions", "Store", "Engine", "ASL"]),
        // The remote client against the real API server (the built binary's `serve`): the service seam over HTTP and back.
        .testTarget(name: "RemoteStepFunctionsTests", dependencies: ["RemoteStepFunctions", "StepFunctions", "SigV4", "Engine", "ASL", "TestSupport", "AppRuntime", "Dashboard"]),
        .testTarget(name: "HTTPAPITests", dependencies: ["AppRuntime", "HTTPAPI", "Pizzeria", "Engine", "ASL"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Dashboard"]),
        // boto3 and the aws command line against `pizzadash serve` (Python suites run by Swift tests).
        .testTarget(name: "AWSClientTests", dependencies: ["TestSupport"], exclude: ["python"]),
        // Runs AWS's SigV4 test suite from ../shared/sigv4-test-suite (next to the package root).
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4"]),
        .testTarget(
            name: "DashboardTests",
            // The runtime drives the golden renders exactly as the binary does; Dashboard itself never imports it.
            dependencies: ["AppRuntime", "LocalStepFunctions", "StepFunctions", "Store", "Dashboard", "Engine", "ASL", "Pizzeria", "TestSupport"],
            resources: [.copy("Golden")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
