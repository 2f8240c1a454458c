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

    /// TestState's answer in AWS's shape (``TestStateOutput/awsJSON``, beside its reader).
    static func json(_ answer: TestStateOutput) -> JSONValue { answer.awsJSON }
}
