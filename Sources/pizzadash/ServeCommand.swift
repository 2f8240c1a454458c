import AppRuntime
import ArgumentParser
import Engine
import Foundation
import HTTPAPI
import Pizzeria

/// `pizzadash serve`: the seeds' HTTP API alone, until SIGTERM or SIGINT.
///
/// The engine's loop runs on the main thread; Hummingbird answers on its own threads and hands
/// every request to the loop. On SIGTERM or SIGINT the server shuts down gracefully (requests
/// in flight are answered), then the loop stops; executions still running are stored as they
/// are and resume at the next start on the same store (`--db`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the seeds' HTTP API: POST /orders, GET /orders/{id}, POST / (pineapple check), GET /executions/{name}[/history]."
    )

    @Option(help: "The address to listen on (another than loopback only when you mean it, e.g. 0.0.0.0).")
    var host = APIServer.defaultHost

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time.")
    var speed = SpeedOption(.realTime)

    @OptionGroup var store: StoreOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        guard !host.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() throws {
        // Everything is stored as it happens; executions a crash interrupted resume here.
        let session = try StoreSession.open(store, speed: speed.mode)
        let engine = session.engine
        let pizzeria = session.pizzeria
        let bridge = EngineBridge(pizzeria: pizzeria)
        let service = session.service
        var stopped = false
        var failure: String?
        let ending = ServeEnding(scheduler: engine.scheduler)
        ending.onEnd = { stopped = true; failure = $0 }
        let (host, port, speedLabel) = (self.host, self.port, speed.mode.label)
        Task {
            do {
                let server = try await APIServer.start(bridge: bridge, service: service, host: host, port: port, shutdownOnSignals: true, logs: true)
                print("pizzadash: serving the HTTP API on \(server.baseURL) (speed \(speedLabel)); Ctrl-C stops")
                fflush(stdout)
                try await server.wait()
                ending.end(failure: nil)
            } catch {
                ending.end(failure: "cannot serve on \(host):\(port): \(error)")
            }
        }
        engine.scheduler.run(until: { stopped }, waitForPosts: true)
        session.recorder.flush() // the last turn of the loop may have ended with writes pending
        if let failure { throw CommandIO.fail(failure) }
        let running = engine.executions.values.filter { $0.status == .running }.count
        print("pizzadash: stopped" + (running > 0 ? "; \(running) execution\(running == 1 ? "" : "s") still running, kept as they are" : ""))
    }
}

/// Tells the loop (on the main thread) that the server has ended, so that it stops too.
private final class ServeEnding: @unchecked Sendable {
    private let scheduler: Scheduler
    /// Set and called on the loop's thread only.
    var onEnd: ((String?) -> Void)?

    init(scheduler: Scheduler) { self.scheduler = scheduler }

    func end(failure: String?) {
        scheduler.post { [self] in onEnd?(failure) }
    }
}
