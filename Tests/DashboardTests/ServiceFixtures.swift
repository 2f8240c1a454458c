import AppRuntime
import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Store

/// The local service through its async API, as a remote client is used: the engine's loop runs
/// on a thread of its own in virtual time (it waits for posted work, never sleeps).
final class LocalServiceThread: @unchecked Sendable {
    let engine = Engine(clock: .instant, startTime: 1_800_000_000)
    let service: LocalStepFunctions
    /// Records the executions in the store, as the binary does: each keeps the definition it ran
    /// (DescribeStateMachineForExecution answers it after an UpdateStateMachine).
    private let recorder: StoreRecorder
    /// Read and set on the loop's thread only.
    private final class Flag: @unchecked Sendable { var stopped = false }
    private let flag = Flag()

    init() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        let registry = try StateMachineRegistry(store: store)
        service = LocalStepFunctions(engine: engine, registry: registry)
        recorder = store.attach(to: engine)
        let (engine, flag) = (self.engine, self.flag)
        Thread { engine.scheduler.run(until: { flag.stopped }, waitForPosts: true) }.start()
    }

    func stop() {
        let flag = self.flag
        engine.scheduler.post { flag.stopped = true }
    }
}

/// The service behind a dashboard, counted and tampered with: every operation is recorded by
/// its AWS name before it is passed on; errors queued per operation are thrown instead (a
/// throttling or a refusing service); a machine's definition can be answered broken.
class InstrumentedService: StepFunctionsService, @unchecked Sendable {
    let base: any StepFunctionsService
    private let lock = NSLock()
    private var log: [String] = []
    private var pages: [HistoryPageRequest] = []
    private var historyOf: [String] = []
    private var queued: [String: [ServiceError]] = [:]
    private var definitions: [String: String] = [:]

    init(_ base: any StepFunctionsService) { self.base = base }

    /// The operations called so far, in order.
    var calls: [String] { lock.withLock { log } }
    func count(_ operation: String) -> Int { calls.filter { $0 == operation }.count }
    /// GetExecutionHistory's requests, in order.
    var historyRequests: [HistoryPageRequest] { lock.withLock { pages } }
    /// GetExecutionHistory's requests of the execution `arn`.
    func historyReads(of arn: String) -> Int { lock.withLock { historyOf.filter { $0 == arn }.count } }

    /// The next calls of `operation` throw these, one each.
    func fail(_ operation: String, with errors: [ServiceError]) { lock.withLock { queued[operation, default: []] += errors } }

    /// DescribeStateMachine of `arn`, and DescribeStateMachineForExecution of its executions,
    /// answer this text as the definition.
    func answerDefinition(_ text: String, for arn: String) { lock.withLock { definitions[arn] = text } }

    func enter(_ operation: String) throws(ServiceError) {
        let error: ServiceError? = lock.withLock {
            log.append(operation)
            guard var errors = queued[operation], !errors.isEmpty else { return nil }
            let first = errors.removeFirst()
            queued[operation] = errors
            return first
        }
        if let error { throw error }
    }

    func createStateMachine(name: String, definition: String, type: String, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        try enter("CreateStateMachine")
        return try await base.createStateMachine(name: name, definition: definition, type: type, roleArn: roleArn)
    }

    func describeStateMachine(arn: String) async throws(ServiceError) -> StateMachineDescription {
        try enter("DescribeStateMachine")
        var description = try await base.describeStateMachine(arn: arn)
        if let text = lock.withLock({ definitions[arn] }) { description.definition = text }
        return description
    }

    func describeStateMachineForExecution(executionArn: String) async throws(ServiceError) -> StateMachineDescription {
        try enter("DescribeStateMachineForExecution")
        var description = try await base.describeStateMachineForExecution(executionArn: executionArn)
        if let text = lock.withLock({ definitions[description.stateMachineArn] }) { description.definition = text }
        return description
    }

    func listStateMachines() async throws(ServiceError) -> [StateMachineListItem] {
        try enter("ListStateMachines")
        return try await base.listStateMachines()
    }

