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

    /// A state machine's parsed definition, by name (what the dashboard draws).
    public func definition(_ name: String) -> StateMachineDefinition? { registry.definition(name) }

    /// CreateStateMachine; `type` is `STANDARD` (the default) or `EXPRESS`.
    public func createStateMachine(name: String, definition text: String, type typeName: String = StateMachineType.standard.rawValue) throws(ServiceError) -> StateMachineDescription {
        try Self.checkName(name, what: "state machine")
        guard let type = StateMachineType(rawValue: typeName) else {
            throw ServiceError(.validation, "1 validation error detected: Value '\(typeName)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        if let existing = registry.stored(name) {
            // AWS answers an identical create with the existing machine, and refuses a different one.
            guard existing.definition == text, existing.type == type else {
                throw ServiceError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(LocalARN.stateMachine(name))'")
            }
            return try describeStateMachine(arn: LocalARN.stateMachine(name))
        }
        try put(name: name, text: text, type: type)
        service.publish(.stateMachineCreated(StateMachineListItem(stateMachineArn: LocalARN.stateMachine(name), name: name, type: type.rawValue,
                                                                  creationDate: engine.scheduler.now)))
        return try describeStateMachine(arn: LocalARN.stateMachine(name))
    }

    public func describeStateMachine(arn: String) throws(ServiceError) -> StateMachineDescription {
        let stored = try machine(arn)
        return StateMachineDescription(stateMachineArn: arn, name: stored.name, definition: stored.definition, type: stored.type.rawValue,
                                       creationDate: stored.createdDate, updateDate: stored.updatedDate == stored.createdDate ? nil : stored.updatedDate)
    }

    public func listStateMachines() -> [StateMachineListItem] {
        registry.names.compactMap { name in
            registry.stored(name).map {
                StateMachineListItem(stateMachineArn: LocalARN.stateMachine(name), name: name, type: $0.type.rawValue, creationDate: $0.createdDate)
            }
        }
    }

    /// UpdateStateMachine: a new definition; the type stays (AWS cannot change it).
    public func updateStateMachine(arn: String, definition text: String) throws(ServiceError) -> StateMachineDescription {
        let stored = try machine(arn)
        try put(name: stored.name, text: text, type: stored.type)
        return try describeStateMachine(arn: arn)
    }

    public func deleteStateMachine(arn: String) throws(ServiceError) {
        let stored = try machine(arn)
        do { try registry.delete(stored.name) } catch { throw ServiceError(.validation, "\(error)") }
        service.publish(.stateMachineDeleted(stateMachineArn: arn))
    }

    // MARK: executions

    /// StartExecution; on the loop the execution's first events have happened when it returns.
    @discardableResult
    public func startExecution(_ input: StartExecutionInput) throws(ServiceError) -> StartExecutionOutput {
        let stored = try machine(input.stateMachineArn)
        guard let definition = registry.definition(stored.name) else { throw ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(input.stateMachineArn)'") }
        if let name = input.name { try Self.checkName(name, what: "execution") }
        var mocks: MockConfig.TestCase?
        if let testCase = input.testCase {
            guard let found = service.mockConfig?.testCase(machine: stored.name, name: testCase) else {
                throw ServiceError(.validation, "no mock test case \(testCase) for the state machine \(stored.name)")
            }
            mocks = found
        }
        do {
            let execution = try engine.startExecution(definition: definition, stateMachineName: stored.name, name: input.name, input: input.input,
                                                      mocks: mocks, type: stored.type)
            return StartExecutionOutput(executionArn: execution.arn, startDate: execution.startDate)
        } catch {
            throw ServiceError(.executionAlreadyExists, "Execution Already Exists: '\(LocalARN.execution(machine: stored.name, name: input.name ?? ""))'")
        }
    }

    public func describeExecution(arn: String) throws(ServiceError) -> ExecutionDescription {
        engine.describe(try execution(arn))
    }

    public func listExecutions(stateMachineArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter? = nil) throws(ServiceError) -> [ExecutionListItem] {
        let name = try machine(stateMachineArn).name
        return engine.executionArns.reversed().compactMap { arn in
            guard let execution = engine.execution(arn), execution.stateMachineName == name, status == nil || execution.status == status,
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

    // MARK: the feed

    /// Subscribes `handler` (called on the loop) to every change from now on; the id unsubscribes.
    public func subscribe(_ handler: @escaping (ServiceChange) -> Void) -> Int { service.subscribeOnLoop(handler) }

    public func unsubscribe(_ id: Int) { service.unsubscribe(id) }

    // MARK: plumbing

    private func put(name: String, text: String, type: StateMachineType) throws(ServiceError) {
        let definition: StateMachineDefinition
        do { definition = try StateMachineDefinition.load(text: text) } catch { throw ServiceError(.invalidDefinition, "Invalid State Machine Definition: \(error)") }
        do { try registry.put(UserDefinition(name: name, text: text, definition: definition, type: type), now: engine.scheduler.now) } catch {
            throw ServiceError(.validation, "\(error)")
        }
    }

    private func machine(_ arn: String) throws(ServiceError) -> StoredStateMachine {
        let prefix = LocalARN.stateMachine("")
        guard arn.hasPrefix(prefix) else { throw ServiceError(.invalidArn, "Invalid Arn: '\(arn)'") }
        guard let stored = registry.stored(String(arn.dropFirst(prefix.count))) else {
            throw ServiceError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
        }
        return stored
    }

    private func execution(_ arn: String) throws(ServiceError) -> Execution {
        guard let execution = engine.execution(arn) else { throw ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'") }
        return execution
    }

    private static func tokenError(_ token: String) -> ServiceError {
        ServiceError(.taskDoesNotExist, "Task Does Not Exist: no task waits for the token '\(token)'")
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
