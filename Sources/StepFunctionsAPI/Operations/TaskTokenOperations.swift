import ASL
import StepFunctions

/// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: what a worker holding a task token
/// (`.waitForTaskToken`, an activity) answers with.
enum TaskTokenOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "SendTaskSuccess": success,
        "SendTaskFailure": failure,
        "SendTaskHeartbeat": heartbeat,
    ]

    @Sendable static func success(_ call: APICall) async throws(APIFault) -> JSONValue {
        let token = try call.required("taskToken")
        let text = try call.required("output")
        let output: JSONValue
        do { output = try JSONValue(parsing: text) } catch {
            throw APIFault(type: "InvalidOutput", message: "Invalid Output: '\(error)'")
        }
        try await call.ask { service throws(ServiceError) in try await service.sendTaskSuccess(token: token, output: output) }
        return .object([:])
    }

    @Sendable static func failure(_ call: APICall) async throws(APIFault) -> JSONValue {
        let token = try call.required("taskToken")
        let (error, cause) = (call.string("error") ?? "", call.string("cause") ?? "")
        try await call.ask { service throws(ServiceError) in try await service.sendTaskFailure(token: token, error: error, cause: cause) }
        return .object([:])
    }

    @Sendable static func heartbeat(_ call: APICall) async throws(APIFault) -> JSONValue {
        let token = try call.required("taskToken")
        try await call.ask { service throws(ServiceError) in try await service.sendTaskHeartbeat(token: token) }
        return .object([:])
    }
}
