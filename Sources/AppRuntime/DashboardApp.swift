import ASL
import Engine
import Foundation
import LocalStepFunctions
import Pizzeria
import Terminal

/// What `pizzadash` (the dashboard) was asked for, parsed.
package struct DashboardOptions {
    package var storePath: String
    package var speed: ClockMode
    package var flavour: String
    package var delay: Double
    package var httpPort: Int?
    package var definitionFiles: [String]
    package var mockConfigFile: String?
    package var theme: TerminalTheme = .dark
    /// False when `NO_COLOR` asks for no colour.
    package var usesColor = true
    /// A folder standing in for S3 (`--s3-root`); nil: S3 resources need handlers or mocks.
    package var s3Root: String?

    package init(storePath: String, speed: ClockMode, flavour: String, delay: Double, httpPort: Int?, definitionFiles: [String], mockConfigFile: String?) {
        self.storePath = storePath
        self.speed = speed
        self.flavour = flavour
        self.delay = delay
        self.httpPort = httpPort
        self.definitionFiles = definitionFiles
        self.mockConfigFile = mockConfigFile
    }
}

/// The live dashboard in the terminal: checks the options, opens the store (past executions
/// come back, interrupted ones resume), serves the HTTP API if asked, runs the loop until quit.
package enum DashboardApp {
    /// - Returns: the signal that ended it (SIGINT, SIGTERM, ...), nil after `q`.
    package static func run(_ options: DashboardOptions) throws(SetupFailure) -> Int32? {
        do {
            _ = try OrderRequest(flavour: options.flavour, perStepDelaySeconds: options.delay)
        } catch {
            throw SetupFailure("bad option: --\(error.field == "flavour" ? "flavour" : "delay") \(error.message)")
        }
        let (definitions, mockConfig) = try MockConfigFile.loadInputs(definitionFiles: options.definitionFiles, mockConfigFile: options.mockConfigFile)
        let environment: TerminalEnvironment
        do { environment = try TerminalEnvironment.check() } catch { throw SetupFailure(String(error.description.dropFirst("pizzadash: ".count))) }
        let session = try StoreSession.open(path: options.storePath, speed: options.speed, definitions: definitions, mockConfig: mockConfig)
        for problem in session.registry.problems { FileHandle.standardError.write(Data("pizzadash: \(problem)\n".utf8)) }
        if let s3Root = options.s3Root { LocalS3(root: URL(fileURLWithPath: s3Root)).install(on: session.engine) }
        let server = try options.httpPort.map { port throws(SetupFailure) in try InProcessServer.start(pizzeria: session.pizzeria, service: session.service, port: port) }
        let loop = DashboardLoop(service: session.service, engine: session.engine, pizzeria: session.pizzeria,
                                 flavour: options.flavour, delay: options.delay, mockConfig: mockConfig)
        let screen = TerminalScreen(theme: options.theme, usesColor: options.usesColor)
        do { try screen.start() } catch { throw SetupFailure(String(error.description.dropFirst("pizzadash: ".count))) }
        if let waker = screen.waker {
            // Work posted by the HTTP server must wake the loop from its wait for keys.
            session.engine.scheduler.onPost { waker.wake() }
        }
        loop.run(on: screen)
        screen.stop()
        session.recorder.flush()
        if let server { InProcessServer.shutdown(server) }
        if let fallback = environment.localeFallback {
            FileHandle.standardError.write(Data("pizzadash: the locale was not UTF-8; the dashboard used \(fallback)\n".utf8))
        }
        return screen.terminationSignal
    }
}

/// Reading a Step Functions Local MockConfigFile.
package enum MockConfigFile {
    /// What `--definition` (each file) and `--mock-config` name, read and checked.
    package static func loadInputs(definitionFiles: [String], mockConfigFile: String?) throws(SetupFailure) -> ([UserDefinition], MockConfig?) {
        let definitions = try definitionFiles.map { file throws(SetupFailure) in
            do { return try UserDefinition.load(file: file) } catch { throw SetupFailure("\(error)") }
        }
        return (definitions, try mockConfigFile.map { file throws(SetupFailure) in try load(file) })
    }

    package static func load(_ path: String) throws(SetupFailure) -> MockConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SetupFailure("cannot read the mock config \(path)")
        }
        do {
            return try MockConfig(json: try JSONValue(parsing: text))
        } catch {
            throw SetupFailure("the mock config \(path) is not valid:\n\(error)")
        }
    }
}
