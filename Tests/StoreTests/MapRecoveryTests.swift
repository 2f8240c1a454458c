import ASL
import Engine
import Foundation
import Testing
@testable import Store

/// Recovery of a Map (and of a Parallel inside it): any definition, not only the pizza saga.
@Suite struct MapRecoveryTests {
    static let definitionText = """
    {
      "StartAt": "Prepare",
      "States": {
        "Prepare": { "Type": "Pass", "Result": [1, 2, 3, 4, 5], "ResultPath": "$.items", "Next": "Each" },
        "Each": {
          "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.results",
          "ItemProcessor": {
            "StartAt": "Work",
            "States": {
              "Work": {
                "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Work",
                "Retry": [{ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 2 }],
                "Next": "Both"
              },
              "Both": {
                "Type": "Parallel", "End": true,
                "Branches": [
                  { "StartAt": "Pause", "States": { "Pause": { "Type": "Wait", "Seconds": 1, "End": true } } },
                  { "StartAt": "Check", "States": { "Check": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Check", "End": true } } }
                ]
              }
            }
          },
          "Next": "Done"
        },
        "Done": { "Type": "Succeed" }
      }
    }
    """

    /// Work multiplies by 10 after a second; its first call for item 3 fails (a retry).
    static func install(on engine: Engine, counts: @escaping (String) -> Void, failed: Box) {
        engine.handlers.registerFunction("Work") { call in
            counts("Work")
            let n = call.input.numberValue ?? 0
            call.after(1) {
                if n == 3 && !failed.value { failed.value = true; return call.fail(error: "Flaky", cause: "first try") }
                call.succeed(.number(n * 10))
            }
        }
        engine.handlers.registerFunction("Check") { call in
            counts("Check")
            call.after(0.5) { call.succeed(["checked": call.input]) }
        }
    }

    final class Box { var value = false }

    static func start(_ store: EventStore, counts: @escaping (String) -> Void, failed: Box) throws -> (Engine, StoreRecorder, Execution) {
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        install(on: engine, counts: counts, failed: failed)
        store.definitionText = { $0 == LocalARN.stateMachine("map-test") ? definitionText : nil }
        let recorder = store.attach(to: engine)
        let execution = try engine.startExecution(definition: try StateMachineDefinition.load(text: definitionText), stateMachineName: "map-test", name: "m1")
        return (engine, recorder, execution)
    }

    @Test func everyCutPointOfAMapEndsAsAnUninterruptedRun() throws {
        var expectedCounts: [String: Int] = [:]
        let baselineStore = try EventStore.open(path: EventStore.memoryPath)
        let (engine, recorder, execution) = try Self.start(baselineStore, counts: { expectedCounts[$0, default: 0] += 1 }, failed: Box())
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        let expectedOutput = execution.output
        #expect(expectedOutput?["results"]?.arrayValue?.count == 5)

        for cut in 1..<recorder.writeCount {
            let store = try EventStore.open(path: EventStore.memoryPath)
            var counts: [String: Int] = [:]
            let failed = Box()
            let dead = Box() // set when the simulated process dies: its later calls never happened
            do {
                let (engine, recorder, execution) = try Self.start(store, counts: { if !dead.value { counts[$0, default: 0] += 1 } }, failed: failed)
                recorder.afterWrite = { if $0 >= cut { recorder.detach(); dead.value = true } }
                engine.runUntilFinished(execution)
            }
            let engine = Engine(clock: .instant, startTime: try store.lastTimestamp() ?? 0)
            // The flaky first failure already happened if it was recorded.
            let history = try store.loadHistory(executionArn: LocalARN.execution(machine: "map-test", name: "m1"))
            failed.value = history.contains { $0.type == .lambdaFunctionFailed }
            Self.install(on: engine, counts: { counts[$0, default: 0] += 1 }, failed: failed)
            let restored = try store.restore(into: engine)
            let resumed = restored.finished + restored.resumed
            try #require(resumed.count == 1)
            engine.runUntilFinished(resumed[0])
            #expect(resumed[0].status == .succeeded, "cut \(cut): \(resumed[0].error ?? "") \(resumed[0].cause ?? "")")
            #expect(resumed[0].output == expectedOutput, "cut \(cut)")
            #expect(resumed[0].history.map(\.id) == Array(1...resumed[0].history.count))
            // At most the calls in flight (two iterations, each with one task) run again.
            for (name, want) in expectedCounts {
                let got = counts[name, default: 0]
                #expect(got >= want && got <= want + 2, "cut \(cut): \(name) ran \(got) times, uninterrupted \(want)")
            }
        }
    }

    /// A Choice and a Wait: cut at every write, resume after 4 s of downtime; the Wait still
    /// ends 10 s after it was entered (the time spent, down or not, counts), on the same path.
    @Test func waitCountsTheTimeAlreadySpentAndChoiceChoosesAgain() throws {
        let text = """
        {"StartAt": "Pick", "States": {
          "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Long"}], "Default": "Short"},
          "Long": {"Type": "Wait", "Seconds": 10, "Next": "Done"},
          "Short": {"Type": "Pass", "End": true},
          "Done": {"Type": "Succeed"}}}
        """
        let definition = try StateMachineDefinition.load(text: text)
        let start = 1_800_000_000.0
        for cut in 1...5 {
            let store = try EventStore.open(path: EventStore.memoryPath)
            store.definitionText = { $0 == LocalARN.stateMachine("wait-test") ? text : nil }
            do {
                let engine = Engine(clock: .instant, startTime: start)
                let recorder = store.attach(to: engine)
                recorder.afterWrite = { if $0 >= cut { recorder.detach() } }
                engine.runUntilFinished(try engine.startExecution(definition: definition, stateMachineName: "wait-test", name: "w", input: ["n": 5]))
            }
            let engine = Engine(clock: .instant, startTime: (try store.lastTimestamp() ?? start) + 4)
            let restored = try store.restore(into: engine)
            let execution = try #require((restored.resumed + restored.finished).first)
            engine.runUntilFinished(execution)
            #expect(execution.status == .succeeded, "cut \(cut)")
            #expect(HistoryPath.statesEntered(execution.history) == ["Pick", "Long", "Done"], "cut \(cut)")
            let entered = try #require(execution.history.first { $0.type == .waitStateEntered })
            let exited = try #require(execution.history.first { $0.type == .waitStateExited })
            #expect(exited.timestamp == max(entered.timestamp + 10, start + 4), "cut \(cut)")
        }
    }
}
