/// One entry of an alias's routing configuration: a version and the percentage (0...100) of the
/// alias's executions it runs.
public struct RoutingConfigurationItem: Sendable, Equatable {
    public var stateMachineVersionArn: String
    public var weight: Int

    public init(stateMachineVersionArn: String, weight: Int) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.weight = weight
    }
}

/// A version as PublishStateMachineVersion answers it and ListStateMachineVersions lists it.
public struct StateMachineVersionListItem: Sendable, Equatable {
    /// `...:stateMachine:NAME:NUMBER`.
    public var stateMachineVersionArn: String
    public var creationDate: Double

    public init(stateMachineVersionArn: String, creationDate: Double) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.creationDate = creationDate
    }
}

/// DescribeStateMachineAlias's answer.
public struct StateMachineAliasDescription: Sendable, Equatable {
    /// `...:stateMachine:NAME:ALIAS`.
    public var stateMachineAliasArn: String
    public var name: String
    public var description: String?
    public var routingConfiguration: [RoutingConfigurationItem]
    public var creationDate: Double
    /// The creation date until the first update.
    public var updateDate: Double

    public init(stateMachineAliasArn: String, name: String, description: String?, routingConfiguration: [RoutingConfigurationItem],
                creationDate: Double, updateDate: Double) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.name = name
        self.description = description
        self.routingConfiguration = routingConfiguration
        self.creationDate = creationDate
        self.updateDate = updateDate
    }
}

/// One entry of ListStateMachineAliases.
public struct StateMachineAliasListItem: Sendable, Equatable {
    public var stateMachineAliasArn: String
    public var creationDate: Double

    public init(stateMachineAliasArn: String, creationDate: Double) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.creationDate = creationDate
    }
}
