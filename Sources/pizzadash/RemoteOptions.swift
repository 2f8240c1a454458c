import AppRuntime
import ArgumentParser
import Dispatch
import Engine
import Foundation
import RemoteStepFunctions
import StepFunctions

/// `--endpoint URL`, `--region R`, `--profile P`: a remote Step Functions service instead of the
/// local store. Any of the three makes a command remote; the endpoint, region and credentials
/// then resolve as ``RemoteEndpoint/resolve(endpoint:region:profile:resolver:)`` says (AWS's order).
struct RemoteOptions: ParsableArguments {
    @Option(help: "A Step Functions endpoint (AWS, LocalStack, moto, pizzadash serve); else AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL, or AWS's regional endpoint.")
    var endpoint: String?

    @Option(help: "The region to sign for (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(help: "The profile in ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE, default).")
    var profile: String?

    var isRemote: Bool { endpoint != nil || region != nil || profile != nil }

    /// The remote service; a bad URL or missing credentials is `pizzadash: <message>`, exit 2.
    func service() throws -> RemoteStepFunctions {
        do {
            return RemoteStepFunctions(endpoint: try RemoteEndpoint.resolve(endpoint: endpoint, region: region, profile: profile))
        } catch {
            throw CommandIO.fail(error.message)
        }
    }
}

extension CommandIO {
    /// Runs `body` to its end from a synchronous command; a service error is one line naming it
    /// (AWS's type and message, and the endpoint), exit 2.
    static func blocking<T: Sendable>(_ service: RemoteStepFunctions?, _ body: @escaping @Sendable () async throws(ServiceError) -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(ServiceError) { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        switch box.get()! {
        case .success(let value): return value
        case .failure(let error): throw fail(message(error, service))
        }
    }

    /// `TYPE: message (ENDPOINT)`; an unreachable endpoint's message names it already.
    static func message(_ error: ServiceError, _ service: RemoteStepFunctions?) -> String {
        guard let service, error.kind != .unreachable else { return error.kind == .unreachable ? error.message : error.description }
        return "\(error.description) (\(service.endpoint))"
    }
}

/// Hands a result from a task to the waiting thread.
private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, ServiceError>?

    func set(_ result: Result<T, ServiceError>) { lock.withLock { value = result } }
    func get() -> Result<T, ServiceError>? { lock.withLock { value } }
}
