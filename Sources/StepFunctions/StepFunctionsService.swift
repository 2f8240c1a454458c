import ASL
import Engine

/// The Step Functions API as Swift: every front end (the dashboard, the HTTP APIs, the CLI)
/// asks this, never an engine. The local implementation runs executions on this machine;
/// `RemoteStepFunctions` (a SigV4 client of any endpoint) asks a real service. Names, shapes and errors follow AWS's
/// API (`CreateStateMachine`, `StartExecution`, `GetExecutionHistory`, ...).
public protocol StepFunctionsService: AnyObject, Sendable {
    // MARK: state machines
    /// CreateStateMachine; `type` is `STANDARD` or `EXPRESS`; `roleArn` nil: the local default role.
    func createStateMachine(name: String, definition: String, type: String, roleArn: String?) async throws(ServiceError) -> StateMachineDescription
    func describeStateMachine(arn: String) async throws(ServiceError) -> StateMachineDescription
    /// DescribeStateMachineForExecution: the machine with the definition and role the execution started with.
    func describeStateMachineForExecution(executionArn: String) async throws(ServiceError) -> StateMachineDescription
    func listStateMachines() async throws(ServiceError) -> [StateMachineListItem]
    /// UpdateStateMachine: executions that start from now on run the new definition and role
    /// (nil keeps the current one).
    func updateStateMachine(arn: String, definition: String?, roleArn: String?) async throws(ServiceError) -> StateMachineDescription
    func deleteStateMachine(arn: String) async throws(ServiceError)

    // MARK: executions
    func startExecution(_ input: StartExecutionInput) async throws(ServiceError) -> StartExecutionOutput
    /// StartSyncExecution: answers when the execution has ended. As on AWS only an EXPRESS
    /// machine runs so (`StateMachineTypeNotSupported` otherwise), unless `anyType`: a local
    /// caller's way to run a STANDARD machine to its end in one call (the seeds' pineapple check).
    func startSyncExecution(_ input: StartExecutionInput, anyType: Bool) async throws(ServiceError) -> ExecutionDescription
    func describeExecution(arn: String) async throws(ServiceError) -> ExecutionDescription
    /// Newest first, as AWS lists them; `status` and `redriveFilter` filter.
    func listExecutions(stateMachineArn: String, status: ExecutionStatus?,
                        redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem]
    func stopExecution(arn: String, error: String?, cause: String?) async throws(ServiceError) -> Double
    func getExecutionHistory(arn: String, page: HistoryPageRequest) async throws(ServiceError) -> HistoryPage

    /// ListExecutions with `mapRunArn`: a distributed Map's child executions, newest first
    /// (they are never listed with a state machine's executions); `status` and `redriveFilter` filter.
    func listExecutions(mapRunArn: String, status: ExecutionStatus?,
                        redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem]

    // MARK: Map Runs
    /// DescribeMapRun: a distributed Map's Map Run, its settings and its item and child execution counts.
    func describeMapRun(arn: String) async throws(ServiceError) -> MapRunDescription
    /// ListMapRuns: the Map Runs an execution started, newest first.
    func listMapRuns(executionArn: String) async throws(ServiceError) -> [MapRunDescription]
    /// UpdateMapRun: a running Map Run's concurrency and tolerated failures (nil keeps each);
    /// the run goes on with them from its next step.
    func updateMapRun(arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?,
                      toleratedFailureCount: Int?) async throws(ServiceError)

    // MARK: redrive
    /// RedriveExecution: restarts an execution that ended FAILED, TIMED_OUT or ABORTED from where
    /// it stopped; answers the redrive date. A `clientToken` used for one of the execution's last
    /// 10 redrives, less than 15 minutes ago, answers that redrive again (AWS's idempotency).
    func redriveExecution(arn: String, clientToken: String?) async throws(ServiceError) -> Double

    // MARK: task tokens
    func sendTaskSuccess(token: String, output: JSONValue) async throws(ServiceError)
    func sendTaskFailure(token: String, error: String, cause: String) async throws(ServiceError)
    func sendTaskHeartbeat(token: String) async throws(ServiceError)

    // MARK: activities
    /// CreateActivity; an existing name answers that activity as it is (AWS's idempotency: its
    /// tags stay as they were).
    func createActivity(name: String, tags: [ResourceTag]) async throws(ServiceError) -> ActivityDescription
    func describeActivity(arn: String) async throws(ServiceError) -> ActivityDescription
    /// ListActivities, in the order they were created.
    func listActivities() async throws(ServiceError) -> [ActivityDescription]
    /// DeleteActivity; an activity that does not exist is no error (AWS names only InvalidArn).
    func deleteActivity(arn: String) async throws(ServiceError)
    /// GetActivityTask: a long poll. Answers a scheduled task as soon as there is one, or nil
    /// when none came within the poll's limit (AWS: 60 seconds of wall-clock time).
    func getActivityTask(activityArn: String, workerName: String?) async throws(ServiceError) -> ActivityTask?

