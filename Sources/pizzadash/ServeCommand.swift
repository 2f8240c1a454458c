import ArgumentParser
import Dispatch
import Engine
import Foundation
import HTTPAPI
import Pizzeria

/// `pizzadash serve`: the seeds' HTTP API alone, until SIGTERM or SIGINT.
///
/// The engine's loop runs on the main thread; Hummingbird answers on its own threads and hands
/// every request to the loop. On a signal the listener closes first, then the loop stops;
/// executions still running are left as they are, not aborted.
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

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        guard !host.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() throws {
        let resources: WorkflowResources
        do {
            resources = try WorkflowResources.load()
        } catch {
            throw CommandIO.fail(error.description)
        }
        let engine = Engine(clock: speed.mode)
        let pizzeria = Pizzeria(engine: engine, resources: resources)
        let control = ServeControl(scheduler: engine.scheduler)
        control.installSignalHandlers()
        let bridge = EngineBridge(pizzeria: pizzeria)
        let (host, port, speedLabel) = (self.host, self.port, speed.mode.label)
        Task {
            do {
                let server = try await APIServer.start(bridge: bridge, host: host, port: port)
                print("pizzadash: serving the HTTP API on \(server.baseURL) (speed \(speedLabel)); Ctrl-C stops")
                fflush(stdout)
                control.serving(server)
            } catch {
                control.failed("cannot serve on \(host):\(port): \(error)")
            }
        }
        var stopped = false
        engine.scheduler.post { control.onStop = { stopped = true } }
        engine.scheduler.run(until: { stopped }, waitForPosts: true)
        if let failure = control.failure { throw CommandIO.fail(failure) }
        let running = engine.executions.values.filter { $0.status == .running }.count
        print("pizzadash: stopped\(running > 0 ? "; \(running) execution\(running == 1 ? "" : "s") still running, kept as they are" : "")")
    }
}

/// Signals and the server's life, shared between the main thread's loop and other threads.
/// The loop stops once the server has closed (or could not start).
private final class ServeControl: @unchecked Sendable {
    private let scheduler: Scheduler
    private let lock = NSLock()
    private var server: RunningServer?
    private var stopping = false
    private var signalSources: [DispatchSourceSignal] = []
    private(set) var failure: String?
    /// Set and called on the loop's thread only.
    var onStop: (() -> Void)?

    init(scheduler: Scheduler) { self.scheduler = scheduler }

    func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            signalSources.append(source)
        }
    }

    func serving(_ server: RunningServer) {
        lock.lock()
        self.server = server
        let alreadyStopping = stopping
        lock.unlock()
        if alreadyStopping { stop(force: true) }
    }

    func failed(_ message: String) {
        lock.lock()
        failure = message
        lock.unlock()
        stopLoop()
    }

    /// Closes the listener, then stops the loop (once).
    func stop(force: Bool = false) {
        lock.lock()
        let first = !stopping
        stopping = true
        let server = self.server
        lock.unlock()
        guard first || force, let server else { return }
        Task {
            await server.shutdown()
            self.stopLoop()
        }
    }

    private func stopLoop() {
        scheduler.post { [self] in onStop?() }
    }
}
