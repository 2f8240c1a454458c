import Engine
import JSON
import StepFunctions

// Activities, tags, versions and aliases: each the AWS operation of the same name.
extension RemoteStepFunctions {
    // MARK: activities

    public func createActivity(name: String, tags: [ResourceTag]) async throws(ServiceError) -> ActivityDescription {
        var input: [String: JSONValue] = ["name": .string(name)]
        if !tags.isEmpty { input["tags"] = Self.tagsJSON(tags) }
        let arn = try await call("CreateActivity", input) { json throws(AWSShapeError) in
            try AWSJSON.string(json, "activityArn", in: "CreateActivity's answer")
        }
        return try await describeActivity(arn: arn)
    }

    public func describeActivity(arn: String) async throws(ServiceError) -> ActivityDescription {
        try await call("DescribeActivity", ["activityArn": .string(arn)], Self.activity)
    }

    public func listActivities() async throws(ServiceError) -> [ActivityDescription] {
        try await callPaged("ListActivities", ["maxResults": 1000], member: "activities", Self.activity)
    }

    public func deleteActivity(arn: String) async throws(ServiceError) {
        _ = try await client.call("DeleteActivity", ["activityArn": .string(arn)])
    }

    /// A long poll: AWS holds it up to 60 seconds, so this request may take 65.
    public func getActivityTask(activityArn: String, workerName: String?) async throws(ServiceError) -> ActivityTask? {
        var input: [String: JSONValue] = ["activityArn": .string(activityArn)]
        if let workerName { input["workerName"] = .string(workerName) }
        return try await call("GetActivityTask", input, timeout: 65) { json throws(AWSShapeError) -> ActivityTask? in
            guard let token = json["taskToken"]?.stringValue else { return nil }
            let input = json["input"]?.stringValue.flatMap { try? JSONValue(parsing: $0) } ?? .object([:])
            return ActivityTask(taskToken: token, input: input)
        }
    }

    static func activity(_ json: JSONValue) throws(AWSShapeError) -> ActivityDescription {
        let shape = "an activity"
        return ActivityDescription(activityArn: try AWSJSON.string(json, "activityArn", in: shape),
                                   name: try AWSJSON.string(json, "name", in: shape),
                                   creationDate: try AWSJSON.date(json, "creationDate", in: shape))
    }

    // MARK: tags

    public func tagResource(arn: String, tags: [ResourceTag]) async throws(ServiceError) {
        _ = try await client.call("TagResource", ["resourceArn": .string(arn), "tags": Self.tagsJSON(tags)])
    }

    public func untagResource(arn: String, keys: [String]) async throws(ServiceError) {
        _ = try await client.call("UntagResource", ["resourceArn": .string(arn), "tagKeys": .array(keys.map(JSONValue.string))])
    }

    public func listTagsForResource(arn: String) async throws(ServiceError) -> [ResourceTag] {
        try await call("ListTagsForResource", ["resourceArn": .string(arn)]) { json throws(AWSShapeError) in
            (json["tags"]?.arrayValue ?? []).compactMap { item in
                item["key"]?.stringValue.map { ResourceTag(key: $0, value: item["value"]?.stringValue ?? "") }
            }
        }
    }

