import ASL
import Engine
import Foundation
import StepFunctions
import Store

/// The service seam run locally: the engine runs the executions, the store keeps them, the
/// registry keeps the state machines.
///
/// The engine is single-threaded: the async operations (``StepFunctionsService``) post their
/// work to its loop and suspend until the loop has answered, so they may be called from any
/// thread while whoever owns the engine keeps its loop running. Code that already runs on the
/// loop (the dashboard's) calls the same operations synchronously through ``onLoop``.
///
/// State is kept per region, as on AWS: `region` is where CreateStateMachine and CreateActivity
/// put what they create and what the List operations list; ``view(inRegion:)`` gives the same
/// service (one engine, store and registry) as seen from another region. Operations that take
/// an ARN find the resource in the region the ARN names.
public final class LocalStepFunctions: @unchecked Sendable {
    // Touched only on the loop's thread.
    let engine: Engine
    let registry: StateMachineRegistry
    let mockConfig: MockConfig?
    /// The region this view of the service creates and lists in.
    public let region: String
    /// What every region's view shares: the feed's subscribers, redrive tokens.
    private let hub: Hub
    /// The service this is a region's view of (kept alive by it); nil: this is the service.
    private let base: LocalStepFunctions?
    private let scheduler: Scheduler
    /// When a waiting GetActivityTask gives up (AWS: after 60 s of wall-clock time).
    let activityPollLimit: PollLimit

    /// The synchronous operations, for code on the loop's thread.
    public var onLoop: LoopOperations { LoopOperations(service: self) }

    /// RedriveExecution's client tokens (AWS keeps them per execution, whichever region asks).
    var redriveTokens: RedriveTokens {
        get { hub.redriveTokens }
        set { hub.redriveTokens = newValue }
    }

    /// Loop-confined state that the regions' views share.
    private final class Hub {
        var subscribers: [Int: (ServiceChange) -> Void] = [:]
        var nextSubscriber = 0
        var redriveTokens = RedriveTokens()
    }

    /// - Parameter mockConfig: mocked task results; `StartExecutionInput.testCase` picks one.
    /// - Parameter activityPollLimit: when GetActivityTask stops waiting for a task: the limit
    ///   belongs to the worker's HTTP request, not to the (maybe virtual) engine clock.
    public init(engine: Engine, registry: StateMachineRegistry, mockConfig: MockConfig? = nil, activityPollLimit: PollLimit = .aws) {
        self.engine = engine
        self.registry = registry
        self.mockConfig = mockConfig
        self.activityPollLimit = activityPollLimit
        region = LocalARN.region
        hub = Hub()
        base = nil
        scheduler = engine.scheduler
        for activity in registry.activities { engine.declareActivity(activity.arn) }
        for arn in registry.deletingArns { engine.stateMachineDeleted(arn) }
        installNestedExecutions()
        engine.observe { [unowned self] execution, event in
            if !hub.subscribers.isEmpty {
                if event.type == .executionStarted {
                    publish(.executionStarted(ExecutionListItem(execution.description), input: execution.input))
                }
                publish(.events(executionArn: execution.arn, [event]))
            }
            // An execution's end may finish a DeleteStateMachine.
            if !engine.deletedStateMachines.isEmpty, event.type.executionStatus != nil { finishDeletions() }
        }
    }

    /// The same service as seen from `region` (itself for its own region).
    private init(viewOf base: LocalStepFunctions, region: String) {
        engine = base.engine
        registry = base.registry
        mockConfig = base.mockConfig
        activityPollLimit = base.activityPollLimit
        scheduler = base.scheduler
        hub = base.hub
        self.base = base.base ?? base
        self.region = region
    }

    /// The service as seen from `region`: what it creates goes there, what it lists is there's.
    public func view(inRegion region: String) -> LocalStepFunctions {
        region == self.region ? self : LocalStepFunctions(viewOf: self, region: region)
    }

    /// Deletes the DELETING machines whose executions have all ended (on the loop): called as
    /// executions end, and once after a store's running executions were restored.
    public func finishDeletions() {
        for arn in engine.deletedStateMachines where engine.runningExecutions(of: arn).isEmpty {
            // A store that cannot write now keeps the machine DELETING; the next end tries again.
            try? delete(arn)
        }
    }

