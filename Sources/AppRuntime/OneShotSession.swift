import ASL
import Engine
import Foundation
import LocalStepFunctions
import Pizzeria
import StepFunctions
import Store

/// The service for a one-shot command (`run`): a fresh engine and a registry in a store that is
/// either the file `--db` names (new executions and the machine are recorded; stored ones are
/// not resumed: `pizzadash executions --wait` does that) or memory (nothing kept).
package struct OneShotSession {
    package let engine: Engine
    package let service: LocalStepFunctions
    package let recorder: StoreRecorder?
    let registry: StateMachineRegistry

    /// - Parameter mockConfig: mocked task results; the start names its test case.
    package static func open(path: String?, clock: ClockMode, mockConfig: MockConfig?) throws(SetupFailure) -> OneShotSession {
        do {
            let store = try EventStore.open(path: path ?? EventStore.memoryPath, access: .owner)
            // The seed follows the number of stored executions, so generated names never repeat one.
            let start = max(Date().timeIntervalSince1970, try store.lastTimestamp() ?? 0)
            let engine = Engine(clock: clock, startTime: start, seed: 0x5EED &+ UInt64(try store.loadExecutionRows().count))
            let registry = try StateMachineRegistry(store: store)
            let recorder = path == nil ? nil : store.attach(to: engine)
            return OneShotSession(engine: engine, service: LocalStepFunctions(engine: engine, registry: registry, mockConfig: mockConfig),
                                  recorder: recorder, registry: registry)
        } catch {
            throw SetupFailure(error.description)
        }
    }

    /// Creates the machine (or updates it to this definition), starts one execution through the
    /// seam and runs the loop until it ends (or can go no further); its description and history.
    package func runToEnd(machine name: String, definition text: String, input: JSONValue, testCase: String?,
                          type: StateMachineType = .standard) throws(ServiceError) -> (ExecutionDescription, [HistoryEvent]) {
        let operations = service.onLoop
        let arn = LocalARN.stateMachine(name)
        if let existing = try? operations.describeStateMachine(arn: arn), existing.type == type.rawValue {
            _ = try operations.updateStateMachine(arn: arn, definition: text, roleArn: nil)
        } else {
            // A stored machine of the other type is made again (a machine's type cannot change).
            if (try? operations.describeStateMachine(arn: arn)) != nil { try operations.deleteStateMachine(arn: arn) }
            _ = try operations.createStateMachine(name: name, definition: text, type: type.rawValue)
        }
        let ended = try runToEnd(StartExecutionInput(stateMachineArn: arn, input: input, testCase: testCase))
        var events: [HistoryEvent] = []
        var page = HistoryPageRequest(maxResults: 1000)
        repeat {
            let answer = try operations.getExecutionHistory(arn: ended.executionArn, page: page)
            events += answer.events
            page.nextToken = answer.nextToken
        } while page.nextToken != nil
        return (ended, events)
    }

    /// Starts one execution of a machine the service holds and runs the loop until it ends (or
    /// can go no further); its description.
    package func runToEnd(_ input: StartExecutionInput) throws(ServiceError) -> ExecutionDescription {
        let operations = service.onLoop
        let started = try operations.startExecution(input)
        engine.scheduler.run(until: { (try? operations.describeExecution(arn: started.executionArn).status.isFinished) ?? true })
        recorder?.flush()
        return try operations.describeExecution(arn: started.executionArn)
    }

    /// Creates (or updates) the shipped pizza workflows' state machines.
    package func createShippedMachines(_ resources: WorkflowResources) throws(SetupFailure) {
        do { try registerShippedMachines(resources, in: registry, now: engine.scheduler.now) } catch { throw SetupFailure(error.description) }
    }
}
