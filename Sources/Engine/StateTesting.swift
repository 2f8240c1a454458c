import ASL

/// TestState's mock: what the tested Task, Parallel or Map state's work gives instead of running.
public enum StateTestMock: Sendable, Equatable {
    /// The service's (or the branches', or the iterations') result.
    case result(JSONValue)
    /// The error the work fails with.
    case error(StatesError)
}

/// One state to run on its own, as TestState runs it: the state, its input and the workflow
/// variables it sees, and what stands in for the rest of an execution (a mock of its work, the
/// context object, how many retries were made before, how many Map iterations failed).
public struct StateTest: Sendable {
    public var state: StateDefinition
    public var input: JSONValue
    public var variables: [String: JSONValue]
    public var mock: StateTestMock?
    /// Replaces the parts of the context object `$$` it names (merged into the one the engine makes).
    public var context: JSONValue?
    /// `stateConfiguration.retrierRetryCount`: the retries already made by the retrier that takes the error.
    public var retrierRetryCount: Int?
    /// `stateConfiguration.mapIterationFailureCount`: iterations of a tested Map that failed.
    public var mapIterationFailureCount: Int?
    /// `stateConfiguration.mapItemReaderData`: what a distributed Map's ItemReader reads, as its source holds it.
    public var mapItemReaderData: String?
    /// Names the machine in the context object and the run's ARN.
    public var stateMachineName: String
    /// The region of the run's ARNs (the API request's).
    public var region: String = LocalARN.region
    public var roleArn: String?

    public init(state: StateDefinition, input: JSONValue = .object([:]), variables: [String: JSONValue] = [:], mock: StateTestMock? = nil,
                context: JSONValue? = nil, retrierRetryCount: Int? = nil, mapIterationFailureCount: Int? = nil, mapItemReaderData: String? = nil,
                stateMachineName: String = StateTest.stateMachineName, roleArn: String? = nil) {
        self.state = state
        self.input = input
        self.variables = variables
        self.mock = mock
        self.context = context
        self.retrierRetryCount = retrierRetryCount
        self.mapIterationFailureCount = mapIterationFailureCount
        self.mapItemReaderData = mapItemReaderData
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
    }

    /// The machine a tested state runs in, unless it came from a named machine.
    public static let stateMachineName = "TestState"
    /// The name a state given on its own (not inside a machine) runs under.
    public static let singleStateName = "TestState"
    /// TestState's limit: a state still running after five minutes fails with States.Timeout.
    public static let timeLimit = 300.0

    /// Why a definition cannot be tested.
    public enum DefinitionProblem: Error, Equatable, Sendable {
        /// Not a valid state, nor a valid state machine: AWS's InvalidDefinition, with the validator's problems.
        case invalidDefinition(String)
        /// `stateName` names no state of the machine.
        case stateNotFound(String)
        /// A machine of more than one state, and no `stateName`.
        case stateNameRequired
    }

    /// The state a TestState definition is about: a single state (`{"Type": ...}`), checked as
    /// the one state of a machine whose other states are its transitions' targets; or a whole
    /// state machine (`StartAt`, `States`), validated whole, and its state `stateName` (found in
    /// Parallel branches and Map processors too; not needed when the machine has one state).
    public static func state(in text: String, named stateName: String?) throws(DefinitionProblem) -> StateDefinition {
        let json: JSONValue
        do { json = try JSONValue(parsing: text) } catch {
            throw .invalidDefinition("Invalid State Machine Definition: not valid JSON: \(error)")
        }
        guard let object = json.objectValue else {
            throw .invalidDefinition("Invalid State Machine Definition: a state or a state machine is a JSON object, not \(json.typeName)")
        }
        if object["States"] == nil, object["StartAt"] == nil {
            guard stateName == nil else {
                throw .invalidDefinition("Invalid State Machine Definition: with a stateName the definition must be a whole state machine (StartAt and States)")
            }
            let machine = try load(wrapping: json, object)
            guard let state = machine.states[singleStateName] else { throw .stateNotFound(singleStateName) }
            return state
        }
        let machine = try load(json)
        if let stateName {
            guard let state = find(stateName, in: machine) else { throw .stateNotFound(stateName) }
            return state
        }
        guard machine.states.count == 1, let only = machine.states.values.first else { throw .stateNameRequired }
        return only
    }

    private static func load(_ json: JSONValue) throws(DefinitionProblem) -> StateMachineDefinition {
        do { return try StateMachineDefinition.load(json: json) } catch {
            throw .invalidDefinition("Invalid State Machine Definition: \(error)")
        }
    }

