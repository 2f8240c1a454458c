import Engine
import StepFunctions

/// DescribeMapRun, ListMapRuns, UpdateMapRun and ListExecutions of a Map Run's children, with
/// AWS's errors: `InvalidArn` for an ARN that is not a Map Run's (or an execution's),
/// `ResourceNotFound` for a Map Run that does not exist, `ValidationException` for bad values and
/// for updating a Map Run that has ended.
extension LoopOperations {
    public func describeMapRun(arn: String) throws(ServiceError) -> MapRunDescription {
        try Self.checkMapRunArn(arn)
        guard let mapRun = service.engine.mapRun(arn) else { throw Self.mapRunNotFound(arn) }
        return mapRun
    }

    /// ListMapRuns: an unknown execution is `ExecutionDoesNotExist`, as AWS answers.
    public func listMapRuns(executionArn: String) throws(ServiceError) -> [MapRunDescription] {
        let parts = executionArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 8, parts[0] == "arn", parts[2] == "states", parts[5] == "execution" || parts[5] == "express" else {
            throw ServiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(executionArn)'")
        }
        // A Map Run's child (live or read back from the store) may run Map Runs of its own.
        guard service.engine.execution(executionArn) != nil || service.engine.describeMapRunChild(executionArn) != nil else {
            throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(executionArn)'")
        }
        return service.engine.mapRuns(ofExecution: executionArn)
    }

    /// UpdateMapRun: at least one setting; `toleratedFailurePercentage` 0...100 (the other
    /// bounds are AWS's model's, checked before the call reaches the seam, and again here).
    public func updateMapRun(arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?,
                             toleratedFailureCount: Int?) throws(ServiceError) {
        try Self.checkMapRunArn(arn)
        var problems: [String] = []
        if let maxConcurrency, maxConcurrency < 0 {
            problems.append("Value '\(maxConcurrency)' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0")
        }
        if let toleratedFailurePercentage, !(0...100).contains(toleratedFailurePercentage) {
            let bound = toleratedFailurePercentage < 0 ? "greater than or equal to 0" : "less than or equal to 100"
            problems.append("Value '\(toleratedFailurePercentage)' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value \(bound)")
        }
        if let toleratedFailureCount, toleratedFailureCount < 0 {
            problems.append("Value '\(toleratedFailureCount)' at 'toleratedFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0")
        }
        if !problems.isEmpty {
            throw ServiceError(.validation, "\(problems.count) validation error\(problems.count == 1 ? "" : "s") detected: " + problems.joined(separator: "; "))
        }
        guard maxConcurrency != nil || toleratedFailurePercentage != nil || toleratedFailureCount != nil else {
            throw ServiceError(.validation, "At least one of maxConcurrency, toleratedFailurePercentage and toleratedFailureCount must be provided")
        }
        do {
            try service.engine.updateMapRun(arn, maxConcurrency: maxConcurrency, toleratedFailurePercentage: toleratedFailurePercentage,
                                            toleratedFailureCount: toleratedFailureCount)
        } catch {
            switch error {
            case .doesNotExist: throw Self.mapRunNotFound(arn)
            case .notRunning(let status):
                throw ServiceError(.validation, "Map Run is not in RUNNING status and cannot be updated: '\(arn)' is \(status.rawValue)")
            }
        }
    }

    /// ListExecutions with `mapRunArn`: the Map Run's child executions, newest first.
    public func listExecutions(mapRunArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter? = nil) throws(ServiceError) -> [ExecutionListItem] {
        try Self.checkMapRunArn(mapRunArn)
        guard let children = service.engine.mapRunChildren(mapRunArn) else { throw Self.mapRunNotFound(mapRunArn) }
        return children.compactMap { child in
            guard status == nil || child.status == status, redriveFilter?.admits(redriveCount: child.redriveCount ?? 0) ?? true else { return nil }
            return ExecutionListItem(child)
        }
    }

    /// A Map Run's ARN: `arn:PARTITION:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID`.
    static func checkMapRunArn(_ arn: String) throws(ServiceError) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 8, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "states", parts[5] == "mapRun",
              !parts[6].isEmpty, !parts[7].isEmpty else {
            throw ServiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(arn)' (a Map Run is arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID)")
        }
    }

    static func mapRunNotFound(_ arn: String) -> ServiceError {
        ServiceError(.resourceNotFound, "Resource not found: '\(arn)'")
    }
}