    /// Removes a machine (by ARN), its tags, versions and aliases (its executions stay listed).
    func delete(_ arn: String) throws(ServiceError) {
        do { try registry.delete(arn) } catch { throw ServiceError(.validation, "\(error)") }
        engine.stateMachineGone(arn)
        publish(.stateMachineDeleted(stateMachineArn: arn))
    }

    func publish(_ change: ServiceChange) {
        for subscriber in hub.subscribers.values { subscriber(change) }
    }

    /// Subscribes on the loop's thread: `handler` is called there, as changes happen.
    func subscribeOnLoop(_ handler: @escaping (ServiceChange) -> Void) -> Int {
        hub.nextSubscriber += 1
        hub.subscribers[hub.nextSubscriber] = handler
        return hub.nextSubscriber
    }

    func unsubscribe(_ id: Int) { hub.subscribers[id] = nil }

    /// Runs `work` on the loop and hands back what it returns or throws.
    func run<T: Sendable>(_ work: @escaping (LoopOperations) throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            let operations = onLoop
            let job = LoopBound { continuation.resume(returning: Result { () throws(ServiceError) in try work(operations) }) }
            scheduler.post { job.value() }
        }
        return try result.get()
    }
}

/// Carries a loop-confined closure to the loop's thread (it is only ever called there).
struct LoopBound: @unchecked Sendable {
    let value: () -> Void
    init(_ value: @escaping () -> Void) { self.value = value }
}

