import ASL
import Engine
import Foundation
import StepFunctions
import Store

/// The service's operations, synchronous, for code that runs on the engine's loop (the
/// dashboard's loop; the async API posts here). Same names, shapes and errors as the API.
public struct LoopOperations {
    let service: LocalStepFunctions

    private var engine: Engine { service.engine }
    private var registry: StateMachineRegistry { service.registry }

    // MARK: state machines

    /// A state machine's parsed definition, by ARN (what the dashboard draws).
    public func definition(_ arn: String) -> StateMachineDefinition? { registry.definition(arn) }

    /// CreateStateMachine in the service's region; `type` is `STANDARD` (the default) or `EXPRESS`;
    /// `roleArn` nil: the default role.
    public func createStateMachine(name: String, definition text: String, type typeName: String = StateMachineType.standard.rawValue,
                                   roleArn: String? = nil) throws(ServiceError) -> StateMachineDescription {
        try Self.checkName(name, what: "state machine")
        guard let type = StateMachineType(rawValue: typeName) else {
            throw ServiceError(.validation, "1 validation error detected: Value '\(typeName)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        if let roleArn { try Self.checkRoleArn(roleArn) }
        let arn = LocalARN.stateMachine(name, region: service.region)
        if let existing = registry.stored(arn) {
            try Self.checkNotDeleting(existing)
            // AWS answers an identical create with the existing machine, and refuses a different one.
            guard existing.definition == text, existing.type == type, existing.roleArn == roleArn else {
                throw ServiceError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(arn)'")
            }
            return try describeStateMachine(arn: arn)
        }
        try put(name: name, region: service.region, text: text, type: type, roleArn: roleArn)
        service.publish(.stateMachineCreated(StateMachineListItem(stateMachineArn: arn, name: name, type: type.rawValue,
                                                                  creationDate: engine.scheduler.now)))
        return try describeStateMachine(arn: arn)
    }

    /// DescribeStateMachine of a machine (its latest revision) or of a version ARN (that version).
    public func describeStateMachine(arn: String) throws(ServiceError) -> StateMachineDescription {
        if case .version(let machineArn, let number)? = QualifiedARN(arn) { return try describeVersion(of: machineArn, number: number) }
        let stored = try machine(arn)
        return StateMachineDescription(stateMachineArn: arn, name: stored.name, definition: stored.definition,
                                       status: stored.deleting ? "DELETING" : "ACTIVE", type: stored.type.rawValue,
                                       roleArn: stored.roleArn ?? engine.executionRoleArn,
                                       creationDate: stored.createdDate, updateDate: stored.updatedDate == stored.createdDate ? nil : stored.updatedDate,
                                       revisionId: registry.versions.revision(of: stored.arn))
    }

    /// DescribeStateMachineForExecution: the machine as the execution started it (its definition
    /// as stored with the execution, its role from ExecutionStarted), also after the machine was
    /// updated or deleted.
    public func describeStateMachineForExecution(executionArn: String) throws(ServiceError) -> StateMachineDescription {
        if let child = engine.describeMapRunChild(executionArn) { return try describeStateMachine(forChild: child) }
        let execution = try execution(executionArn)
        let stored = registry.stored(execution.stateMachineArn)
        guard let text = execution.definitionText ?? registry.definitionText(forExecution: executionArn) ?? stored?.definition else {
            throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(executionArn)' (its state machine's definition is not stored)")
        }
        return StateMachineDescription(stateMachineArn: execution.stateMachineArn, name: execution.stateMachineName, definition: text,
                                       type: execution.type.rawValue, roleArn: execution.roleArn,
                                       creationDate: stored?.createdDate ?? execution.startDate, updateDate: stored?.updatedDate)
    }

    /// ListStateMachines: the service's region's machines, in the order they were created.
    public func listStateMachines() -> [StateMachineListItem] {
        registry.arns.compactMap { arn in
            registry.stored(arn).flatMap {
                $0.region == service.region
                    ? StateMachineListItem(stateMachineArn: arn, name: $0.name, type: $0.type.rawValue, creationDate: $0.createdDate) : nil
            }
        }
    }

    /// UpdateStateMachine: a new definition, role or both (nil keeps it); the type stays (AWS cannot change it).
    public func updateStateMachine(arn: String, definition text: String?, roleArn: String? = nil) throws(ServiceError) -> StateMachineDescription {
        let stored = try machine(arn)
        try Self.checkNotDeleting(stored)
        if let roleArn { try Self.checkRoleArn(roleArn) }
        try put(name: stored.name, region: stored.region, text: text ?? stored.definition, type: stored.type,
                roleArn: roleArn ?? stored.roleArn)
        service.publish(.stateMachineUpdated(StateMachineListItem(stateMachineArn: stored.arn, name: stored.name, type: stored.type.rawValue,
                                                                  creationDate: stored.createdDate)))
        return try describeStateMachine(arn: arn)
    }

    /// DeleteStateMachine, as on Step Functions: a machine with no running execution (or an
    /// EXPRESS one) is gone at once; otherwise it is DELETING (Describe says so, starts and updates
    /// are refused), each running execution fails at its next state transition, and the machine is
    /// gone once the last has ended (``LocalStepFunctions/finishDeletions()``).
    public func deleteStateMachine(arn: String) throws(ServiceError) {
        let stored = try machine(arn)
        guard !stored.deleting else { return }
        guard stored.type == .express || engine.runningExecutions(of: stored.arn).isEmpty else {
            do { try registry.markDeleting(stored.arn) } catch { throw ServiceError(.validation, "\(error)") }
            engine.stateMachineDeleted(stored.arn)
            return
        }
        try service.delete(stored.arn)
    }

    // MARK: executions

    /// StartExecution; on the loop the execution's first events have happened when it returns.
    @discardableResult
    public func startExecution(_ input: StartExecutionInput) throws(ServiceError) -> StartExecutionOutput {
        // A version or alias ARN runs that version's definition and role.
        let target = try startTarget(input.stateMachineArn)
        let stored = target.machine
        try Self.checkNotDeleting(stored)
        if let name = input.name { try Self.checkName(name, what: "execution") }
        var mocks: MockConfig.TestCase?
        if let testCase = input.testCase {
            guard let found = service.mockConfig?.testCase(machine: stored.name, name: testCase) else {
                throw ServiceError(.validation, "no mock test case \(testCase) for the state machine \(stored.name)")
            }
            mocks = found
        }
        do {
            let execution = try engine.startExecution(definition: target.definition, stateMachineName: stored.name, region: stored.region,
                                                      name: input.name, input: input.input,
                                                      mocks: mocks, type: stored.type, roleArn: target.roleArn,
                                                      versionArn: target.versionArn, aliasArn: target.aliasArn)
            execution.definitionText = target.text
            return StartExecutionOutput(executionArn: execution.arn, startDate: execution.startDate)
        } catch {
            // AWS's idempotency: the same name and input while the execution still runs answers
            // that execution; anything else is refused.
            let arn = LocalARN.execution(machine: stored.name, name: input.name ?? "", region: stored.region)
            if let existing = engine.execution(arn), existing.status == .running, existing.input == input.input {
                return StartExecutionOutput(executionArn: existing.arn, startDate: existing.startDate)
            }
            throw ServiceError(.executionAlreadyExists, "Execution Already Exists: '\(arn)'")
        }
    }

    /// DescribeExecution, also of a distributed Map's child (with its `mapRunArn`).
    public func describeExecution(arn: String) throws(ServiceError) -> ExecutionDescription {
        if let child = engine.describeMapRunChild(arn) { return child }
        return engine.describe(try execution(arn))
    }

    /// ListExecutions of a machine, or (given a version or alias ARN) of those started through it.
    /// AWS lists no EXPRESS machine's executions (their record is CloudWatch Logs): it answers
    /// `StateMachineTypeNotSupported`, and so does this.
    public func listExecutions(stateMachineArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter? = nil) throws(ServiceError) -> [ExecutionListItem] {
        let listed = try executionFilter(stateMachineArn)
        guard registry.stored(listed.machine)?.type != .express else {
            throw ServiceError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
        }
        return engine.executionArns.reversed().compactMap { arn in
            guard let execution = engine.execution(arn), listed.includes(execution), status == nil || execution.status == status,
                  redriveFilter?.admits(redriveCount: execution.redriveCount) ?? true else { return nil }
            return ExecutionListItem(execution.description)
        }
    }

    public func stopExecution(arn: String, error: String?, cause: String?) throws(ServiceError) -> Double {
        let execution = try execution(arn)
        try? engine.stopExecution(arn, error: error, cause: cause)
        return execution.stopDate ?? engine.scheduler.now
    }

    public func getExecutionHistory(arn: String, page: HistoryPageRequest) throws(ServiceError) -> HistoryPage {
        let history = try execution(arn).history
        guard (1...1000).contains(page.maxResults) else { throw ServiceError(.validation, "maxResults must be 1...1000, not \(page.maxResults)") }
        let start: Int
        if let token = page.nextToken {
            guard let offset = Int(token), (0...history.count).contains(offset) else { throw ServiceError(.validation, "Invalid Token: '\(token)'") }
            start = offset
        } else {
            start = 0
        }
        let ordered = page.reverseOrder ? Array(history.reversed()) : history
        let end = min(ordered.count, start + page.maxResults)
        return HistoryPage(events: Array(ordered[start..<end]), nextToken: end < ordered.count ? String(end) : nil)
    }

    // MARK: redrive

    /// RedriveExecution (see ``StepFunctionsService/redriveExecution(arn:clientToken:)``).
    public func redriveExecution(arn: String, clientToken: String?) throws(ServiceError) -> Double {
        let execution = try execution(arn)
        if execution.mapRunArn != nil {
            // AWS: a Map Run's child is redriven through its Map Run, never on its own.
            throw ServiceError(.executionNotRedrivable, "Execution is a child workflow execution of a Map Run and cannot be redriven on its own")
        }
        if let clientToken, let date = service.redriveTokens.redriveDate(for: clientToken, execution: arn, now: engine.scheduler.now) {
            return date
        }
        do {
            let date = try engine.redriveExecution(execution.arn)
            if let clientToken { service.redriveTokens.record(clientToken, execution: arn, redriveDate: date) }
            return date
        } catch {
            guard case .executionNotRedrivable(let reason) = error else { throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'") }
            throw ServiceError(.executionNotRedrivable, reason)
        }
    }

    // MARK: task tokens

    public func sendTaskSuccess(token: String, output: JSONValue) throws(ServiceError) {
        do { try engine.sendTaskSuccess(token: token, output: output) } catch { throw Self.tokenError(token) }
    }

    public func sendTaskFailure(token: String, error: String, cause: String) throws(ServiceError) {
        do { try engine.sendTaskFailure(token: token, error: error, cause: cause) } catch { throw Self.tokenError(token) }
    }

    public func sendTaskHeartbeat(token: String) throws(ServiceError) {
        do { try engine.sendTaskHeartbeat(token: token) } catch { throw Self.tokenError(token) }
    }

    // MARK: activities

    /// CreateActivity in the service's region; an existing name answers that activity as it is
    /// (its tags unchanged), as AWS does.
    public func createActivity(name: String, tags: [ResourceTag] = []) throws(ServiceError) -> ActivityDescription {
        try Self.checkName(name, what: "activity")
        let arn = LocalARN.activity(name, region: service.region)
        if registry.activity(arn) == nil {
            guard Set(tags.map(\.key)).count <= ResourceTag.maxPerResource else {
                throw ServiceError(.tooManyTags, "Too many tags: a resource can have at most \(ResourceTag.maxPerResource) tags")
            }
            do {
                try registry.putActivity(StoredActivity(arn: arn, createdDate: engine.scheduler.now))
                if !tags.isEmpty { try registry.tag(arn, with: tags.map { ($0.key, $0.value) }) }
            } catch {
                throw ServiceError(.validation, "\(error)")
            }
            engine.declareActivity(arn)
        }
        return try describeActivity(arn: arn)
    }

    public func describeActivity(arn: String) throws(ServiceError) -> ActivityDescription {
        let stored = try activity(arn)
        return ActivityDescription(activityArn: arn, name: stored.name, creationDate: stored.createdDate)
    }

    /// ListActivities: the service's region's activities, in the order they were created.
    public func listActivities() -> [ActivityDescription] {
        registry.activities.compactMap {
            $0.region == service.region ? ActivityDescription(activityArn: $0.arn, name: $0.name, creationDate: $0.createdDate) : nil
        }
    }

    /// DeleteActivity: tasks already scheduled on it stay; an activity that does not exist is no error.
    public func deleteActivity(arn: String) throws(ServiceError) {
        try Self.checkActivityArn(arn)
        do { try registry.deleteActivity(arn) } catch { throw ServiceError(.validation, "\(error)") }
        engine.forgetActivity(arn)
    }

    /// AWS's limit of workers polling one activity at once.
    public static let maxActivityPolls = 1000

    /// GetActivityTask on the loop: hands the oldest waiting task to `deliver` at once (answers
    /// nil), or lets the worker wait (answers its poll, for ``cancelActivityPoll(_:)``).
    public func pollActivityTask(activityArn: String, workerName: String?, deliver: @escaping (ActivityTask) -> Void) throws(ServiceError) -> Int? {
        _ = try activity(activityArn)
        guard engine.activityPollCount(activityArn) < Self.maxActivityPolls else {
            throw ServiceError(.activityWorkerLimitExceeded, "Activity Worker Limit Exceeded: \(Self.maxActivityPolls) workers already poll '\(activityArn)'")
        }
        return engine.pollActivity(activityArn, workerName: workerName, deliver: deliver)
    }

    /// Ends a waiting poll; false: it was handed a task meanwhile.
    @discardableResult
    public func cancelActivityPoll(_ id: Int) -> Bool { engine.cancelActivityPoll(id) }

    private func activity(_ arn: String) throws(ServiceError) -> StoredActivity {
        try Self.checkActivityArn(arn)
        guard let stored = registry.activity(arn) else {
            throw ServiceError(.activityDoesNotExist, "Activity Does Not Exist: '\(arn)'")
        }
        return stored
    }

    /// An activity ARN is `arn:aws:states:REGION:ACCOUNT:activity:NAME`; anything else is `InvalidArn`.
    /// (One of another account is well formed, and no activity here.)
    static func checkActivityArn(_ arn: String) throws(ServiceError) {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "states", parts[5] == "activity", !parts[6].isEmpty else {
            throw ServiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(arn)' (an activity is arn:aws:states:REGION:ACCOUNT:activity:NAME)")
        }
    }

    // MARK: tags

    public func tagResource(arn: String, tags: [ResourceTag]) throws(ServiceError) {
        try taggable(arn)
        let keys = Set(registry.tags(of: arn).map(\.key) + tags.map(\.key))
        guard keys.count <= ResourceTag.maxPerResource else {
            throw ServiceError(.tooManyTags, "Too many tags: a resource can have at most \(ResourceTag.maxPerResource) tags, and '\(arn)' would have \(keys.count)")
        }
        do { try registry.tag(arn, with: tags.map { ($0.key, $0.value) }) } catch { throw ServiceError(.validation, "\(error)") }
    }

    public func untagResource(arn: String, keys: [String]) throws(ServiceError) {
        try taggable(arn)
        do { try registry.untag(arn, keys: keys) } catch { throw ServiceError(.validation, "\(error)") }
    }

    public func listTagsForResource(arn: String) throws(ServiceError) -> [ResourceTag] {
        try taggable(arn)
        return registry.tags(of: arn).map { ResourceTag(key: $0.key, value: $0.value) }
    }

    /// Only existing state machines and activities carry tags here; anything else is
    /// `ResourceNotFound`, as AWS answers.
    private func taggable(_ arn: String) throws(ServiceError) {
        guard registry.activity(arn) != nil || registry.stored(arn) != nil else {
            throw ServiceError(.resourceNotFound, "Resource not found: '\(arn)'")
        }
    }

    // MARK: the feed

    /// Subscribes `handler` (called on the loop) to every change from now on; the id unsubscribes.
    public func subscribe(_ handler: @escaping (ServiceChange) -> Void) -> Int { service.subscribeOnLoop(handler) }

    public func unsubscribe(_ id: Int) { service.unsubscribe(id) }

    // MARK: plumbing

    private func put(name: String, region: String, text: String, type: StateMachineType, roleArn: String?) throws(ServiceError) {
        let definition: StateMachineDefinition
        do { definition = try StateMachineDefinition.load(text: text) } catch { throw ServiceError(.invalidDefinition, "Invalid State Machine Definition: \(error)") }
        do {
            try registry.put(UserDefinition(name: name, text: text, definition: definition, type: type, roleArn: roleArn, region: region),
                             now: engine.scheduler.now)
        } catch {
            throw ServiceError(.validation, "\(error)")
        }
    }

    private func machine(_ arn: String) throws(ServiceError) -> StoredStateMachine {
        guard case .machine? = QualifiedARN(arn) else { throw ServiceError(.invalidArn, "Invalid Arn: '\(arn)'") }
        guard let stored = registry.stored(arn) else {
            throw ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
        }
        return stored
    }

    /// StateMachineDeleting: no start, update or version of a machine being deleted.
    static func checkNotDeleting(_ machine: StoredStateMachine) throws(ServiceError) {
        guard machine.deleting else { return }
        throw ServiceError(.stateMachineDeleting, "State Machine is being deleted: '\(machine.arn)'")
    }

    /// An execution, or a distributed Map's child execution, that runs or ran in this process.
    private func execution(_ arn: String) throws(ServiceError) -> Execution {
        guard let execution = engine.execution(arn) ?? engine.mapRunChild(arn) else { throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'") }
        return execution
    }

    private static func tokenError(_ token: String) -> ServiceError {
        ServiceError(.taskDoesNotExist, "Task Does Not Exist: no task waits for the token '\(token)'")
    }

    /// A role is an IAM role's ARN, `arn:PARTITION:iam::ACCOUNT:role/NAME`, as AWS checks it.
    static func checkRoleArn(_ arn: String) throws(ServiceError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "iam", parts[3].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/"), parts[5].count > 5 else {
            throw ServiceError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(arn)' (a role is arn:aws:iam::ACCOUNT:role/NAME)")
        }
    }

    /// AWS's rule for names: 1...80 characters, none of whitespace, `<>{}[]?*"#%\^|~`$&,;:/` or controls.
    static func checkName(_ name: String, what: String) throws(ServiceError) {
        let forbidden = Set(" <>{}[]?*\"#%\\^|~`$&,;:/")
        guard (1...80).contains(name.count), !name.contains(where: { forbidden.contains($0) || $0.isWhitespace }),
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ServiceError(.invalidName, "Invalid Name: '\(name)' (a \(what) name is 1...80 characters without whitespace or any of <>{}[]?*\"#%\\^|~`$&,;:/)")
        }
    }
}
