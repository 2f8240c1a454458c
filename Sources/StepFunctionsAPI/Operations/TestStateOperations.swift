import ASL
import Engine
import StepFunctions

/// TestState: one state run on its own, answered as AWS answers it (`status`, `output`,
/// `error`, `cause`, `nextState`; `inspectionData` from the DEBUG level on, its JSON members as
/// JSON text). TRACE adds an HTTP Task's request and response; PizzaDash runs HTTP Tasks only
/// mocked, so TRACE answers what DEBUG does.
enum TestStateOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "TestState": testState,
    ]

    @Sendable static func testState(_ call: APICall) async throws(APIFault) -> JSONValue {
        let input = try request(call)
        let answer = try await call.ask { service throws(ServiceError) in try await service.testState(input) }
        return json(answer)
    }

    /// The seam's request from the validated input.
    static func request(_ call: APICall) throws(APIFault) -> TestStateInput {
        let definition = try call.required("definition")
        // The model's enum has refused any other value already.
        let level = call.string("inspectionLevel").flatMap(InspectionLevel.init(rawValue:)) ?? .info
        var mock: TestStateInput.Mock?
        if let object = call.input["mock"]?.objectValue {
            let errorOutput = object["errorOutput"]?.objectValue
            mock = TestStateInput.Mock(result: object["result"]?.stringValue, error: errorOutput?["error"]?.stringValue,
                                       cause: errorOutput?["cause"]?.stringValue, hasErrorOutput: errorOutput != nil,
                                       fieldValidationMode: object["fieldValidationMode"]?.stringValue)
        }
        var configuration: TestStateInput.StateConfiguration?
        if let object = call.input["stateConfiguration"]?.objectValue {
            configuration = TestStateInput.StateConfiguration(
                retrierRetryCount: object["retrierRetryCount"]?.numberValue.map { Int($0) },
                errorCausedByState: object["errorCausedByState"]?.stringValue,
                mapIterationFailureCount: object["mapIterationFailureCount"]?.numberValue.map { Int($0) },
                mapItemReaderData: object["mapItemReaderData"]?.stringValue)
        }
        return TestStateInput(definition: definition, roleArn: call.string("roleArn"), input: call.string("input"), inspectionLevel: level,
                              revealSecrets: call.bool("revealSecrets") ?? false, variables: call.string("variables"),
                              stateName: call.string("stateName"), mock: mock, context: call.string("context"),
                              stateConfiguration: configuration)
    }

    /// TestState's answer in AWS's shape.
    static func json(_ answer: TestStateOutput) -> JSONValue {
        var object: [String: JSONValue] = ["status": .string(answer.status.rawValue)]
        if let output = answer.output { object["output"] = .string(output.serialized()) }
        if let error = answer.error { object["error"] = .string(error) }
        if let cause = answer.cause { object["cause"] = .string(cause) }
        if let next = answer.nextState { object["nextState"] = .string(next) }
        if let inspection = answer.inspection { object["inspectionData"] = inspectionData(inspection) }
        return .object(object)
    }

    /// `inspectionData`: the input and each step's value as JSON text, the variables after the
    /// state, which retrier or catcher took an error, a Map's settings.
    static func inspectionData(_ inspection: StateInspection) -> JSONValue {
        var data: [String: JSONValue] = ["input": .string(inspection.input.serialized())]
        for step in inspection.steps { data[step.step.rawValue] = .string(step.value.serialized()) }
        if let variables = inspection.variables { data["variables"] = .string(JSONValue.object(variables).serialized()) }
        if let details = inspection.errorDetails {
            var object: [String: JSONValue] = [:]
            if let index = details.catchIndex { object["catchIndex"] = .number(Double(index)) }
            if let index = details.retryIndex { object["retryIndex"] = .number(Double(index)) }
            if let seconds = details.retryBackoffIntervalSeconds { object["retryBackoffIntervalSeconds"] = .number(Double(seconds)) }
            data["errorDetails"] = .object(object)
        }
        if let map = inspection.map {
            if let n = map.maxConcurrency { data["maxConcurrency"] = .number(Double(n)) }
            if let n = map.toleratedFailureCount { data["toleratedFailureCount"] = .number(Double(n)) }
            if let p = map.toleratedFailurePercentage { data["toleratedFailurePercentage"] = .number(p) }
        }
        return .object(data)
    }
}
