import ASL

/// Errors of the engine's API calls (as opposed to errors inside an execution).
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
    case executionAlreadyExists(String)
    case executionDoesNotExist(String)
    case taskDoesNotExist(String)
    case invalidOutput(String)
    /// RedriveExecution refused: AWS's reason (see ``Engine/redriveRefusal(_:)``).
    case executionNotRedrivable(String)

    public var description: String {
        switch self {
        case .executionAlreadyExists(let arn): return "ExecutionAlreadyExists: an execution named \(arn) already exists"
        case .executionDoesNotExist(let arn): return "ExecutionDoesNotExist: no execution \(arn)"
        case .taskDoesNotExist(let token): return "TaskDoesNotExist: no task is waiting for the token \(token)"
        case .invalidOutput(let why): return "InvalidOutput: \(why)"
        case .executionNotRedrivable(let why): return "ExecutionNotRedrivable: \(why)"
        }
    }
}

/// The local Step Functions service: starts executions of any ASL definition, interprets them
/// on its ``Scheduler``, and records every step as a ``HistoryEvent``.
///
/// Not thread-safe by design: call it on the scheduler's loop (from other threads, go through
/// ``Scheduler/post(_:)``). One thread owns all execution state, so runs are deterministic.
public final class Engine {
    public let scheduler: Scheduler
    public var handlers = TaskHandlerRegistry()
    /// Starts the child executions of `states:startExecution` tasks (NestedExecutions.swift):
    /// installed by the service that holds the registry of state machines. Without it those
    /// tasks fail with States.Runtime, unless a handler is registered for their resource.
    public var nestedExecutionStarter: NestedExecutionStarter?
    public let queues: LocalQueues
    /// Executions by ARN, and their ARNs in start order.
    /// (Settable inside the module so that Recovery.swift can add executions read from a store.)
    public internal(set) var executions: [String: Execution] = [:]
    public internal(set) var executionArns: [String] = []

    /// How many events the last finished execution of each state machine had.
    private var historyLengths: [String: Int] = [:]
    var observers: [(Execution, HistoryEvent) -> Void] = []
    /// The IAM role executions run as (ExecutionStarted's `roleArn`, `$$.Execution.RoleArn`);
    /// nothing checks it locally. `run --role-arn` sets it.
    public var executionRoleArn = LocalARN.executionRole
    var tasksByToken: [String: CallbackTask] = [:]
    var bindings: [String: TaskBinding] = [:]
    /// Activities, their tasks waiting for a worker and the workers waiting for a task (Activities.swift).
    var activityBoard = ActivityBoard()
    /// Distributed Maps' Map Runs and their child executions (MapRuns.swift).
    var mapRunBoard = MapRunBoard()
    var random: SplitMix64
    /// State machines (by ARN) deleted while their executions ran (DeleteStateMachine: DELETING): each of
    /// their executions fails at its next state transition.
    public private(set) var deletedStateMachines: Set<String> = []

    /// - Parameters:
    ///   - seed: seeds execution names, task tokens and retry jitter, so runs are repeatable.
    public init(clock: ClockMode, startTime: Double? = nil, seed: UInt64 = 0x5EED, wallClock: WallClock = SystemWallClock()) {
        scheduler = Scheduler(mode: clock, startTime: startTime, wallClock: wallClock)
        queues = LocalQueues(scheduler: scheduler)
        random = SplitMix64(seed: seed)
    }

    /// Calls `observer` with every history event of every execution, as it happens (on the loop).
    public func observe(_ observer: @escaping (Execution, HistoryEvent) -> Void) {
        observers.append(observer)
    }