    /// A single state as the only state of a machine, its transitions' targets Succeed states, so
    /// that the whole validator checks it.
    private static func load(wrapping json: JSONValue, _ state: [String: JSONValue]) throws(DefinitionProblem) -> StateMachineDefinition {
        var targets: [String] = []
        for key in ["Next", "Default"] { if let name = state[key]?.stringValue { targets.append(name) } }
        for key in ["Choices", "Catch"] {
            for rule in state[key]?.arrayValue ?? [] { if let name = rule["Next"]?.stringValue { targets.append(name) } }
        }
        var states: [String: JSONValue] = [singleStateName: json]
        for target in targets where states[target] == nil { states[target] = ["Type": "Succeed"] }
        return try load(["StartAt": .string(singleStateName), "States": .object(states)])
    }

    /// A state of the machine or of its branches and item processors, by name.
    private static func find(_ name: String, in machine: StateMachineDefinition) -> StateDefinition? {
        if let state = machine.states[name] { return state }
        for state in machine.states.values {
            switch state.kind {
            case .parallel(let branches):
                for branch in branches { if let found = find(name, in: branch) { return found } }
            case .map(let map):
                if let found = find(name, in: map.itemProcessor) { return found }
            default: break
            }
        }
        return nil
    }

    /// Every state name inside a Parallel's branches or a Map's item processor (what
    /// `errorCausedByState` may name).
    public static func innerStateNames(of state: StateDefinition) -> Set<String> {
        func names(_ machine: StateMachineDefinition) -> Set<String> {
            var all = Set(machine.states.keys)
            for inner in machine.states.values { all.formUnion(innerStateNames(of: inner)) }
            return all
        }
        switch state.kind {
        case .parallel(let branches): return branches.reduce(into: Set<String>()) { $0.formUnion(names($1)) }
        case .map(let map): return names(map.itemProcessor)
        default: return []
        }
    }
}

/// What a tested run records, and how it ends: by the state's exit, a failure, a retry it would
/// make, or TestState's time limit. Lives on the engine's loop.
final class StateTestRecorder {
    let test: StateTest
    private(set) var steps: [StateInspection.StepValue] = []
    private(set) var details = StateInspection.ErrorDetails()
    private(set) var caughtError: StatesError?
    var mapSettings: StateInspection.MapSettings?
    /// The tested run's execution: runs hold theirs unowned.
    let execution: Execution
    /// Called once, at the end; nil afterwards.
    var onEnd: ((Ending) -> Void)?

    enum Ending {
        case exited(output: JSONValue, next: String?, variables: [String: JSONValue])
        case failed(StatesError)
        case retriable(StatesError)
    }

    init(test: StateTest, execution: Execution) {
        self.test = test
        self.execution = execution
    }

    func record(_ step: StateInspection.Step, _ value: JSONValue) { steps.append(StateInspection.StepValue(step, value)) }

    /// The mock of the tested state's work (TestState refuses a Parallel or Map without one).
    var mockOutcome: Result<JSONValue, StatesError> {
        switch test.mock {
        case .result(let value)?: return .success(value)
        case .error(let error)?: return .failure(error)
        case nil: return .failure(.runtime("A \(test.state.typeName) state is tested only with a mock of its result or error."))
        }
    }

    /// Before Retry decides: the first retrier that matches `error` is the one the test's
    /// `retrierRetryCount` is about, and the one errorDetails names.
    func prepareRetry(for error: StatesError, policies: [RetryPolicy], counters: inout RetryCounters) {
        guard let index = policies.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }) else { return }
        details.retryIndex = index
        if let count = test.retrierRetryCount { counters.used[index] = count }
    }

    func retriable(_ error: StatesError, retryIndex: Int, backoff: Double) {
        details.retryIndex = retryIndex
        details.retryBackoffIntervalSeconds = Int(backoff.rounded())
        end(.retriable(error))
    }

    func caught(_ error: StatesError, catchIndex: Int) {
        details.catchIndex = catchIndex
        caughtError = error
    }

    func exited(output: JSONValue, next: String?, variables: [String: JSONValue]) { end(.exited(output: output, next: next, variables: variables)) }

    func failed(_ error: StatesError) { end(.failed(error)) }

    private func end(_ ending: Ending) {
        guard let onEnd else { return }
        self.onEnd = nil
        onEnd(ending)
    }

    /// What the test showed.
    func inspection(_ ending: Ending, variables: [String: JSONValue]) -> StateInspection {
        let state = test.state
        var inspection = StateInspection(stateName: state.name, stateType: state.typeName, queryLanguage: state.queryLanguage, input: test.input,
                                         steps: steps, status: .failed, errorDetails: details.isEmpty ? nil : details, map: mapSettings)
        func name(_ error: StatesError) {
            inspection.error = error.error.isEmpty ? nil : error.error
            inspection.cause = error.cause.isEmpty ? nil : error.cause
        }
        var finalVariables = variables
        switch ending {
        case .exited(let output, let next, let after):
            inspection.output = output
            inspection.nextState = next
            inspection.status = caughtError == nil ? .succeeded : .caughtError
            if let caughtError { name(caughtError) }
            finalVariables = after
        case .failed(let error):
            inspection.status = .failed
            name(error)
        case .retriable(let error):
            inspection.status = .retriable
            name(error)
        }
        inspection.variables = finalVariables.isEmpty ? nil : finalVariables
        return inspection
    }
}

