import ASL
import StepFunctions

/// CreateStateMachine, DescribeStateMachine, DescribeStateMachineForExecution, ListStateMachines,
/// UpdateStateMachine, DeleteStateMachine and ValidateStateMachineDefinition.
enum StateMachineOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "CreateStateMachine": create,
        "DescribeStateMachine": describe,
        "DescribeStateMachineForExecution": describeForExecution,
        "ListStateMachines": list,
        "UpdateStateMachine": update,
        "DeleteStateMachine": delete,
        "ValidateStateMachineDefinition": DefinitionDiagnostics.validate,
    ]

    @Sendable static func create(_ call: APICall) async throws(APIFault) -> JSONValue {
        let name = try call.required("name")
        let definition = try call.required("definition")
        let roleArn = try call.required("roleArn")
        let type = call.string("type") ?? "STANDARD"
        let tags = TagOperations.tags(in: call.input["tags"])
        let publishing = try VersionOperations.publishing(call)
        if Set(tags.map(\.key)).count > ResourceTag.maxPerResource {
            throw APIFault(type: "TooManyTags", message: "Too many tags: a resource can have at most \(ResourceTag.maxPerResource) tags")
        }
        let (machine, version) = try await call.ask { service throws(ServiceError) in
            let machine = try await service.createStateMachine(name: name, definition: definition, type: type, roleArn: roleArn)
            if !tags.isEmpty { try await service.tagResource(arn: machine.stateMachineArn, tags: tags) }
            let version = publishing.publish ? try await VersionOperations.publish(machine, description: publishing.description, on: service) : nil
            return (machine, version)
        }
        var answer: [String: JSONValue] = ["stateMachineArn": .string(machine.stateMachineArn), "creationDate": .number(machine.creationDate)]
        if let version { answer["stateMachineVersionArn"] = .string(version.stateMachineVersionArn) }
        return .object(answer)
    }

    @Sendable static func describe(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        return json(try await call.ask { service throws(ServiceError) in try await service.describeStateMachine(arn: arn) })
    }

    @Sendable static func describeForExecution(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try ExecutionOperations.standardExecution(call)
        let machine = try await call.ask { service throws(ServiceError) in try await service.describeStateMachineForExecution(executionArn: arn) }
        var answer = json(machine).objectValue ?? [:]
        // This operation's shape has the update date (always) and no status, type or creation date.
        answer["updateDate"] = .number(machine.updateDate ?? machine.creationDate)
        for key in ["status", "type", "creationDate"] { answer[key] = nil }
        if let mapRunArn = machine.mapRunArn { answer["mapRunArn"] = .string(mapRunArn) }
        if let label = machine.label { answer["label"] = .string(label) }
        return .object(answer)
    }

    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let pages = try Pagination(call)
        let machines = try await call.ask { service throws(ServiceError) in try await service.listStateMachines() }
        let page = pages.page(machines)
        return Pagination.answer(["stateMachines": .array(page.items.map(\.awsJSON))], nextToken: page.nextToken)
    }

    @Sendable static func update(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        let definition = call.string("definition")
        let roleArn = call.string("roleArn")
        let settings = ["definition", "roleArn", "loggingConfiguration", "tracingConfiguration", "encryptionConfiguration"]
        guard settings.contains(where: { call.input[$0] != nil }) else {
            throw APIFault(type: "MissingRequiredParameter", message: "Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified")
        }
        let publishing = try VersionOperations.publishing(call)
        let (machine, version) = try await call.ask { service throws(ServiceError) in
            let machine = try await service.updateStateMachine(arn: arn, definition: definition, roleArn: roleArn)
            let version = publishing.publish ? try await VersionOperations.publish(machine, description: publishing.description, on: service) : nil
            return (machine, version)
        }
        var answer: [String: JSONValue] = ["updateDate": .number(machine.updateDate ?? machine.creationDate)]
        if let revisionId = machine.revisionId { answer["revisionId"] = .string(revisionId) }
        if let version { answer["stateMachineVersionArn"] = .string(version.stateMachineVersionArn) }
        return .object(answer)
    }

    @Sendable static func delete(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("stateMachineArn")
        try await call.ask { service throws(ServiceError) in try await service.deleteStateMachine(arn: arn) }
        return .object([:])
    }

    /// DescribeStateMachine's answer (``StateMachineDescription/awsJSON``, beside its reader).
    static func json(_ machine: StateMachineDescription) -> JSONValue { machine.awsJSON }
}
