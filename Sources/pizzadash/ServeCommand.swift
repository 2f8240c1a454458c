import AppRuntime
import ArgumentParser
import Foundation
import HTTPAPI
import SigV4
import StepFunctionsAPI

/// `pizzadash serve`: the seeds' HTTP API and the Step Functions API (``ServeApp``).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Step Functions API (aws-cli, boto3, SDKs) and the seeds' HTTP API on one port.",
        discussion: """
            The Step Functions API answers POST / with an X-Amz-Target header (AWS JSON 1.0). The seeds' routes: \
            POST /orders, GET /orders/{id}, POST / (pineapple check), GET /executions/{name}[/history].
            """
    )

    @Option(help: "The address to listen on (another than loopback only when you mean it, e.g. 0.0.0.0).")
    var host = APIServer.defaultHost

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time.")
    var speed = SpeedOption(.realTime)

    @Option(help: "A state machine definition (ASL JSON) to create, named after its file; repeatable.")
    var definition: [String] = []

    @Option(name: .customLong("mock-config"), help: "A Step Functions Local MockConfigFile: start an execution of `MACHINE_ARN#TestCase` to run with its mocks.")
    var mockConfig: String?

    @Option(help: "Check each Step Functions API request's Signature Version 4 against ACCESS_KEY:SECRET (repeatable), or `env` for the credentials of the environment (AWS_ACCESS_KEY_ID..., ~/.aws). Default: any credentials.")
    var auth: [String] = []

    @OptionGroup var store: StoreOption

    @OptionGroup var s3: S3RootOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        guard !host.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--host must not be empty") }
        _ = try authentication()
    }

    /// `--auth` as keys: `KEY:SECRET` pairs, `env` resolved as the SDKs resolve credentials.
    func authentication() throws -> StepFunctionsAPI.Authentication {
        guard !auth.isEmpty else { return .anyCredentials }
        var keys: [String: String] = [:]
        for value in auth {
            if value == "env" {
                do {
                    let credentials = try AWSConfigResolver.live().resolveCredentials().credentials
                    keys[credentials.accessKeyID] = credentials.secretAccessKey
                } catch {
                    throw ValidationError("--auth env: \(error)")
                }
                continue
            }
            guard let colon = value.firstIndex(of: ":"), colon != value.startIndex, value.index(after: colon) != value.endIndex else {
                throw ValidationError("--auth must be ACCESS_KEY:SECRET or env, not a value without both parts")
            }
            keys[String(value[..<colon])] = String(value[value.index(after: colon)...])
        }
        return .sigV4(keys: keys)
    }

    func run() throws {
        let options = ServeOptions(storePath: store.path, host: host, port: port, speed: speed.mode, definitionFiles: definition,
                                   mockConfigFile: mockConfig, authentication: try authentication(), s3Root: s3.s3Root)
        let running = try CommandIO.setup { () throws(SetupFailure) in
            try ServeApp.run(options) { line in
                print(line)
                fflush(stdout)
            }
        }
        print("pizzadash: stopped" + (running > 0 ? "; \(running) execution\(running == 1 ? "" : "s") still running, kept as they are" : ""))
    }
}
