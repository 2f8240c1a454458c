import Engine
import StepFunctions

extension LocalStepFunctions {
    // MARK: Map Runs

    public func describeMapRun(arn: String) async throws(ServiceError) -> MapRunDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeMapRun(arn: arn) }
    }

    public func listMapRuns(executionArn: String) async throws(ServiceError) -> [MapRunDescription] {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.listMapRuns(executionArn: executionArn) }
    }

    public func updateMapRun(arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?,
                             toleratedFailureCount: Int?) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in
            try ops.updateMapRun(arn: arn, maxConcurrency: maxConcurrency, toleratedFailurePercentage: toleratedFailurePercentage,
                                 toleratedFailureCount: toleratedFailureCount)
        }
    }

    public func listExecutions(mapRunArn: String, status: ExecutionStatus?,
                               redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        try await run { (ops: LoopOperations) throws(ServiceError) in
            try ops.listExecutions(mapRunArn: mapRunArn, status: status, redriveFilter: redriveFilter)
        }
    }
}
