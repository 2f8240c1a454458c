import ASL
import Engine
import StepFunctions

/// StartExecution, StartSyncExecution, DescribeExecution, ListExecutions, StopExecution,
/// GetExecutionHistory and RedriveExecution.
enum ExecutionOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "StartExecution": start,
        "StartSyncExecution": startSync,
        "DescribeExecution": describe,
        "ListExecutions": list,
        "StopExecution": stop,
        "GetExecutionHistory": history,
        "RedriveExecution": redrive,
    ]

    @Sendable static func start(_ call: APICall) async throws(APIFault) -> JSONValue {
        let request = try startInput(call)
        let started = try await call.ask { service throws(ServiceError) in try await service.startExecution(request) }
        return started.awsJSON
    }

    /// Only EXPRESS machines run synchronously, as on AWS (the seam refuses the others).
    @Sendable static func startSync(_ call: APICall) async throws(APIFault) -> JSONValue {
        let request = try startInput(call)
        let ended = try await call.ask { service throws(ServiceError) in try await service.startSyncExecution(request) }
        return ended.syncExecutionJSON
    }

    /// StartExecution's members: `input` is JSON text (`{}` when missing); a `#TestCase` after the
    /// machine's ARN picks a mock test case, as Step Functions Local does.
    static func startInput(_ call: APICall) throws(APIFault) -> StartExecutionInput {
        var arn = try call.required("stateMachineArn")
        var testCase: String?
        if let hash = arn.lastIndex(of: "#") {
            testCase = String(arn[arn.index(after: hash)...])
            arn = String(arn[..<hash])
        }
        let input: JSONValue
        if let text = call.string("input") {
            do { input = try JSONValue(parsing: text) } catch {
                throw APIFault(type: "InvalidExecutionInput", message: "Invalid State Machine Execution Input: '\(error)'")
            }
        } else {
            input = .object([:])
        }
        return StartExecutionInput(stateMachineArn: arn, name: call.string("name"), input: input, testCase: testCase)
    }

    @Sendable static func describe(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try standardExecution(call)
        return try await call.ask { service throws(ServiceError) in try await service.describeExecution(arn: arn) }.json
    }

    /// ListExecutions of a state machine (or version or alias) or, with `mapRunArn`, of a Map
    /// Run's child executions: exactly one of the two, as AWS requires.
    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let machineArn = call.string("stateMachineArn"), mapRunArn = call.string("mapRunArn")
        guard machineArn == nil || mapRunArn == nil else {
            throw APIFault.validation("Only one of StateMachine ARN or MapRun ARN can be provided")
        }
        let status = call.string("statusFilter").flatMap(ExecutionStatus.init(rawValue:))
        let redriveFilter = call.string("redriveFilter").flatMap(ExecutionRedriveFilter.init(rawValue:))
        let pages = try Pagination(call)
        let executions: [ExecutionListItem]
        if let machineArn {
            executions = try await call.ask { service throws(ServiceError) in
                try await service.listExecutions(stateMachineArn: machineArn, status: status, redriveFilter: redriveFilter)
            }
        } else if let mapRunArn {
            executions = try await call.ask { service throws(ServiceError) in
                try await service.listExecutions(mapRunArn: mapRunArn, status: status, redriveFilter: redriveFilter)
            }
        } else {
            throw APIFault.validation("Must provide a StateMachine ARN or MapRun ARN")
        }
        let page = pages.page(executions)
        return Pagination.answer(["executions": .array(page.items.map(\.awsJSON))], nextToken: page.nextToken)
    }

    @Sendable static func stop(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try standardExecution(call)
        let (error, cause) = (call.string("error"), call.string("cause"))
        let stopDate = try await call.ask { service throws(ServiceError) in try await service.stopExecution(arn: arn, error: error, cause: cause) }
        return ["stopDate": .number(stopDate)]
    }

    /// RedriveExecution: `{redriveDate}`; `ExecutionNotRedrivable` with AWS's reason otherwise.
    @Sendable static func redrive(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try standardExecution(call)
        let token = call.string("clientToken")
        let date = try await call.ask { service throws(ServiceError) in try await service.redriveExecution(arn: arn, clientToken: token) }
        return ["redriveDate": .number(date)]
    }

    /// GetExecutionHistory: `includeExecutionData: false` leaves out every input and output.
    @Sendable static func history(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try standardExecution(call)
        let asked = call.int("maxResults") ?? 0
        var request = HistoryPageRequest(maxResults: asked == 0 ? 100 : asked, reverseOrder: call.bool("reverseOrder") ?? false)
        if let token = call.string("nextToken") {
            guard let offset = Pagination.offset(of: token) else { throw APIFault(type: "InvalidToken", message: "Invalid Token: '\(token)'") }
            request.nextToken = String(offset)
        }
        let page = try await call.ask { service throws(ServiceError) in try await service.getExecutionHistory(arn: arn, page: request) }
        let includeData = call.bool("includeExecutionData") ?? true
        let events = page.events.map { includeData ? $0.json : withoutData($0.json) }
        return Pagination.answer(["events": .array(events)], nextToken: page.nextToken.flatMap(Int.init).map(Pagination.token(for:)))
    }

    /// The `executionArn` of an operation AWS serves for STANDARD executions only (Describe, Stop,
    /// GetExecutionHistory, Redrive): an EXPRESS execution's `express:` ARN is `InvalidArn`, as
    /// AWS answers it. (The seam still describes them, so the local dashboard shows them.)
    static func standardExecution(_ call: APICall) throws(APIFault) -> String {
        let arn = try call.required("executionArn")
        guard !LocalARN.isExpressExecution(arn) else {
            throw APIFault(type: "InvalidArn", message: "Invalid Arn: 'Resource type not valid in this context: express'")
        }
        return arn
    }

    private static func withoutData(_ event: JSONValue) -> JSONValue {
        guard var object = event.objectValue else { return event }
        for (key, value) in object where key.hasSuffix("EventDetails") {
            guard var details = value.objectValue else { continue }
            for field in ["input", "inputDetails", "output", "outputDetails"] { details[field] = nil }
            object[key] = .object(details)
        }
        return .object(object)
    }
}
