import ArgumentParser
import Dashboard
import Engine
import Foundation
import HTTPAPI
import Pizzeria
import Terminal

/// `pizzadash` with no subcommand: the live dashboard in the terminal.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default): place orders and watch their workflows run."
    )

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time; + and - change it live.")
    var speed = SpeedOption(.realTime)

    @Option(help: "The flavour the form and ALL start with.")
    var flavour = "plain"

    @Option(help: "The per-step delay in seconds the form and ALL start with (0...60).")
    var delay = 0.0

    @Option(help: "Also serve the HTTP API on this port (127.0.0.1), so orders placed with curl appear live.")
    var http: Int?

    @OptionGroup var store: StoreOption

    func validate() throws {
        if let http, !(0...65535).contains(http) { throw ValidationError("--http must be a port 0...65535, not \(http)") }
    }

    func run() throws {
        if case .failure(let error) = OrderSpec.validate(flavour: flavour, delay: formatDelay(delay), errorOnStep: 0, workflow: .orderSaga) {
            throw CommandIO.fail("bad option: --\(error.field == .flavour ? "flavour" : "delay") \(error.message)")
        }
        let environment: TerminalEnvironment
        do {
            environment = try TerminalEnvironment.check()
        } catch {
            throw CommandIO.fail(String(error.description.dropFirst("pizzadash: ".count)))
        }
        // Past executions come back from the store; those a crash interrupted resume.
        let session = try StoreSession.open(store, speed: speed.mode)
        let server = try http.map { port in try startServer(session: session, port: port) }
        let loop = DashboardLoop(engine: session.engine, pizzeria: session.pizzeria, flavour: flavour, delay: delay)
        let screen = TerminalScreen()
        do {
            try screen.start()
        } catch {
            throw CommandIO.fail(String(error.description.dropFirst("pizzadash: ".count)))
        }
        if let waker = screen.waker {
            // Work posted by the HTTP server must wake the loop from its wait for keys.
            session.engine.scheduler.onPost { waker.wake() }
        }
        loop.run(on: screen)
        screen.stop()
        session.recorder.flush()
        if let server { ServerHandle.shutdown(server) }
        if let fallback = environment.localeFallback {
            FileHandle.standardError.write(Data("pizzadash: the locale was not UTF-8; the dashboard used \(fallback)\n".utf8))
        }
        if let signal = screen.terminationSignal, signal != SIGHUP {
            throw ExitCode(128 + signal)
        }
    }

    /// Starts the HTTP API in-process and waits until it listens (or fails to).
    private func startServer(session: StoreSession, port: Int) throws -> RunningServer {
        let bridge = EngineBridge(pizzeria: session.pizzeria)
        let result = ServerHandle()
        let scheduler = session.engine.scheduler
        Task {
            do {
                result.set(.success(try await APIServer.start(bridge: bridge, host: APIServer.defaultHost, port: port)))
            } catch {
                result.set(.failure(error))
            }
            scheduler.post {}
        }
        // The bridge's work runs on this loop, so drive it while the server comes up.
        scheduler.run(until: { result.value != nil }, waitForPosts: true)
        switch result.value! {
        case .success(let server): return server
        case .failure(let error): throw CommandIO.fail("cannot serve the HTTP API on \(APIServer.defaultHost):\(port): \(error)")
        }
    }

    private func formatDelay(_ seconds: Double) -> String { seconds.isFinite ? String(seconds) : "nan" }
}

/// Hands the server (or why it failed) from its task to the main thread, and stops it.
private final class ServerHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<RunningServer, Error>?

    var value: Result<RunningServer, Error>? { lock.withLock { result } }

    func set(_ value: Result<RunningServer, Error>) { lock.withLock { result = value } }

    /// Closes the listener; the process is about to exit, so waiting is bounded.
    static func shutdown(_ server: RunningServer) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await server.shutdown()
            done.signal()
        }
        _ = done.wait(timeout: .now() + 2)
    }
}
