import StepFunctions

extension LocalStepFunctions {
    // MARK: versions and aliases

    public func publishStateMachineVersion(arn: String, revisionId: String?, description: String?) async throws(ServiceError) -> StateMachineVersionListItem {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.publishStateMachineVersion(arn: arn, revisionId: revisionId, description: description) }
    }

    public func listStateMachineVersions(arn: String) async throws(ServiceError) -> [StateMachineVersionListItem] {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.listStateMachineVersions(arn: arn) }
    }

    public func deleteStateMachineVersion(arn: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.deleteStateMachineVersion(arn: arn) }
    }

    public func createStateMachineAlias(name: String, description: String?, routing: [RoutingConfigurationItem]) async throws(ServiceError) -> StateMachineAliasDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.createStateMachineAlias(name: name, description: description, routing: routing) }
    }

    public func describeStateMachineAlias(arn: String) async throws(ServiceError) -> StateMachineAliasDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeStateMachineAlias(arn: arn) }
    }

    public func updateStateMachineAlias(arn: String, description: String?, routing: [RoutingConfigurationItem]?) async throws(ServiceError) -> StateMachineAliasDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.updateStateMachineAlias(arn: arn, description: description, routing: routing) }
    }

    public func deleteStateMachineAlias(arn: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.deleteStateMachineAlias(arn: arn) }
    }

    public func listStateMachineAliases(arn: String) async throws(ServiceError) -> [StateMachineAliasListItem] {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.listStateMachineAliases(arn: arn) }
    }
}
