import Engine
import Foundation
import HTTPAPI
import LocalStepFunctions
import StepFunctionsAPI

/// What `pizzadash serve` was asked for, parsed.
package struct ServeOptions {
    package var storePath: String
    package var host: String
    package var port: Int
    package var speed: ClockMode
    package var definitionFiles: [String]
    package var mockConfigFile: String?
    package var authentication: StepFunctionsAPI.Authentication
    /// A folder standing in for S3 (`--s3-root`); nil: S3 resources need handlers or mocks.
    package var s3Root: String?

    package init(storePath: String, host: String, port: Int, speed: ClockMode, definitionFiles: [String] = [], mockConfigFile: String? = nil,
                 authentication: StepFunctionsAPI.Authentication = .anyCredentials, s3Root: String? = nil) {
        self.s3Root = s3Root
        self.storePath = storePath
        self.host = host
        self.port = port
        self.speed = speed
        self.definitionFiles = definitionFiles
        self.mockConfigFile = mockConfigFile
        self.authentication = authentication
    }
}

/// `pizzadash serve`: the seeds' HTTP API and the Step Functions API on one port, until SIGTERM
/// or SIGINT.
///
/// The engine's loop runs on the calling (main) thread; Hummingbird answers on its own threads and
/// hands every request to the loop. On SIGTERM or SIGINT the server shuts down gracefully
/// (requests in flight are answered), then the loop stops; executions still running are stored
/// as they are and resume at the next start on the same store.
package enum ServeApp {
    /// Serves until a signal; `announce` gets the line saying where (printed by the command).
    /// - Returns: how many executions were still running when it stopped.
    package static func run(_ options: ServeOptions, announce: @escaping @Sendable (String) -> Void) throws(SetupFailure) -> Int {
        let (definitions, mockConfig) = try MockConfigFile.loadInputs(definitionFiles: options.definitionFiles, mockConfigFile: options.mockConfigFile)
        // Everything is stored as it happens; executions a crash interrupted resume here.
        let session = try StoreSession.open(path: options.storePath, speed: options.speed, definitions: definitions, mockConfig: mockConfig)
        for problem in session.registry.problems { FileHandle.standardError.write(Data("pizzadash: \(problem)\n".utf8)) }
        let engine = session.engine
        if let s3Root = options.s3Root { LocalS3(root: URL(fileURLWithPath: s3Root)).install(on: engine) }
        let bridge = EngineBridge(pizzeria: session.pizzeria)
        let service = session.service
        var stopped = false
        var failure: String?
        let ending = ServeEnding(scheduler: engine.scheduler)
        ending.onEnd = { stopped = true; failure = $0 }
        let (host, port, speedLabel, authentication) = (options.host, options.port, options.speed.label, options.authentication)
        Task {
            do {
                let server = try await APIServer.start(bridge: bridge, service: service, host: host, port: port, authentication: authentication,
                                                       shutdownOnSignals: true, logs: true)
                let auth = if case .sigV4 = authentication { "SigV4 checked" } else { "any credentials" }
                announce("pizzadash: serving the HTTP API on \(server.baseURL) (speed \(speedLabel); Step Functions API: \(auth)); Ctrl-C stops")
                try await server.wait()
                ending.end(failure: nil)
            } catch {
                ending.end(failure: "cannot serve on \(host):\(port): \(error)")
            }
        }
        engine.scheduler.run(until: { stopped }, waitForPosts: true)
        session.recorder.flush() // the last turn of the loop may have ended with writes pending
        if let failure { throw SetupFailure(failure) }
        let operations = service.onLoop
        return operations.listStateMachines().reduce(0) { count, machine in
            count + ((try? operations.listExecutions(stateMachineArn: machine.stateMachineArn, status: .running))?.count ?? 0)
        }
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
