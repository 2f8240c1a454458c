import ASL
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

/// DescribeStateMachineForExecution of a Map Run's child: its machine is the Map state's
/// ItemProcessor, found in the definition its parent ran, with the Map Run and the state's label.
extension LoopOperations {
    func describeStateMachine(forChild child: ExecutionDescription) throws(ServiceError) -> StateMachineDescription {
        guard let mapRunArn = child.mapRunArn, let mapRun = service.engine.mapRun(mapRunArn),
              let processor = processorDefinition(of: mapRun) else {
            throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(child.executionArn)' (its state machine's definition is not stored)")
        }
        let name = LocalARN.name(of: child.stateMachineArn)
        let label = name.split(separator: "/").last.map(String.init)
        let type = processor["ProcessorConfig"]?["ExecutionType"]?.stringValue ?? StateMachineType.standard.rawValue
        let roleArn = service.engine.mapRunChild(child.executionArn)?.roleArn ?? service.engine.execution(mapRun.executionArn)?.roleArn
        var description = StateMachineDescription(stateMachineArn: child.stateMachineArn, name: name, definition: processor.serialized(),
                                                  type: type, roleArn: roleArn ?? LocalARN.executionRole, creationDate: mapRun.startDate)
        description.mapRunArn = mapRunArn
        description.label = label
        return description
    }

    /// The ItemProcessor of the Map state that started `mapRun`, in its parent's definition (the
    /// parent may itself be a Map Run's child).
    private func processorDefinition(of mapRun: MapRunDescription) -> JSONValue? {
        guard let stateName = mapRun.stateName else { return nil }
        let parentText: String?
        if let parentChild = service.engine.describeMapRunChild(mapRun.executionArn) {
            guard let grandRun = parentChild.mapRunArn.flatMap(service.engine.mapRun) else { return nil }
            parentText = processorDefinition(of: grandRun)?.serialized()
        } else {
            let machine = service.engine.execution(mapRun.executionArn)?.stateMachineArn
            parentText = service.registry.definitionText(forExecution: mapRun.executionArn) ?? machine.flatMap { service.registry.stored($0)?.definition }
        }
        guard let text = parentText, let definition = try? JSONValue(parsing: text) else { return nil }
        return Self.distributedProcessor(named: stateName, in: definition)
    }

    /// The ItemProcessor of the distributed Map state `name` in a machine, its Parallel branches
    /// and inline Maps' processors (a distributed Map's own processor is another machine).
    static func distributedProcessor(named name: String, in machine: JSONValue) -> JSONValue? {
        guard let states = machine["States"]?.objectValue else { return nil }
        if let processor = states[name]?["ItemProcessor"], processor["ProcessorConfig"]?["Mode"]?.stringValue == "DISTRIBUTED" {
            return processor
        }
        for state in states.values {
            var scopes = state["Branches"]?.arrayValue ?? []
            if let processor = state["ItemProcessor"] ?? state["Iterator"], processor["ProcessorConfig"]?["Mode"]?.stringValue != "DISTRIBUTED" {
                scopes.append(processor)
            }
            for scope in scopes {
                if let found = distributedProcessor(named: name, in: scope) { return found }
            }
        }
        return nil
    }
}
