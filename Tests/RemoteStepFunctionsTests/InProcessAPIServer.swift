import AppRuntime
import Engine
import Foundation
import HTTPAPI
import RemoteStepFunctions
import SigV4
import StepFunctions
import StepFunctionsAPI

/// The API server of `pizzadash serve --auth KEY:SECRET --speed instant`, in this process on a
/// free loopback port, its engine loop on a background thread: what the remote client talks to.
final class InProcessAPIServer: @unchecked Sendable {
    static let key = "AKIDREMOTE"
    static let secret = "s3cret/remote"

    let engine: Engine
    let server: RunningServer
    // Loop-thread only.
    private var stopped = false

    private init(engine: Engine, server: RunningServer) {
        self.engine = engine
        self.server = server
    }

    /// Virtual time by default; `.scaled(speed:)` for executions that must still run while a test reads them.
    static func start(clock: ClockMode = .instant) async throws -> InProcessAPIServer {
        let session = try StoreSession.open(path: ":memory:", speed: clock)
        let server = try await APIServer.start(bridge: EngineBridge(pizzeria: session.pizzeria), service: session.service,
                                               host: "127.0.0.1", port: 0, authentication: .sigV4(keys: [key: secret]))
        let running = InProcessAPIServer(engine: session.engine, server: server)
        let thread = Thread { running.engine.scheduler.run(until: { running.stopped }, waitForPosts: true) }
        thread.name = "engine loop"
        thread.start()
        return running
    }

    func stop() async {
        await server.shutdown()
        await withCheckedContinuation { continuation in
            engine.scheduler.post {
                self.stopped = true
                continuation.resume()
            }
        }
    }

    /// A remote client of this server, with the right secret unless told otherwise.
    func client(secret: String = InProcessAPIServer.secret) -> RemoteStepFunctions {
        let endpoint = RemoteEndpoint(url: URL(string: server.baseURL)!, region: "eu-west-1",
                                      credentials: AWSCredentials(accessKeyID: Self.key, secretAccessKey: secret))
        return RemoteStepFunctions(endpoint: endpoint, feedPace: PollPace(interval: 0.02, maxBackoff: 0.5))
    }
}