extension Engine {
    /// TestState: runs one state on its own, through the same interpreter as an execution (its
    /// data flow, Retry and Catch, its task's integration or local handler), and answers what it
    /// showed. The state's exit, failure or catch ends the test (its next state is not entered),
    /// a Wait does not wait, a retry is not made (the answer says the state would be retried,
    /// and after how long), a mock stands in for a task's, a Parallel's or a Map's work. On the
    /// loop; `completion` is called there, at once for most states, later for a task that a
    /// local handler runs, and at the latest after ``StateTest/timeLimit`` seconds of the
    /// engine's clock (States.Timeout).
    public func testState(_ test: StateTest, completion: @escaping (StateInspection) -> Void) {
        let state = test.state
        let machine = StateMachineDefinition(startAt: state.name, states: [state.name: state], stateNames: [state.name], queryLanguage: state.queryLanguage)
        let name = random.uuid()
        let execution = Execution(arn: LocalARN.expressExecution(machine: test.stateMachineName, name: name, id: random.uuid(), region: test.region), name: name,
                                  stateMachineName: test.stateMachineName, region: test.region, definition: machine, input: test.input, startDate: scheduler.now,
                                  mocks: nil, roleArn: test.roleArn ?? executionRoleArn, isHidden: true, type: .express)
        execution.contextOverride = test.context
        let recorder = StateTestRecorder(test: test, execution: execution)
        let run = MachineRun(execution: execution, definition: machine, lastEventId: 0, variables: test.variables) { [weak recorder] result in
            switch result {
            case .success(let output): recorder?.exited(output: output, next: nil, variables: [:])
            case .failure(let error): recorder?.failed(error)
            }
        }
        run.inspection = recorder
        // The time limit's timer keeps the test alive (recorder -> onEnd -> run -> recorder) until
        // it ends, whoever else lets go of the run (a handler that never answers); the end
        // breaks the cycle and cancels the timer.
        let limit = scheduler.after(StateTest.timeLimit) {
            recorder.failed(StatesError(StatesError.Name.timeout, "The state did not end within TestState's limit of \(JSONValue.format(number: StateTest.timeLimit)) seconds."))
        }
        recorder.onEnd = { [unowned self] ending in
            let variables = run.variables
            // Whatever the state still had under way (a task's timers, a handler's work) stops.
            run.cancel()
            self.scheduler.cancel(limit)
            completion(recorder.inspection(ending, variables: variables))
        }
        scheduler.enqueue { [unowned self] in self.enter(state.name, input: test.input, run: run) }
    }

    /// Whether a tested Task state can run without a mock: its resource is one the engine runs
    /// locally (SQS, a Lambda function with a local handler, a resource with a registered
    /// handler, `states:startExecution` with a registry to start from). Activities, `.sync` and `.waitForTaskToken` tasks run only with a mock, as in
    /// AWS's TestState. A `lambda:invoke` whose FunctionName is computed is given the benefit of
    /// the doubt (without a handler it fails with Lambda.ResourceNotFoundException).
    public func runsWithoutMock(_ task: TaskState, parameters: JSONValue?) -> Bool {
        let binding = taskBinding(for: task.resource)
        if binding.waitsForCallback || task.resource.hasSuffix(".sync") || task.resource.hasSuffix(".sync:2") { return false }
        switch binding.integration {
        case .activity: return false
        case .sqsSendMessage: return true
        case .lambdaFunction(let name): return handlers.function(named: name) != nil
        case .lambdaInvoke:
            guard let name = parameters?["FunctionName"]?.stringValue else { return true }
            return handlers.function(named: TaskBinding.functionName(name)) != nil
        case .registered: return handlers.handler(forResource: binding.resource) != nil
        // Request Response only (the patterns that wait returned above): it starts a real execution, as on AWS.
        case .startExecution: return nestedExecutionStarter != nil || handlers.handler(forResource: binding.resource) != nil
        }
    }