    func updateStateMachine(arn: String, definition: String?, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        try enter("UpdateStateMachine")
        return try await base.updateStateMachine(arn: arn, definition: definition, roleArn: roleArn)
    }

    func deleteStateMachine(arn: String) async throws(ServiceError) {
        try enter("DeleteStateMachine")
        try await base.deleteStateMachine(arn: arn)
    }

    func startExecution(_ input: StartExecutionInput) async throws(ServiceError) -> StartExecutionOutput {
        try enter("StartExecution")
        return try await base.startExecution(input)
    }

    func startSyncExecution(_ input: StartExecutionInput, anyType: Bool) async throws(ServiceError) -> ExecutionDescription {
        try enter("StartSyncExecution")
        return try await base.startSyncExecution(input, anyType: anyType)
    }

    func describeExecution(arn: String) async throws(ServiceError) -> ExecutionDescription {
        try enter("DescribeExecution")
        return try await base.describeExecution(arn: arn)
    }

    func listExecutions(stateMachineArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        try enter("ListExecutions")
        return try await base.listExecutions(stateMachineArn: stateMachineArn, status: status, redriveFilter: redriveFilter)
    }

    func stopExecution(arn: String, error: String?, cause: String?) async throws(ServiceError) -> Double {
        try enter("StopExecution")
        return try await base.stopExecution(arn: arn, error: error, cause: cause)
    }

    func getExecutionHistory(arn: String, page: HistoryPageRequest) async throws(ServiceError) -> HistoryPage {
        lock.withLock {
            pages.append(page)
            historyOf.append(arn)
        }
        try enter("GetExecutionHistory")
        return try await base.getExecutionHistory(arn: arn, page: page)
    }

    func listExecutions(mapRunArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        try enter("ListExecutions")
        return try await base.listExecutions(mapRunArn: mapRunArn, status: status, redriveFilter: redriveFilter)
    }

    func describeMapRun(arn: String) async throws(ServiceError) -> MapRunDescription {
        try enter("DescribeMapRun")
        return try await base.describeMapRun(arn: arn)
    }

    func listMapRuns(executionArn: String) async throws(ServiceError) -> [MapRunDescription] {
        try enter("ListMapRuns")
        return try await base.listMapRuns(executionArn: executionArn)
    }

    func updateMapRun(arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?, toleratedFailureCount: Int?) async throws(ServiceError) {
        try enter("UpdateMapRun")
        try await base.updateMapRun(arn: arn, maxConcurrency: maxConcurrency, toleratedFailurePercentage: toleratedFailurePercentage,
                                    toleratedFailureCount: toleratedFailureCount)
    }

    func redriveExecution(arn: String, clientToken: String?) async throws(ServiceError) -> Double {
        try enter("RedriveExecution")
        return try await base.redriveExecution(arn: arn, clientToken: clientToken)
    }

    func sendTaskSuccess(token: String, output: JSONValue) async throws(ServiceError) {
        try enter("SendTaskSuccess")
        try await base.sendTaskSuccess(token: token, output: output)
    }

    func sendTaskFailure(token: String, error: String, cause: String) async throws(ServiceError) {
        try enter("SendTaskFailure")
        try await base.sendTaskFailure(token: token, error: error, cause: cause)
    }

    func sendTaskHeartbeat(token: String) async throws(ServiceError) {
        try enter("SendTaskHeartbeat")
        try await base.sendTaskHeartbeat(token: token)
    }

    func createActivity(name: String, tags: [ResourceTag]) async throws(ServiceError) -> ActivityDescription {
        try enter("CreateActivity")
        return try await base.createActivity(name: name, tags: tags)
    }

    func describeActivity(arn: String) async throws(ServiceError) -> ActivityDescription {
        try enter("DescribeActivity")
        return try await base.describeActivity(arn: arn)
    }

    func listActivities() async throws(ServiceError) -> [ActivityDescription] {
        try enter("ListActivities")
        return try await base.listActivities()
    }

