import ASL
import StepFunctions

/// CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
/// DeleteStateMachineAlias and ListStateMachineAliases.
enum AliasOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "CreateStateMachineAlias": create,
        "DescribeStateMachineAlias": describe,
        "UpdateStateMachineAlias": update,
        "DeleteStateMachineAlias": delete,
        "ListStateMachineAliases": list,
    ]

    @Sendable static func create(_ call: APICall) async throws(APIFault) -> JSONValue {
        let name = try call.required("name")
        let description = call.string("description")
        let routing = Self.routing(in: call.input["routingConfiguration"]) ?? []
        let alias = try await call.ask { service throws(ServiceError) in
            try await service.createStateMachineAlias(name: name, description: description, routing: routing)
        }
        return ["stateMachineAliasArn": .string(alias.stateMachineAliasArn), "creationDate": .number(alias.creationDate)]
    }

    @Sendable static func describe(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineAliasArn")
        let alias = try await call.ask { service throws(ServiceError) in try await service.describeStateMachineAlias(arn: arn) }
        var answer: [String: JSONValue] = [
            "stateMachineAliasArn": .string(alias.stateMachineAliasArn),
            "name": .string(alias.name),
            "routingConfiguration": .array(alias.routingConfiguration.map {
                ["stateMachineVersionArn": .string($0.stateMachineVersionArn), "weight": .number(Double($0.weight))]
            }),
            "creationDate": .number(alias.creationDate),
            "updateDate": .number(alias.updateDate),
        ]
        if let description = alias.description { answer["description"] = .string(description) }
        return .object(answer)
    }

    @Sendable static func update(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineAliasArn")
        let description = call.string("description")
        let routing = Self.routing(in: call.input["routingConfiguration"])
        let alias = try await call.ask { service throws(ServiceError) in
            try await service.updateStateMachineAlias(arn: arn, description: description, routing: routing)
        }
        return ["updateDate": .number(alias.updateDate)]
    }

    @Sendable static func delete(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineAliasArn")
        try await call.ask { service throws(ServiceError) in try await service.deleteStateMachineAlias(arn: arn) }
        return .object([:])
    }

    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        let pages = try Pagination(call)
        let aliases = try await call.ask { service throws(ServiceError) in try await service.listStateMachineAliases(arn: arn) }
        let page = pages.page(aliases)
        let items: [JSONValue] = page.items.map {
            ["stateMachineAliasArn": .string($0.stateMachineAliasArn), "creationDate": .number($0.creationDate)]
        }
        return Pagination.answer(["stateMachineAliases": .array(items)], nextToken: page.nextToken)
    }

    /// A `RoutingConfigurationList` (validated already: both members of each item are there).
    static func routing(in value: JSONValue?) -> [RoutingConfigurationItem]? {
        value?.arrayValue?.compactMap { item in
            guard let arn = item["stateMachineVersionArn"]?.stringValue, let weight = item["weight"]?.numberValue else { return nil }
            return RoutingConfigurationItem(stateMachineVersionArn: arn, weight: Int(weight))
        }
    }
}
