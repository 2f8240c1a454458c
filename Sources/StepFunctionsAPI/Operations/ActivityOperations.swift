import ASL
import StepFunctions

/// CreateActivity, DescribeActivity, ListActivities, DeleteActivity and GetActivityTask (the
/// workers' long poll; they answer with the task-token operations).
enum ActivityOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "CreateActivity": create,
        "DescribeActivity": describe,
        "ListActivities": list,
        "DeleteActivity": delete,
        "GetActivityTask": getTask,
    ]

    @Sendable static func create(_ call: APICall) async throws(APIFault) -> JSONValue {
        let name = try call.required("name")
        let tags = TagOperations.tags(in: call.input["tags"])
        let activity = try await call.ask { service throws(ServiceError) in try await service.createActivity(name: name, tags: tags) }
        return ["activityArn": .string(activity.activityArn), "creationDate": .number(activity.creationDate)]
    }

    @Sendable static func describe(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("activityArn")
        let activity = try await call.ask { service throws(ServiceError) in try await service.describeActivity(arn: arn) }
        return ["activityArn": .string(activity.activityArn), "name": .string(activity.name), "creationDate": .number(activity.creationDate)]
    }

    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let pages = try Pagination(call)
        let activities = try await call.ask { service throws(ServiceError) in try await service.listActivities() }
        let page = pages.page(activities)
        let items: [JSONValue] = page.items.map {
            ["activityArn": .string($0.activityArn), "name": .string($0.name), "creationDate": .number($0.creationDate)]
        }
        return Pagination.answer(["activities": .array(items)], nextToken: page.nextToken)
    }

    @Sendable static func delete(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("activityArn")
        try await call.ask { service throws(ServiceError) in try await service.deleteActivity(arn: arn) }
        return .object([:])
    }

    /// `{taskToken, input}` (the input as JSON text), or `{}` when no task came within the poll's limit.
    @Sendable static func getTask(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("activityArn")
        let workerName = call.string("workerName")
        let task = try await call.ask { service throws(ServiceError) in try await service.getActivityTask(activityArn: arn, workerName: workerName) }
        guard let task else { return .object([:]) }
        return ["taskToken": .string(task.taskToken), "input": .string(task.input.serialized())]
    }
}
