import Foundation
import Hummingbird
import Pizzeria
import StepFunctions
import StepFunctionsAPI

/// Serves ``PizzaAPI`` over HTTP/1.1 with Hummingbird, next to an engine loop that runs elsewhere.
///
/// ```swift
/// let server = try await APIServer.start(bridge: EngineBridge(pizzeria: pizzeria), service: service, host: "127.0.0.1", port: 0)
/// print(server.baseURL)          // http://127.0.0.1:54321
/// await server.shutdown()
/// ```
/// The engine's loop must keep running (on its own thread, or the dashboard's loop) while the
/// server runs: every request is answered by work posted to it.
public enum APIServer {
    /// The address served unless another is asked for: this machine only.
    public static let defaultHost = "127.0.0.1"

    /// Binds `host:port` (port 0: any free port) and starts serving; returns once the listener
    /// is bound, or throws when it cannot be (address in use, unknown host). Make the bridge on
    /// the loop's thread (a bridge, unlike a pizzeria, may cross into other tasks).
    /// - Parameters:
    ///   - bridge: the pizza routes' way onto the engine's loop.
    ///   - service: what the executions routes ask.
    ///   - shutdownOnSignals: SIGTERM and SIGINT close the server gracefully (in-flight requests
    ///     are answered first); ``RunningServer/wait()`` then returns. For a process that is only
    ///     a server; leave it off in-process (the dashboard) and call ``RunningServer/shutdown()``.
    ///   - logs: whether Hummingbird may log to stdout (errors only); off where stdout is a
    ///     screen (the dashboard) or a test's output.
    ///   - authentication: who may call the Step Functions API (requests with `X-Amz-Target`).
    public static func start(bridge: EngineBridge, service: any StepFunctionsService, host: String = defaultHost, port: Int,
                             authentication: StepFunctionsAPI.Authentication = .anyCredentials,
                             shutdownOnSignals: Bool = false, logs: Bool = false) async throws -> RunningServer {
        let baseURL = BaseURL("http://\(host):\(port)")
        let api = PizzaAPI(bridge: bridge, service: service, baseURL: baseURL, stepFunctions: StepFunctionsAPI(service: service, authentication: authentication))
        let started = StartSignal()
        var app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "pizzadash"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                baseURL.set(host: host, port: bound)
                started.finish(.success(bound))
            }
        )
        // Hummingbird's stdout logger would scribble over a terminal UI.
        app.logger.logLevel = logs ? .error : .critical
        let task = Task { [app] in
            do {
                if shutdownOnSignals { try await app.runService() } else { try await app.run() }
                started.finish(.failure(APIServerError.stoppedBeforeRunning))
            } catch {
                started.finish(.failure(error))
                throw error
            }
        }
        let boundPort: Int
        do {
            boundPort = try await started.wait()
        } catch {
            task.cancel()
            throw error
        }
        return RunningServer(host: host, port: boundPort, baseURL: baseURL.value, task: task)
    }
}

/// Why a server could not start.
public enum APIServerError: Error, CustomStringConvertible {
    case stoppedBeforeRunning

    public var description: String { "the HTTP server stopped before it was listening" }
}

/// A server that is listening. ``shutdown()`` closes the listener and waits for the server to end;
/// the engine and its executions are left as they are (the caller owns them).
public final class RunningServer: Sendable {
    public let host: String
    /// The bound port (the actual one when 0 was asked for).
    public let port: Int
    /// `http://host:port`, for links and clients.
    public let baseURL: String
    private let task: Task<Void, Error>

    init(host: String, port: Int, baseURL: String, task: Task<Void, Error>) {
        self.host = host
        self.port = port
        self.baseURL = baseURL
        self.task = task
    }

    /// Stops serving and waits until the server has ended.
    public func shutdown() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server ends (after ``shutdown()``, or when it fails); rethrows its failure.
    public func wait() async throws {
        try await task.value
    }
}

/// A one-shot result handed from the server's start callback to `start`.
private final class StartSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int, Error>?
    private var waiter: CheckedContinuation<Int, Error>?

    func finish(_ outcome: Result<Int, Error>) {
        lock.lock()
        guard result == nil else { lock.unlock(); return }
        result = outcome
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(with: outcome)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(with: result)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
