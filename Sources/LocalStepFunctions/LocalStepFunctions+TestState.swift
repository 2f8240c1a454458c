import ASL
import Engine
import StepFunctions

extension LocalStepFunctions {
    /// TestState: checked and started in one turn of the loop; the answer comes when the state
    /// has run (at once, unless a local handler runs its task).
    public func testState(_ input: TestStateInput) async throws(ServiceError) -> TestStateOutput {
        let result: Result<TestStateOutput, ServiceError> = await withCheckedContinuation { continuation in
            let operations = onLoop
            let job = LoopBound {
                do throws(ServiceError) {
                    try operations.testState(input) { continuation.resume(returning: .success($0)) }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            engine.scheduler.post { job.value() }
        }
        return try result.get()
    }
}

extension LoopOperations {
    /// TestState on the loop: checks the request as AWS does, then runs the state;
    /// `completion` is called on the loop with the answer.
    public func testState(_ input: TestStateInput, completion: @escaping (TestStateOutput) -> Void) throws(ServiceError) {
        let test = try stateTest(input)
        let level = input.inspectionLevel
        service.engine.testState(test) { completion(TestStateOutput($0, level: level)) }
    }

    /// The engine's test of one state, from TestState's request; AWS's errors for a request it refuses.
    func stateTest(_ input: TestStateInput) throws(ServiceError) -> StateTest {
        let state: StateDefinition
        do { state = try StateTest.state(in: input.definition, named: input.stateName) } catch {
            switch error {
            case .invalidDefinition(let message): throw ServiceError(.invalidDefinition, message)
            case .stateNotFound: throw ServiceError(.validation, "State not found in definition")
            case .stateNameRequired:
                throw ServiceError(.validation, "The definition is a state machine of more than one state: stateName must name the state to test")
            }
        }
        let mock = try Self.mock(input, for: state)
        if input.context != nil, mock == nil {
            throw ServiceError(.validation, "A context may only be specified if a mock is specified in the same request.")
        }
        let context = try input.context.map { text throws(ServiceError) -> JSONValue in
            guard let value = try? JSONValue(parsing: text), value.objectValue != nil else {
                throw ServiceError(.validation, "Invalid Context object provided: the context must be a JSON object")
            }
            return value
        }
        let stateInput: JSONValue
        do { stateInput = try JSONValue(parsing: input.input ?? "{}") } catch {
            throw ServiceError(.invalidExecutionInput, "Invalid State Machine Execution Input: '\(error)'")
        }
        var variables: [String: JSONValue] = [:]
        if let text = input.variables {
            guard let value = try? JSONValue(parsing: text), let object = value.objectValue else {
                throw ServiceError(.validation, "Invalid variables: the variables must be a JSON object of variable names to values")
            }
            variables = object
        }
        if let roleArn = input.roleArn {
            try Self.checkRoleArn(roleArn)
        }
        if case .task(let task) = state.kind, mock == nil {
            // As AWS: a Task run for real needs a role (with a mock it is optional).
            guard input.roleArn != nil else { throw ServiceError(.validation, "RoleArn must be specified when testing a Task state") }
            guard service.engine.runsWithoutMock(task, parameters: state.parameters) else {
                throw ServiceError(.validation, "The Task state's resource '\(task.resource)' does not run locally (no local handler, or an activity, .sync or .waitForTaskToken task): give a mock of its result or error")
            }
        }
        let configuration = input.stateConfiguration
        if let name = configuration?.errorCausedByState {
            let inner = StateTest.innerStateNames(of: state)
            guard !inner.isEmpty else {
                throw ServiceError(.validation, "errorCausedByState is only for a Map or Parallel state, not a \(state.typeName) state")
            }
            guard inner.contains(name) else {
                throw ServiceError(.validation, "errorCausedByState '\(name)' is not a state of the \(state.typeName) state's \(state.typeName == "Map" ? "item processor" : "branches")")
            }
        }
        var test = StateTest(state: state, input: stateInput, variables: variables, mock: mock, context: context,
                             retrierRetryCount: configuration?.retrierRetryCount, mapIterationFailureCount: configuration?.mapIterationFailureCount,
                             mapItemReaderData: configuration?.mapItemReaderData, roleArn: input.roleArn)
        test.region = service.region
        return test
    }

    /// TestState's mock, checked as AWS checks it: only for Task, Map and Parallel states (and a
    /// Map or Parallel only with one), one of `result` and `errorOutput`, a result that is JSON
    /// (an array for a Map, an array of one item a branch for a Parallel), and a Task's result
    /// conforming to its operation's output shape per `fieldValidationMode` (ResultShapes).
    static func mock(_ input: TestStateInput, for state: StateDefinition) throws(ServiceError) -> StateTestMock? {
        let isMapOrParallel: Bool
        switch state.kind {
        case .map, .parallel: isMapOrParallel = true
        default: isMapOrParallel = false
        }
        guard let mock = input.mock else {
            if isMapOrParallel {
                throw ServiceError(.invalidDefinition, "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]")
            }
            return nil
        }
        if case .task = state.kind {} else if !isMapOrParallel {
            throw ServiceError(.validation, "State type '\(state.typeName)' is not supported when a mock is specified")
        }
        if input.revealSecrets {
            throw ServiceError(.validation, "TestState does not support RevealSecrets when a mock is specified.")
        }
        if mock.result != nil, mock.hasErrorOutput {
            throw ServiceError(.validation, "A test mock should have only one of the following fields: [result, errorOutput].")
        }
        if mock.hasErrorOutput {
            guard let error = mock.error else {
                throw ServiceError(.validation, "1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy constraint: Member must not be null")
            }
            return .error(StatesError(error, mock.cause ?? ""))
        }
        guard let text = mock.result else {
            throw ServiceError(.validation, "A test mock should have one of the following fields: [result, errorOutput].")
        }
        guard let result = try? JSONValue(parsing: text) else { throw ServiceError(.validation, "Mocked result must be valid JSON") }
        let modeText = mock.fieldValidationMode ?? MockFieldValidationMode.strict.rawValue
        guard let mode = MockFieldValidationMode(rawValue: modeText) else {
            throw ServiceError(.validation, "1 validation error detected: Value '\(modeText)' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]")
        }
        switch state.kind {
        case .task(let task):
            // Checked against the output shape of the API operation the resource calls, when it is
            // modelled (ResultShapes); a Map's or Parallel's mock stands for its whole result,
            // which no API model describes.
            if let problem = ResultShapes.problem(of: result, resource: task.resource, mode: mode) {
                throw ServiceError(.validation, problem.message)
            }
        case .map:
            guard result.arrayValue != nil else { throw ServiceError(.validation, "Mocked result must be an array.") }
        case .parallel(let branches):
            guard let items = result.arrayValue else { throw ServiceError(.validation, "Mocked result must be an array.") }
            guard items.count == branches.count else {
                throw ServiceError(.validation, "Mocked result must contain the same number of items as number of Parallel branches.")
            }
        default: break
        }
        return .result(result)
    }
}