    /// Starts an execution (StartExecution). It runs as the loop runs.
    /// - Parameters:
    ///   - stateMachineName: names the machine in ARNs and selects the mock test case's machine.
    ///   - region: the machine's region, which its executions' ARNs name.
    ///   - name: the execution's name; a fresh UUID by default.
    ///   - versionArn, aliasArn: the version (and alias) StartExecution named, which `definition` is of.
    @discardableResult
    public func startExecution(definition: StateMachineDefinition, stateMachineName: String, region: String = LocalARN.region, name: String? = nil,
                               input: JSONValue = .object([:]), mocks: MockConfig.TestCase? = nil,
                               type: StateMachineType = .standard, roleArn: String? = nil,
                               versionArn: String? = nil, aliasArn: String? = nil) throws(EngineError) -> Execution {
        let executionName = name ?? random.uuid()
        let arn = type == .express ? LocalARN.expressExecution(machine: stateMachineName, name: executionName, id: random.uuid(), region: region)
            : LocalARN.execution(machine: stateMachineName, name: executionName, region: region)
        let execution = Execution(arn: arn, name: executionName, stateMachineName: stateMachineName, region: region, definition: definition,
                                  input: input, startDate: scheduler.now, mocks: mocks, roleArn: roleArn ?? executionRoleArn, type: type,
                                  versionArn: versionArn, aliasArn: aliasArn)
        // One hash of the ARN in the usual case; a name in use puts the existing execution back.
        if let existing = executions.updateValue(execution, forKey: arn) {
            executions[arn] = existing
            throw EngineError.executionAlreadyExists(arn)
        }
        executionArns.append(arn)
        // Room for as many events as the machine's last execution had (up to 256: one long run,
        // say a Map over many items, must not make every later execution reserve its size), so
        // the history seldom grows by copying and a finished one holds little spare room.
        execution.history.reserveCapacity(min(historyLengths[stateMachineName] ?? 16, 256))
        emit(execution, .executionStarted, previous: 0, Details(input: input, roleArn: execution.roleArn))
        let root = prepareRoot(of: execution)
        scheduler.enqueue { [unowned self] in self.enter(definition.startAt, input: input, run: root) }
        return execution
    }

    /// Arms the machine's TimeoutSeconds (counted from the execution's start or last redrive, also
    /// when it resumes after a restart) and makes the top-level run, whose end ends the execution.
    func prepareRoot(of execution: Execution) -> MachineRun {
        // An Express execution runs five minutes at most, whatever the machine's TimeoutSeconds.
        var timeout = execution.definition.timeoutSeconds
        if execution.type == .express { timeout = min(timeout ?? Self.expressDuration, Self.expressDuration) }
        if let timeout {
            // A redrive resets the machine's timeout: it counts from the redrive (AWS's redrive guide).
            execution.timeoutTimer = scheduler.at((execution.redriveDate ?? execution.startDate) + timeout) { [unowned self] in
                self.end(execution, status: .timedOut, error: StatesError(StatesError.Name.timeout, "The execution timed out after \(JSONValue.format(number: timeout)) seconds."))
            }
        }
        // The first state's entered event follows no event: its previousEventId is 0, as in Step Functions.
        let root = MachineRun(execution: execution, definition: execution.definition, lastEventId: 0) { [unowned self] result in
            switch result {
            case .success(let output): self.end(execution, status: .succeeded, output: output)
            case .failure(let error): self.end(execution, status: .failed, error: error)
            }
        }
        execution.root = root
        return root
    }

    public func execution(_ arn: String) -> Execution? { executions[arn] }

    /// DeleteStateMachine of a machine whose executions still run. As on Step Functions, each of
    /// them fails at its next state transition (`States.Runtime`, "State machine NAME has been
    /// deleted."); one waiting in a Wait state or on a task runs on until it gets there.
    public func stateMachineDeleted(_ stateMachineArn: String) { deletedStateMachines.insert(stateMachineArn) }

    /// The deleted machine is gone (its executions have ended): a new machine may take its name.
    public func stateMachineGone(_ stateMachineArn: String) { deletedStateMachines.remove(stateMachineArn) }

    /// The executions of a state machine (by ARN) that are still running.
    public func runningExecutions(of stateMachineArn: String) -> [Execution] {
        executions.values.filter { $0.stateMachineArn == stateMachineArn && $0.status == .running }
    }