    static func tagsJSON(_ tags: [ResourceTag]) -> JSONValue {
        .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })
    }

    // MARK: versions and aliases

    public func publishStateMachineVersion(arn: String, revisionId: String?, description: String?) async throws(ServiceError) -> StateMachineVersionListItem {
        var input: [String: JSONValue] = ["stateMachineArn": .string(arn)]
        if let revisionId { input["revisionId"] = .string(revisionId) }
        if let description { input["description"] = .string(description) }
        return try await call("PublishStateMachineVersion", input, Self.version)
    }

    public func listStateMachineVersions(arn: String) async throws(ServiceError) -> [StateMachineVersionListItem] {
        try await callPaged("ListStateMachineVersions", ["stateMachineArn": .string(arn), "maxResults": 1000],
                            member: "stateMachineVersions", Self.version)
    }

    public func deleteStateMachineVersion(arn: String) async throws(ServiceError) {
        _ = try await client.call("DeleteStateMachineVersion", ["stateMachineVersionArn": .string(arn)])
    }

    public func createStateMachineAlias(name: String, description: String?, routing: [RoutingConfigurationItem]) async throws(ServiceError) -> StateMachineAliasDescription {
        var input: [String: JSONValue] = ["name": .string(name), "routingConfiguration": Self.routingJSON(routing)]
        if let description { input["description"] = .string(description) }
        let arn = try await call("CreateStateMachineAlias", input) { json throws(AWSShapeError) in
            try AWSJSON.string(json, "stateMachineAliasArn", in: "CreateStateMachineAlias's answer")
        }
        return try await describeStateMachineAlias(arn: arn)
    }

    public func describeStateMachineAlias(arn: String) async throws(ServiceError) -> StateMachineAliasDescription {
        try await call("DescribeStateMachineAlias", ["stateMachineAliasArn": .string(arn)]) { json throws(AWSShapeError) in
            let shape = "DescribeStateMachineAlias's answer"
            var routing: [RoutingConfigurationItem] = []
            for item in json["routingConfiguration"]?.arrayValue ?? [] {
                routing.append(RoutingConfigurationItem(stateMachineVersionArn: try AWSJSON.string(item, "stateMachineVersionArn", in: shape),
                                                        weight: item["weight"]?.intValue ?? 0))
            }
            let created = try AWSJSON.date(json, "creationDate", in: shape)
            return StateMachineAliasDescription(stateMachineAliasArn: try AWSJSON.string(json, "stateMachineAliasArn", in: shape),
                                                name: try AWSJSON.string(json, "name", in: shape),
                                                description: json["description"]?.stringValue, routingConfiguration: routing,
                                                creationDate: created, updateDate: AWSJSON.date(json["updateDate"]) ?? created)
        }
    }

    public func updateStateMachineAlias(arn: String, description: String?, routing: [RoutingConfigurationItem]?) async throws(ServiceError) -> StateMachineAliasDescription {
        var input: [String: JSONValue] = ["stateMachineAliasArn": .string(arn)]
        if let description { input["description"] = .string(description) }
        if let routing { input["routingConfiguration"] = Self.routingJSON(routing) }
        _ = try await client.call("UpdateStateMachineAlias", input)
        return try await describeStateMachineAlias(arn: arn)
    }

    public func deleteStateMachineAlias(arn: String) async throws(ServiceError) {
        _ = try await client.call("DeleteStateMachineAlias", ["stateMachineAliasArn": .string(arn)])
    }

    public func listStateMachineAliases(arn: String) async throws(ServiceError) -> [StateMachineAliasListItem] {
        try await callPaged("ListStateMachineAliases", ["stateMachineArn": .string(arn), "maxResults": 1000],
                            member: "stateMachineAliases") { json throws(AWSShapeError) in
            let shape = "a ListStateMachineAliases entry"
            return StateMachineAliasListItem(stateMachineAliasArn: try AWSJSON.string(json, "stateMachineAliasArn", in: shape),
                                             creationDate: try AWSJSON.date(json, "creationDate", in: shape))
        }
    }

    static func version(_ json: JSONValue) throws(AWSShapeError) -> StateMachineVersionListItem {
        let shape = "a state machine version"
        return StateMachineVersionListItem(stateMachineVersionArn: try AWSJSON.string(json, "stateMachineVersionArn", in: shape),
                                           creationDate: try AWSJSON.date(json, "creationDate", in: shape))
    }

    static func routingJSON(_ routing: [RoutingConfigurationItem]) -> JSONValue {
        .array(routing.map { ["stateMachineVersionArn": .string($0.stateMachineVersionArn), "weight": .number(Double($0.weight))] })
    }
}
