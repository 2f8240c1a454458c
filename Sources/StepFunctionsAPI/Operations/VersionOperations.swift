import ASL
import StepFunctions

/// PublishStateMachineVersion, ListStateMachineVersions and DeleteStateMachineVersion (and the
/// `publish` of CreateStateMachine and UpdateStateMachine).
enum VersionOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "PublishStateMachineVersion": publish,
        "ListStateMachineVersions": list,
        "DeleteStateMachineVersion": delete,
    ]

    @Sendable static func publish(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        let (revisionId, description) = (call.string("revisionId"), call.string("description"))
        let version = try await call.ask { service throws(ServiceError) in
            try await service.publishStateMachineVersion(arn: arn, revisionId: revisionId, description: description)
        }
        return ["stateMachineVersionArn": .string(version.stateMachineVersionArn), "creationDate": .number(version.creationDate)]
    }

    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        let pages = try Pagination(call)
        let versions = try await call.ask { service throws(ServiceError) in try await service.listStateMachineVersions(arn: arn) }
        let page = pages.page(versions)
        let items: [JSONValue] = page.items.map {
            ["stateMachineVersionArn": .string($0.stateMachineVersionArn), "creationDate": .number($0.creationDate)]
        }
        return Pagination.answer(["stateMachineVersions": .array(items)], nextToken: page.nextToken)
    }

    @Sendable static func delete(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineVersionArn")
        try await call.ask { service throws(ServiceError) in try await service.deleteStateMachineVersion(arn: arn) }
        return .object([:])
    }

    /// CreateStateMachine's and UpdateStateMachine's `publish` and `versionDescription`: the
    /// description only with `publish: true`, as AWS checks.
    static func publishing(_ call: APICall) throws(APIFault) -> (publish: Bool, description: String?) {
        let publish = call.bool("publish") ?? false
        let description = call.string("versionDescription")
        if description != nil, !publish {
            throw APIFault.validation("Version description can only be set when publish is true")
        }
        return (publish, description)
    }

    /// Publishes the revision `machine` describes (`ConflictException` if another change came first).
    static func publish(_ machine: StateMachineDescription, description: String?,
                        on service: any StepFunctionsService) async throws(ServiceError) -> StateMachineVersionListItem {
        try await service.publishStateMachineVersion(arn: machine.stateMachineArn, revisionId: machine.revisionId ?? "INITIAL", description: description)
    }
}