    /// Records a step of a tested state's data flow (nothing for an execution's states).
    @inline(__always)
    func note(_ run: MachineRun, _ step: StateInspection.Step, _ value: @autoclosure () -> JSONValue) {
        if let inspection = run.inspection { inspection.record(step, value()) }
    }

    /// A tested Parallel's or Map's mocked work, through the state's result processing, Retry and Catch.
    func finishTested(_ outcome: Result<JSONValue, StatesError>, state: StateDefinition, rawInput: JSONValue, run: MachineRun,
                      counters: inout RetryCounters, context: @escaping () -> JSONValue) {
        switch outcome {
        case .success(let result):
            do throws(StatesError) {
                try exit(state, result: result, rawInput: rawInput, context: context, run: run)
            } catch {
                handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: {})
            }
        case .failure(let error):
            handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: {})
        }
    }

    /// A tested Map: its items (read from `mapItemReaderData` for an ItemReader), each through
    /// the ItemSelector and ItemBatcher, its concurrency and failure thresholds, then its mock.
    /// With `mapIterationFailureCount` past a tolerated threshold it fails as a Map Run does.
    func testMap(_ state: StateDefinition, _ map: MapState, _ inspection: StateTestRecorder, rawInput: JSONValue, effective: JSONValue,
                 items: [JSONValue], limit: Int, distributed: DistributedMap?, run: MachineRun, enteredTime: Double,
                 counters: inout RetryCounters, context: @escaping () -> JSONValue) {
        var settings = StateInspection.MapSettings(maxConcurrency: limit)
        var outcome = inspection.mockOutcome
        do throws(StatesError) {
            var items = items
            if let reader = distributed?.itemReader, let data = inspection.test.mapItemReaderData {
                items = try Self.items(readerData: data, reader: reader)
            }
            if state.jsonata == nil { note(run, .afterItemsPath, .array(items)) }
            if map.itemSelector != nil || map.jsonataItemSelector != nil {
                var selected: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    selected.append(try selectItem(state, map, index: index, item: item, input: effective, run: run, enteredTime: enteredTime))
                }
                note(run, .afterItemSelector, .array(selected))
            }
            if let distributed {
                if distributed.itemBatcher != nil {
                    let batches = try childInputs(state, map, distributed, items: items, input: effective, run: run, enteredTime: enteredTime)
                    note(run, .afterItemBatcher, .array(batches))
                }
                let thresholds = try FailureThresholds(distributed, input: effective, context: context, variables: run.variables)
                settings.toleratedFailureCount = thresholds.count
                settings.toleratedFailurePercentage = thresholds.percentage
                // Failed iterations matter only against a threshold the Map sets (as AWS's TestState answers).
                if case .success = outcome, let failed = inspection.test.mapIterationFailureCount, thresholds.count != nil || thresholds.percentage != nil,
                   thresholds.exceeded(failed: failed, of: items.count) {
                    outcome = .failure(StatesError(StatesError.Name.exceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded"))
                }
            }
        } catch {
            inspection.mapSettings = settings
            return handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: {})
        }
        inspection.mapSettings = settings
        finishTested(outcome, state: state, rawInput: rawInput, run: run, counters: &counters, context: context)
    }

    /// What a distributed Map's ItemReader would read, from the data its source holds: an S3
    /// object's text (JSON, JSON Lines or CSV, as the reader's InputType says), or for
    /// `listObjectsV2` the objects as JSON (an array, or an answer with `Contents`).
    static func items(readerData data: String, reader: ItemReader) throws(StatesError) -> [JSONValue] {
        if reader.resource == ItemReader.listObjectsV2 {
            guard let parsed = try? JSONValue(parsing: data) else { throw readerFailure("The mapItemReaderData is not JSON") }
            return try items(in: parsed.arrayValue.map { ["Contents": .array($0)] } ?? parsed, reader: reader)
        }
        return try items(in: ["Body": .string(data)], reader: reader)
    }
}

extension JSONValue {
    /// This value with `other` laid over it: objects merge key by key (recursively), anything else is replaced.
    func merging(_ other: JSONValue) -> JSONValue {
        guard var mine = objectValue, let theirs = other.objectValue else { return other }
        for (key, value) in theirs { mine[key] = mine[key].map { $0.merging(value) } ?? value }
        return .object(mine)
    }
}