    func deleteActivity(arn: String) async throws(ServiceError) {
        try enter("DeleteActivity")
        try await base.deleteActivity(arn: arn)
    }

    func getActivityTask(activityArn: String, workerName: String?) async throws(ServiceError) -> ActivityTask? {
        try enter("GetActivityTask")
        return try await base.getActivityTask(activityArn: activityArn, workerName: workerName)
    }

    func tagResource(arn: String, tags: [ResourceTag]) async throws(ServiceError) {
        try enter("TagResource")
        try await base.tagResource(arn: arn, tags: tags)
    }

    func untagResource(arn: String, keys: [String]) async throws(ServiceError) {
        try enter("UntagResource")
        try await base.untagResource(arn: arn, keys: keys)
    }

    func listTagsForResource(arn: String) async throws(ServiceError) -> [ResourceTag] {
        try enter("ListTagsForResource")
        return try await base.listTagsForResource(arn: arn)
    }

    func publishStateMachineVersion(arn: String, revisionId: String?, description: String?) async throws(ServiceError) -> StateMachineVersionListItem {
        try enter("PublishStateMachineVersion")
        return try await base.publishStateMachineVersion(arn: arn, revisionId: revisionId, description: description)
    }

    func listStateMachineVersions(arn: String) async throws(ServiceError) -> [StateMachineVersionListItem] {
        try enter("ListStateMachineVersions")
        return try await base.listStateMachineVersions(arn: arn)
    }

    func deleteStateMachineVersion(arn: String) async throws(ServiceError) {
        try enter("DeleteStateMachineVersion")
        try await base.deleteStateMachineVersion(arn: arn)
    }

    func createStateMachineAlias(name: String, description: String?, routing: [RoutingConfigurationItem]) async throws(ServiceError) -> StateMachineAliasDescription {
        try enter("CreateStateMachineAlias")
        return try await base.createStateMachineAlias(name: name, description: description, routing: routing)
    }

    func describeStateMachineAlias(arn: String) async throws(ServiceError) -> StateMachineAliasDescription {
        try enter("DescribeStateMachineAlias")
        return try await base.describeStateMachineAlias(arn: arn)
    }

    func updateStateMachineAlias(arn: String, description: String?, routing: [RoutingConfigurationItem]?) async throws(ServiceError) -> StateMachineAliasDescription {
        try enter("UpdateStateMachineAlias")
        return try await base.updateStateMachineAlias(arn: arn, description: description, routing: routing)
    }

    func deleteStateMachineAlias(arn: String) async throws(ServiceError) {
        try enter("DeleteStateMachineAlias")
        try await base.deleteStateMachineAlias(arn: arn)
    }

    func listStateMachineAliases(arn: String) async throws(ServiceError) -> [StateMachineAliasListItem] {
        try enter("ListStateMachineAliases")
        return try await base.listStateMachineAliases(arn: arn)
    }

    func testState(_ input: TestStateInput) async throws(ServiceError) -> TestStateOutput {
        try enter("TestState")
        return try await base.testState(input)
    }

    func subscribe(_ handler: @escaping @Sendable (ServiceChange) -> Void) async -> ServiceSubscription {
        lock.withLock { log.append("subscribe") }
        return await base.subscribe(handler)
    }
}

/// The same, answering ListExecutions a page at a time as the remote client can.
final class PagedInstrumentedService: InstrumentedService, ExecutionPageListing, @unchecked Sendable {
    func listExecutionsPage(stateMachineArn: String, maxResults: Int,
                            nextToken: String?) async throws(ServiceError) -> (items: [ExecutionListItem], nextToken: String?) {
        try enter("ListExecutionsPage")
        let all = try await base.listExecutions(stateMachineArn: stateMachineArn, status: nil, redriveFilter: nil)
        let start = nextToken.flatMap(Int.init) ?? 0
        let end = min(all.count, start + maxResults)
        return (Array(all[min(start, end)..<end]), end < all.count ? String(end) : nil)
    }
}

/// A clock a test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now: Double
    init(_ now: Double) { self.now = now }
}
