import Engine
import Foundation
import HTTPAPI
import LocalStepFunctions
import Pizzeria

/// The HTTP API served from the dashboard's process (`--http PORT`): its work runs on the
/// dashboard's loop, so orders placed with curl show up live.
enum InProcessServer {
    /// Starts the server and waits until it listens (or fails to), driving the loop meanwhile.
    static func start(pizzeria: Pizzeria, service: LocalStepFunctions, port: Int) throws(SetupFailure) -> RunningServer {
        let bridge = EngineBridge(pizzeria: pizzeria)
        let result = ServerHandle()
        let scheduler = pizzeria.engine.scheduler
        Task {
            do {
                result.set(.success(try await APIServer.start(bridge: bridge, service: service, host: APIServer.defaultHost, port: port)))
            } catch {
                result.set(.failure(error))
            }
            scheduler.post {}
        }
        // The bridge's work runs on this loop, so drive it while the server comes up.
        scheduler.run(until: { result.value != nil }, waitForPosts: true)
        switch result.value! {
        case .success(let server): return server
        case .failure(let error): throw SetupFailure("cannot serve the HTTP API on \(APIServer.defaultHost):\(port): \(error)")
        }
    }

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

/// Hands the server (or why it failed) from its task to the main thread.
private final class ServerHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<RunningServer, Error>?

    var value: Result<RunningServer, Error>? { lock.withLock { result } }

    func set(_ value: Result<RunningServer, Error>) { lock.withLock { result = value } }
}