    /// StopExecution: the execution ends ABORTED; what it was doing is stopped.
    public func stopExecution(_ arn: String, error: String? = nil, cause: String? = nil) throws(EngineError) {
        // A Map Run's child can be stopped too (it then counts as a failure of its Map Run).
        guard let execution = executions[arn] ?? mapRunBoard.children[arn] else { throw EngineError.executionDoesNotExist(arn) }
        guard execution.status == .running else { return }
        end(execution, status: .aborted, error: error.map { StatesError($0, cause ?? "") }, abortCause: cause)
    }

    /// Runs the loop until every given execution has ended (in instant mode, also until
    /// nothing can happen any more, e.g. a task waits for a callback nobody sends).
    public func runUntilFinished(_ executions: [Execution]) {
        scheduler.run(until: { executions.allSatisfy { $0.status.isFinished } })
    }

    public func runUntilFinished(_ execution: Execution) { runUntilFinished([execution]) }

    // MARK: - Events and ends

    typealias Details = HistoryEvent.Details

    /// Appends an event to the execution's history and tells the observers.
    @discardableResult
    func emit(_ execution: Execution, _ type: HistoryEventType, previous: Int, _ details: Details = Details()) -> Int {
        // An execution that has ended records nothing more but its end (work still under way in
        // the same turn, say a task scheduled after the history filled up, writes nothing).
        guard execution.status == .running || type.isTerminal else { return execution.history.count }
        let event = HistoryEvent(id: execution.history.count + 1, previousEventId: previous, timestamp: scheduler.now, type: type, details: details)
        execution.history.append(event)
        // A distributed Map's child executions are the Map Run's business, not the store's or a screen's.
        if !execution.isHidden { for observer in observers { observer(execution, event) } }
        // Step Functions' history quota: the event that would be the 25,000th is ExecutionFailed.
        if execution.history.count == Self.maxHistoryEvents - 1, !type.isTerminal {
            end(execution, status: .failed, error: .runtime("The execution reached the maximum number of history events (\(Self.maxHistoryEvents))."))
        }
        return event.id
    }

    /// Step Functions' limit on one execution's history.
    static let maxHistoryEvents = 25_000
    /// The longest an Express execution runs, in seconds.
    static let expressDuration = 300.0

    /// Emits an event on a run's chain and advances the chain.
    @discardableResult
    func emit(_ run: MachineRun, _ type: HistoryEventType, _ details: Details = Details()) -> Int {
        let id = emit(run.execution, type, previous: run.lastEventId, details)
        run.lastEventId = id
        return id
    }

    /// Ends an execution once: records the final event, stops all work, tells the waiters.
    func end(_ execution: Execution, status: ExecutionStatus, output: JSONValue? = nil, error: StatesError? = nil, abortCause: String? = nil) {
        guard execution.status == .running else { return }
        let previous = execution.history.last?.id ?? 0
        if status != .succeeded, let root = execution.root {
            abort(run: root)
        }
        if let timer = execution.timeoutTimer { scheduler.cancel(timer) }
        execution.status = status
        execution.stopDate = scheduler.now
        execution.output = output
        // A timed-out execution names no error or cause in Step Functions (its history event neither).
        execution.error = status == .timedOut ? nil : error.flatMap { $0.error.isEmpty ? nil : $0.error }
        execution.cause = status == .timedOut ? nil : error.flatMap { $0.cause.isEmpty ? nil : $0.cause } ?? abortCause
        switch status {
        case .succeeded: emit(execution, .executionSucceeded, previous: previous, Details(output: output))
        case .failed: emit(execution, .executionFailed, previous: previous, Details(error: error?.error, cause: error?.cause))
        case .timedOut: emit(execution, .executionTimedOut, previous: previous, Details(error: error?.error, cause: error?.cause))
        case .aborted: emit(execution, .executionAborted, previous: previous, Details(error: error?.error, cause: error?.cause ?? abortCause))
        case .running: break
        }
        historyLengths[execution.stateMachineName] = execution.history.count
        let handlers = execution.finishHandlers
        execution.finishHandlers = []
        for handler in handlers { handler(execution) }
    }

    /// Stops a run and, through its current state, everything under it.
    func abort(run: MachineRun) {
        run.cancel()
    }
}

extension SplitMix64 {
    /// A version 4 UUID string.
    mutating func uuid() -> String { UUIDText.random(using: &self) }
}
