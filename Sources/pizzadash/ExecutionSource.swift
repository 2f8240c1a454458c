import AppRuntime
import Engine
import Foundation
import RemoteStepFunctions
import StepFunctions

/// Where `executions`, `history`, `graph --execution-arn` and `watch` read: the local store
/// (`--db`, opened read-only each time, so that another process may be running it) or a remote
/// endpoint (`--endpoint`, `--region`, `--profile`), both through the service seam.
enum ExecutionSource {
    case local(path: String)
    case remote(RemoteStepFunctions)

    init(_ remote: RemoteOptions, _ store: StoreOption) throws {
        self = remote.isRemote ? .remote(try remote.service()) : .local(path: store.path)
    }

    /// `PATH`, or `URL (REGION)`.
    var label: String {
        switch self {
        case .local(let path): return path
        case .remote(let service): return service.endpoint.description
        }
    }

    /// Every execution, oldest first.
    func executions() throws -> [ExecutionDescription] {
        switch self {
        case .local(let path): return try Self.view(path).executions
        case .remote(let service): return try CommandIO.blocking(service) { () async throws(ServiceError) in try await service.describeAllExecutions() }
        }
    }

    /// The execution an ARN (or, in the store, a name such as `order-3`) names.
    func describe(_ execution: String) throws -> ExecutionDescription {
        switch self {
        case .local(let path):
            let rows = try Self.view(path).executions
            guard let found = rows.first(where: { $0.executionArn == execution }) ?? rows.last(where: { $0.name == execution }) else {
                throw CommandIO.fail("no execution \(execution) in \(path) (`pizzadash executions` lists them)")
            }
            return found
        case .remote(let service):
            return try CommandIO.blocking(service) { () async throws(ServiceError) in try await service.describeExecution(arn: execution) }
        }
    }

    /// An execution's whole history.
    func history(_ arn: String) throws -> [HistoryEvent] {
        switch self {
        case .local(let path): return try Self.view(path).history(of: arn)
        case .remote(let service): return try CommandIO.blocking(service) { () async throws(ServiceError) in try await service.wholeHistory(of: arn) }
        }
    }

    /// DescribeStateMachineForExecution: the definition the execution runs.
    func machine(forExecution arn: String) throws -> StateMachineDescription {
        switch self {
        case .local(let path):
            let view = try Self.view(path)
            do throws(ServiceError) { return try view.service.onLoop.describeStateMachineForExecution(executionArn: arn) } catch {
                throw CommandIO.fail(error.description)
            }
        case .remote(let service):
            return try CommandIO.blocking(service) { () async throws(ServiceError) in
                try await service.describeStateMachineForExecution(executionArn: arn)
            }
        }
    }

    /// Follows an execution to its end (``ExecutionWatch``), printing each line at once; answers
    /// its final description. The store is re-read on every poll; an endpoint is polled every second.
    func watch(_ arn: String) throws -> ExecutionDescription {
        let emit: @Sendable (String) -> Void = { line in print(line); fflush(stdout) }
        switch self {
        case .local(let path):
            let view: @Sendable () throws(ServiceError) -> LoopOperationsView = { () throws(ServiceError) in
                do throws(SetupFailure) { return LoopOperationsView(view: try StoreView.open(path: path)) } catch {
                    throw ServiceError(.unreachable, error.message)
                }
            }
            return try CommandIO.blocking(nil) { () async throws(ServiceError) in
                try await ExecutionWatch.follow(
                    executionArn: arn, pace: PollPace(interval: 0.1, maxBackoff: 2),
                    describe: { () throws(ServiceError) in try view().view.service.onLoop.describeExecution(arn: arn) },
                    fetch: { page throws(ServiceError) in try view().view.service.onLoop.getExecutionHistory(arn: arn, page: page) }, emit: emit)
            }
        case .remote(let service):
            return try CommandIO.blocking(service) { () async throws(ServiceError) in
                try await ExecutionWatch.follow(
                    executionArn: arn, pace: PollPace(interval: 1, maxBackoff: 30),
                    describe: { () async throws(ServiceError) in try await service.describeExecution(arn: arn) },
                    fetch: { page async throws(ServiceError) in try await service.getExecutionHistory(arn: arn, page: page) }, emit: emit)
            }
        }
    }

    private static func view(_ path: String) throws -> StoreView {
        try CommandIO.setup { () throws(SetupFailure) in try StoreView.open(path: path) }
    }
}

/// A store view handed across the watch's closures.
private struct LoopOperationsView: @unchecked Sendable {
    let view: StoreView
}
