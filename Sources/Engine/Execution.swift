import ASL

/// One run of a state machine: its identity, status and history. Lives on the engine's loop.
public final class Execution {
    public let arn: String
    public let name: String
    public let stateMachineName: String
    public let stateMachineArn: String
    /// The region of its state machine (the API request's that started it).
    public let region: String
    public let definition: StateMachineDefinition
    public let input: JSONValue
    public let startDate: Double
    /// The IAM role the execution runs as (ExecutionStarted's `roleArn`, `$$.Execution.RoleArn`).
    public let roleArn: String
    /// STANDARD, or EXPRESS (its ARN is an `express:` one, it runs at most five minutes, and its
    /// context object has no `Execution.RedriveCount`: an Express execution cannot be redriven).
    public let type: StateMachineType
    /// The version it runs, when StartExecution named a version or an alias (nil: the latest revision).
    public let stateMachineVersionArn: String?
    /// The alias StartExecution named, if it named one.
    public let stateMachineAliasArn: String?
    /// The definition's text as the service that started it had it (DescribeStateMachineForExecution
    /// of an execution the store does not keep, an EXPRESS one); the engine runs `definition`.
    public var definitionText: String?
    public internal(set) var status: ExecutionStatus = .running
    public internal(set) var stopDate: Double?
    public internal(set) var output: JSONValue?
    public internal(set) var error: String?
    public internal(set) var cause: String?
    public internal(set) var history: [HistoryEvent] = []
    /// How many times RedriveExecution restarted the execution (0: never).
    public internal(set) var redriveCount = 0
    /// When it was last redriven (nil: never); its machine's TimeoutSeconds counts from then.
    public internal(set) var redriveDate: Double?
    /// A distributed Map's child execution, or the run of one state that TestState makes: it runs
    /// on the engine's loop but is not registered or observed (a Map Run's parent history shows
    /// its Map Run's events only; a tested state answers a ``StateInspection``).
    let isHidden: Bool
    /// A distributed Map's child execution: its Map Run (DescribeExecution's `mapRunArn`).
    public let mapRunArn: String?
    /// TestState's `context`: what it gives replaces the parts of the context object `$$` it names.
    var contextOverride: JSONValue?
    /// Mocked task results for this execution, if it runs a MockConfigFile test case.
    public let mocks: MockConfig.TestCase?

    /// Invocations of each mocked state so far (the mock's invocation number).
    var mockInvocations: [String: Int] = [:]
    /// The parts of the context object `$$` that stay the same for the whole execution
    /// (`Execution` and `StateMachine`), made the first time a state reads `$$`.
    /// (Made again when the execution is redriven: its `RedriveCount` and `RedriveTime` change.)
    lazy var contextParts: [String: JSONValue] = makeContextParts()

    func makeContextParts() -> [String: JSONValue] {
        var execution: [String: JSONValue] = [
            "Id": .string(arn),
            "Input": input,
            "Name": .string(name),
            "RoleArn": .string(roleArn),
            "StartTime": .string(Timestamp.format(startDate)),
        ]
        if type == .standard { execution["RedriveCount"] = .number(Double(redriveCount)) }
        // AWS: `RedriveTime` "is only available if you've redriven an execution".
        if let redriveDate { execution["RedriveTime"] = .string(Timestamp.format(redriveDate)) }
        return ["Execution": .object(execution), "StateMachine": ["Id": .string(stateMachineArn), "Name": .string(stateMachineName)]]
    }
    var root: MachineRun?
    var timeoutTimer: Scheduler.TimerID?
    var finishHandlers: [(Execution) -> Void] = []

    /// - Parameter region: the region of its state machine (and of `arn`).
    init(arn: String, name: String, stateMachineName: String, region: String = LocalARN.region, definition: StateMachineDefinition, input: JSONValue,
         startDate: Double, mocks: MockConfig.TestCase?, roleArn: String = LocalARN.executionRole, isHidden: Bool = false,
         type: StateMachineType = .standard, versionArn: String? = nil, aliasArn: String? = nil, mapRunArn: String? = nil) {
        self.isHidden = isHidden
        self.mapRunArn = mapRunArn
        stateMachineVersionArn = versionArn
        stateMachineAliasArn = aliasArn
        self.type = type
        self.arn = arn
        self.name = name
        self.stateMachineName = stateMachineName
        self.stateMachineArn = LocalARN.stateMachine(stateMachineName, region: region)
        self.region = region
        self.definition = definition
        self.input = input
        self.startDate = startDate
        self.mocks = mocks
        self.roleArn = roleArn
    }

    /// The DescribeExecution view.
    public var description: ExecutionDescription {
        var description = ExecutionDescription(executionArn: arn, stateMachineArn: stateMachineArn, name: name, status: status,
                                               startDate: startDate, stopDate: stopDate, input: input, output: output, error: error, cause: cause,
                                               stateMachineVersionArn: stateMachineVersionArn, stateMachineAliasArn: stateMachineAliasArn)
        // Redrive applies to STANDARD executions only; an Express one's description has none of it.
        if type == .standard {
            description.redriveCount = redriveCount
            description.redriveDate = redriveDate
        }
        description.mapRunArn = mapRunArn
        return description
    }

    /// Calls `handler` on the loop when the execution ends (at once if it already has).
    public func onFinish(_ handler: @escaping (Execution) -> Void) {
        if status.isFinished { handler(self) } else { finishHandlers.append(handler) }
    }
}

/// The interpretation of one `StartAt` + `States` scope: the whole machine, a Parallel
/// branch, or a Map iteration.
final class MachineRun {
    unowned let execution: Execution
    let definition: StateMachineDefinition
    /// The id of the last event of this run's chain (its events' `previousEventId`).
    var lastEventId: Int
    var isCancelled = false
    /// An upper bound of the size of the data this run holds (the current state's input), so that
    /// the 256 KiB payload limit is checked by measuring only what each state adds; nil: not known.
    var payloadBound: Int?
    /// The state this run is in and the id of its entered event (for AWS's wording of a
    /// States.Runtime error: "... the state 'X' (entered at the event id #N). ...").
    var current: (name: String, enteredId: Int)?
    /// Stops whatever the current state is doing (a task, a wait, child runs).
    var cancelCurrent: (() -> Void)?
    /// The workflow variables this run sees (`$name`). A Parallel branch or Map iteration starts
    /// with a copy of its parent's: it reads them, and what it assigns stays in its own scope.
    var variables: [String: JSONValue]
    /// Set when the run is TestState's test of one state: it records each step of the state's
    /// data flow, and the state's exit, failure, retry or catch ends the test instead of moving on.
    var inspection: StateTestRecorder?
    let completion: (Result<JSONValue, StatesError>) -> Void

    init(execution: Execution, definition: StateMachineDefinition, lastEventId: Int,
         variables: [String: JSONValue] = [:], completion: @escaping (Result<JSONValue, StatesError>) -> Void) {
        self.variables = variables
        self.execution = execution
        self.definition = definition
        self.lastEventId = lastEventId
        self.completion = completion
    }

    /// Whether this run may still act (not stopped, execution still running).
    var isLive: Bool { !isCancelled && execution.status == .running }

    func cancel() {
        guard !isCancelled else { return }
        isCancelled = true
        let stop = cancelCurrent
        cancelCurrent = nil
        stop?()
    }
}