extension LocalStepFunctions: StepFunctionsService {
    public func createStateMachine(name: String, definition: String, type: String, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.createStateMachine(name: name, definition: definition, type: type, roleArn: roleArn) }
    }

    public func describeStateMachine(arn: String) async throws(ServiceError) -> StateMachineDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeStateMachine(arn: arn) }
    }

    public func listStateMachines() async throws(ServiceError) -> [StateMachineListItem] {
        try await run { (ops: LoopOperations) throws(ServiceError) in ops.listStateMachines() }
    }

    public func describeStateMachineForExecution(executionArn: String) async throws(ServiceError) -> StateMachineDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeStateMachineForExecution(executionArn: executionArn) }
    }

    public func updateStateMachine(arn: String, definition: String?, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.updateStateMachine(arn: arn, definition: definition, roleArn: roleArn) }
    }

    public func deleteStateMachine(arn: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.deleteStateMachine(arn: arn) }
    }

    public func startExecution(_ input: StartExecutionInput) async throws(ServiceError) -> StartExecutionOutput {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.startExecution(input) }
    }

    /// Starts and waits in one turn of the loop: the answer comes when the execution ends.
    public func startSyncExecution(_ input: StartExecutionInput, anyType: Bool) async throws(ServiceError) -> ExecutionDescription {
        // One turn of the loop checks the type, starts and (in instant time) runs the execution.
        let result: Result<ExecutionDescription, ServiceError> = await withCheckedContinuation { continuation in
            let operations = onLoop
            let job = LoopBound { [self] in
                if !anyType, let arn = QualifiedARN(input.stateMachineArn)?.machineArn, let machine = registry.stored(arn), machine.type != .express {
                    return continuation.resume(returning: .failure(ServiceError(.stateMachineTypeNotSupported,
                                                                                "This operation is not supported by this type of state machine")))
                }
                let arn: String
                switch Result(catching: { () throws(ServiceError) in try operations.startExecution(input) }) {
                case .success(let started): arn = started.executionArn
                case .failure(let error): return continuation.resume(returning: .failure(error))
                }
                guard let execution = engine.execution(arn) else {
                    return continuation.resume(returning: .failure(ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")))
                }
                if execution.status.isFinished { return continuation.resume(returning: .success(engine.describe(execution))) }
                execution.onFinish { continuation.resume(returning: .success(self.engine.describe($0))) }
            }
            scheduler.post { job.value() }
        }
        return try result.get()
    }

    public func describeExecution(arn: String) async throws(ServiceError) -> ExecutionDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeExecution(arn: arn) }
    }

    public func listExecutions(stateMachineArn: String, status: ExecutionStatus?,
                               redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        try await run { (ops: LoopOperations) throws(ServiceError) in
            try ops.listExecutions(stateMachineArn: stateMachineArn, status: status, redriveFilter: redriveFilter)
        }
    }

    public func stopExecution(arn: String, error: String?, cause: String?) async throws(ServiceError) -> Double {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.stopExecution(arn: arn, error: error, cause: cause) }
    }

    public func getExecutionHistory(arn: String, page: HistoryPageRequest) async throws(ServiceError) -> HistoryPage {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.getExecutionHistory(arn: arn, page: page) }
    }

    // MARK: redrive

    public func redriveExecution(arn: String, clientToken: String?) async throws(ServiceError) -> Double {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.redriveExecution(arn: arn, clientToken: clientToken) }
    }

    public func sendTaskSuccess(token: String, output: JSONValue) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.sendTaskSuccess(token: token, output: output) }
    }

    public func sendTaskFailure(token: String, error: String, cause: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.sendTaskFailure(token: token, error: error, cause: cause) }
    }

    public func sendTaskHeartbeat(token: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.sendTaskHeartbeat(token: token) }
    }

    // MARK: activities

    public func createActivity(name: String, tags: [ResourceTag]) async throws(ServiceError) -> ActivityDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.createActivity(name: name, tags: tags) }
    }

    public func describeActivity(arn: String) async throws(ServiceError) -> ActivityDescription {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.describeActivity(arn: arn) }
    }

    public func listActivities() async throws(ServiceError) -> [ActivityDescription] {
        try await run { (ops: LoopOperations) throws(ServiceError) in ops.listActivities() }
    }

    public func deleteActivity(arn: String) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.deleteActivity(arn: arn) }
    }

    /// The caller is suspended, never the loop: its poll waits on the loop until a task is
    /// scheduled or `activityPollLimit` has passed (or the caller is
    /// cancelled), whichever comes first; the loop decides which, so a task is handed out once.
    public func getActivityTask(activityArn: String, workerName: String?) async throws(ServiceError) -> ActivityTask? {
        let poll = ActivityPollAnswer()
        let limit = activityPollLimit
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<ActivityTask?, ServiceError>, Never>) in
                poll.continuation = continuation
                scheduler.post { [self] in
                    do throws(ServiceError) {
                        guard let id = try onLoop.pollActivityTask(activityArn: activityArn, workerName: workerName, deliver: { poll.answer(.success($0)) }) else { return }
                        poll.id = id
                        limit.start { self.endPoll(poll) }
                    } catch {
                        poll.answer(.failure(error))
                    }
                }
            }
        } onCancel: {
            endPoll(poll)
        }
        return try result.get()
    }

    /// Ends a poll that is still waiting with "no task".
    private func endPoll(_ poll: ActivityPollAnswer) {
        scheduler.post { [self] in
            if let id = poll.id, onLoop.cancelActivityPoll(id) { poll.answer(.success(nil)) }
        }
    }

    public func tagResource(arn: String, tags: [ResourceTag]) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.tagResource(arn: arn, tags: tags) }
    }

    public func untagResource(arn: String, keys: [String]) async throws(ServiceError) {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.untagResource(arn: arn, keys: keys) }
    }

    public func listTagsForResource(arn: String) async throws(ServiceError) -> [ResourceTag] {
        try await run { (ops: LoopOperations) throws(ServiceError) in try ops.listTagsForResource(arn: arn) }
    }

    public func inRegion(_ region: String) -> any StepFunctionsService { view(inRegion: region) }

    public func subscribe(_ handler: @escaping @Sendable (ServiceChange) -> Void) async -> ServiceSubscription {
        let id = try! await run { (ops: LoopOperations) throws(ServiceError) in ops.subscribe(handler) }
        return ServiceSubscription { [self] in scheduler.post { self.unsubscribe(id) } }
    }
}

/// One GetActivityTask's answer, given once: `id` is touched on the loop only, the
/// continuation is set before the loop sees the poll.
private final class ActivityPollAnswer: @unchecked Sendable {
    var continuation: CheckedContinuation<Result<ActivityTask?, ServiceError>, Never>?
    var id: Int?

    func answer(_ result: Result<ActivityTask?, ServiceError>) {
        let waiting = continuation
        continuation = nil
        waiting?.resume(returning: result)
    }
}