    // MARK: tags (of state machines)
    /// TagResource: at most 50 tags a resource; an existing key takes the new value.
    func tagResource(arn: String, tags: [ResourceTag]) async throws(ServiceError)
    func untagResource(arn: String, keys: [String]) async throws(ServiceError)
    /// ListTagsForResource, in the order the tags were first set.
    func listTagsForResource(arn: String) async throws(ServiceError) -> [ResourceTag]

    // MARK: versions and aliases
    /// PublishStateMachineVersion: a version (`NAME:1`, `NAME:2`, ...) of the machine's current
    /// revision, or the version already published from that revision. A `revisionId` (`INITIAL`:
    /// the first revision) other than the current one is a `ConflictException`.
    func publishStateMachineVersion(arn: String, revisionId: String?, description: String?) async throws(ServiceError) -> StateMachineVersionListItem
    /// ListStateMachineVersions, newest first.
    func listStateMachineVersions(arn: String) async throws(ServiceError) -> [StateMachineVersionListItem]
    /// DeleteStateMachineVersion: refused (`ConflictException`) while an alias routes to it.
    func deleteStateMachineVersion(arn: String) async throws(ServiceError)
    /// CreateStateMachineAlias: routes to one or two versions of one machine, weights summing to 100.
    func createStateMachineAlias(name: String, description: String?, routing: [RoutingConfigurationItem]) async throws(ServiceError) -> StateMachineAliasDescription
    func describeStateMachineAlias(arn: String) async throws(ServiceError) -> StateMachineAliasDescription
    /// UpdateStateMachineAlias: a new description, routing or both (nil keeps it).
    func updateStateMachineAlias(arn: String, description: String?, routing: [RoutingConfigurationItem]?) async throws(ServiceError) -> StateMachineAliasDescription
    func deleteStateMachineAlias(arn: String) async throws(ServiceError)
    /// ListStateMachineAliases, newest first: a machine's, or (given a version ARN) those routing to the version.
    func listStateMachineAliases(arn: String) async throws(ServiceError) -> [StateMachineAliasListItem]

    // MARK: testing a state
    /// TestState: runs one state (given alone, or by `stateName` in a whole machine) with the
    /// given input, variables, context and mock, as AWS's TestState does: nothing is stored and
    /// no execution is listed. Its validation errors are AWS's (InvalidDefinition,
    /// ValidationException, InvalidExecutionInput, InvalidArn).
    func testState(_ input: TestStateInput) async throws(ServiceError) -> TestStateOutput

    // MARK: the live feed
    /// Calls `handler` with every change from now on (new state machines, new executions, new
    /// history events), in the order they happened, until the subscription is cancelled.
    func subscribe(_ handler: @escaping @Sendable (ServiceChange) -> Void) async -> ServiceSubscription

    // MARK: regions
    /// The service as seen from `region`: AWS keeps state per region, so CreateStateMachine and
    /// CreateActivity put what they create there and the List operations list that region's.
    /// The API server answers each request in the region of its credential scope. A remote
    /// service is its endpoint's region: it answers itself.
    func inRegion(_ region: String) -> any StepFunctionsService
}

extension StepFunctionsService {
    /// A remote service is in its endpoint's region, whatever a caller asks.
    public func inRegion(_ region: String) -> any StepFunctionsService { self }
}

extension StepFunctionsService {
    /// CreateStateMachine of a STANDARD machine with the default role.
    public func createStateMachine(name: String, definition: String) async throws(ServiceError) -> StateMachineDescription {
        try await createStateMachine(name: name, definition: definition, type: StateMachineType.standard.rawValue, roleArn: nil)
    }

    /// CreateStateMachine with the default role.
    public func createStateMachine(name: String, definition: String, type: String) async throws(ServiceError) -> StateMachineDescription {
        try await createStateMachine(name: name, definition: definition, type: type, roleArn: nil)
    }

    /// UpdateStateMachine of the definition alone.
    public func updateStateMachine(arn: String, definition: String) async throws(ServiceError) -> StateMachineDescription {
        try await updateStateMachine(arn: arn, definition: definition, roleArn: nil)
    }
}

extension StepFunctionsService {
    /// StartSyncExecution as AWS answers it: EXPRESS machines only.
    public func startSyncExecution(_ input: StartExecutionInput) async throws(ServiceError) -> ExecutionDescription {
        try await startSyncExecution(input, anyType: false)
    }

    /// ListExecutions without a redrive filter.
    public func listExecutions(stateMachineArn: String, status: ExecutionStatus?) async throws(ServiceError) -> [ExecutionListItem] {
        try await listExecutions(stateMachineArn: stateMachineArn, status: status, redriveFilter: nil)
    }
}
