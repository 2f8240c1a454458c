import ASL
import Engine
import Foundation
import Testing
@testable import Store

/// A redriven execution in the store: its history (with ExecutionRedriven) restores to the right
/// state after a restart, and an execution restored from the store can be redriven.
@Suite struct RedriveRecoveryTests {
    static let text = """
    {"StartAt": "Prepare", "States": {
      "Prepare": {"Type": "Pass", "Result": "dough", "ResultPath": "$.base", "Next": "Bake"},
      "Bake": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Oven", "Next": "Box"},
      "Box": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Box", "End": true}}}
    """
    static let arn = LocalARN.execution(machine: "redrive-test", name: "r1")

    /// Oven fails while `ovenWorks` is false; Box takes 10 s. Calls are counted by name.
    final class Kitchen {
        var ovenWorks = false
        var calls: [String: Int] = [:]

        func install(on engine: Engine) {
            engine.handlers.registerFunction("Oven") { [unowned self] call in
                self.calls["Oven", default: 0] += 1
                self.ovenWorks ? call.succeed(["baked": call.input]) : call.fail(error: "OvenCold", cause: "not hot yet")
            }
            engine.handlers.registerFunction("Box") { [unowned self] call in
                self.calls["Box", default: 0] += 1
                call.after(10) { call.succeed(["boxed": call.input]) }
            }
        }
    }

    /// An engine on `store`'s executions (restored), recording into it from now on.
    static func reopen(_ store: EventStore, kitchen: Kitchen) throws -> (Engine, RestoreReport, StoreRecorder) {
        let engine = Engine(clock: .instant, startTime: (try store.lastTimestamp() ?? 1_800_000_000) + 60)
        kitchen.install(on: engine)
        let report = try store.restore(into: engine)
        return (engine, report, store.attach(to: engine))
    }

    @Test func anExecutionRestoredFromTheStoreIsRedrivenAndItsRedriveRestores() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        store.definitionText = { $0 == LocalARN.stateMachine("redrive-test") ? Self.text : nil }
        let kitchen = Kitchen()
        do {
            let engine = Engine(clock: .instant, startTime: 1_800_000_000)
            kitchen.install(on: engine)
            let recorder = store.attach(to: engine)
            let execution = try engine.startExecution(definition: try StateMachineDefinition.load(text: Self.text),
                                                      stateMachineName: "redrive-test", name: "r1")
            engine.runUntilFinished(execution)
            recorder.flush()
            #expect(execution.status == .failed)
        }
        // Restart, redrive the restored execution, and stop the process while Box runs.
        kitchen.ovenWorks = true
        let failedLength: Int
        do {
            let (engine, report, recorder) = try Self.reopen(store, kitchen: kitchen)
            let execution = try #require(report.finished.first)
            #expect(execution.status == .failed)
            #expect(engine.describe(execution).redriveStatus == .redrivable)
            failedLength = execution.history.count
            try engine.redriveExecution(Self.arn)
            engine.scheduler.run(until: { execution.history.last.map { $0.type == .lambdaFunctionStarted && $0.details.stateName == "Box" } ?? false })
            recorder.detach()
            #expect(try store.loadExecutionRows().first?.description.status == .running)
        }
        // Restart while the redriven attempt runs: it goes on (Box again, not Oven) and succeeds.
        do {
            let (engine, report, recorder) = try Self.reopen(store, kitchen: kitchen)
            let execution = try #require(report.resumed.first)
            #expect(execution.redriveCount == 1)
            #expect(execution.redriveDate == execution.history.first { $0.type == .executionRedriven }?.timestamp)
            engine.runUntilFinished(execution)
            recorder.flush()
            #expect(execution.status == .succeeded)
            #expect(execution.output == ["boxed": ["baked": ["base": "dough"]]])
            #expect(execution.history.map(\.id) == Array(1...execution.history.count))
            #expect(kitchen.calls == ["Oven": 2, "Box": 2])
            #expect(execution.history[failedLength].type == .executionRedriven)
            #expect(execution.history[failedLength].previousEventId == failedLength)
        }
        // A finished redriven execution restores as it ended, with its redrive count.
        let (engine, report, _) = try Self.reopen(store, kitchen: kitchen)
        let execution = try #require(report.finished.first)
        #expect(execution.status == .succeeded)
        #expect(engine.describe(execution).redriveCount == 1)
        #expect(try store.loadExecutionRows().first?.description.status == .succeeded)
    }

    @Test func aRestartRightAfterExecutionRedrivenMakesTheReentry() throws {
        let store = try EventStore.open(path: EventStore.memoryPath)
        store.definitionText = { $0 == LocalARN.stateMachine("redrive-test") ? Self.text : nil }
        let kitchen = Kitchen()
        do {
            let engine = Engine(clock: .instant, startTime: 1_800_000_000)
            kitchen.install(on: engine)
            let recorder = store.attach(to: engine)
            let execution = try engine.startExecution(definition: try StateMachineDefinition.load(text: Self.text),
                                                      stateMachineName: "redrive-test", name: "r1")
            engine.runUntilFinished(execution)
            kitchen.ovenWorks = true
            // The process dies in the turn of the redrive: only ExecutionRedriven is stored.
            try engine.redriveExecution(Self.arn)
            recorder.detach()
        }
        let (engine, report, _) = try Self.reopen(store, kitchen: kitchen)
        let execution = try #require(report.resumed.first)
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        let redriven = try #require(execution.history.firstIndex { $0.type == .executionRedriven })
        #expect(execution.history[redriven + 1].type == .taskStateEntered)
        #expect(execution.history[redriven + 1].details.stateName == "Bake")
        #expect(execution.history[redriven + 1].details.input == ["base": "dough"])
        #expect(kitchen.calls["Oven"] == 2)
    }
}
