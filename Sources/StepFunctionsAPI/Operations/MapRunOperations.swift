import ASL
import StepFunctions

/// DescribeMapRun, ListMapRuns and UpdateMapRun: a distributed Map's Map Run as AWS describes it
/// (its child executions are listed by ListExecutions with `mapRunArn`, see ExecutionOperations).
enum MapRunOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "DescribeMapRun": describe,
        "ListMapRuns": list,
        "UpdateMapRun": update,
    ]

    @Sendable static func describe(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("mapRunArn")
        return try await call.ask { service throws(ServiceError) in try await service.describeMapRun(arn: arn) }.json
    }

    /// `{mapRuns: [{executionArn, mapRunArn, stateMachineArn, startDate, stopDate?}], nextToken?}`.
    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let executionArn = try call.required("executionArn")
        let pages = try Pagination(call)
        let mapRuns = try await call.ask { service throws(ServiceError) in try await service.listMapRuns(executionArn: executionArn) }
        let page = pages.page(mapRuns)
        let items: [JSONValue] = page.items.map { mapRun in
            var object: [String: JSONValue] = [
                "executionArn": .string(mapRun.executionArn), "mapRunArn": .string(mapRun.mapRunArn),
                "stateMachineArn": .string(mapRun.stateMachineArn), "startDate": .number(mapRun.startDate),
            ]
            if let stop = mapRun.stopDate { object["stopDate"] = .number(stop) }
            return .object(object)
        }
        return Pagination.answer(["mapRuns": .array(items)], nextToken: page.nextToken)
    }

    /// UpdateMapRun answers `{}`.
    @Sendable static func update(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("mapRunArn")
        let maxConcurrency = call.int("maxConcurrency")
        let percentage = call.input["toleratedFailurePercentage"]?.numberValue
        let count = call.int("toleratedFailureCount")
        try await call.ask { service throws(ServiceError) in
            try await service.updateMapRun(arn: arn, maxConcurrency: maxConcurrency, toleratedFailurePercentage: percentage,
                                           toleratedFailureCount: count)
        }
        return .object([:])
    }
}
