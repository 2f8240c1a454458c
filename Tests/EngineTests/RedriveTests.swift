import Testing
@testable import Engine
import ASL

/// RedriveExecution as AWS's redrive guide describes it: the execution continues from the state
/// that stopped it, with the same ARN and input; the history goes on with ExecutionRedriven.
@Suite struct RedriveTests {
    static let passThenTask = """
    {"StartAt": "Prepare", "States": {
      "Prepare": {"Type": "Pass", "Result": {"size": "L"}, "ResultPath": "$.pizza", "Next": "Bake"},
      "Bake": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "Oven", "Payload": {"pizza.$": "$.pizza", "redrives.$": "$$.Execution.RedriveCount"}},
               "OutputPath": "$.Payload", "End": true}}}
    """

    @Test func aFailedTaskIsScheduledAgainAndTheHistoryGoesOn() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerFunction("Oven") { call in
            calls += 1
            if calls == 1 { return call.fail(error: "Flaky", cause: "not yet") }
            call.succeed(call.input)
        }
        let (execution, first) = try run(Self.passThenTask, input: ["order": 7], engine: engine)
        #expect(execution.status == .failed)
        #expect(types(first) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled",
                                 "TaskStarted", "TaskFailed", "ExecutionFailed"])
        let taskInput = try #require(events(first, .taskStateEntered).first?.details.input)

        let date = try engine.redriveExecution(execution.arn)
        #expect(date == engine.scheduler.now)
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["pizza": ["size": "L"], "redrives": 1])
        #expect(execution.error == nil && execution.cause == nil)
        #expect(calls == 2)
        // The same history, ids going on: ExecutionRedriven follows the end, the Task is entered
        // again with the input it had; the Pass state is not run again.
        #expect(Array(chain(execution.history).dropFirst(8)) == [
            "ExecutionRedriven(8)", "TaskStateEntered(9)", "TaskScheduled(10)", "TaskStarted(11)", "TaskSucceeded(12)",
            "TaskStateExited(13)", "ExecutionSucceeded(14)",
        ])
        #expect(execution.history.map(\.id) == Array(1...15))
        #expect(Array(execution.history.prefix(8)) == first)
        #expect(events(execution.history, .taskStateEntered).last?.details.input == taskInput)
        #expect(events(execution.history, .passStateEntered).count == 1)
        // AWS's shape of the event.
        let redriven = try #require(events(execution.history, .executionRedriven).first)
        #expect(redriven.json == [
            "id": 9, "previousEventId": 8, "timestamp": .number(date), "type": "ExecutionRedriven",
            "executionRedrivenEventDetails": ["redriveCount": 1],
        ])
        #expect(try HistoryEvent(json: redriven.storedJSON) == redriven)
        // DescribeExecution.
        let description = engine.describe(execution)
        #expect(description.redriveCount == 1)
        #expect(description.redriveDate == date)
        #expect(description.redriveStatus == .notRedrivable)
        #expect(description.redriveStatusReason == "Execution is SUCCEEDED and cannot be redriven")
        #expect(description.json["redriveCount"] == 1)
        #expect(description.json["redriveDate"] == .number(date))
    }

    @Test func theContextObjectCountsRedrivesAndGivesTheRedriveTime() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerFunction("Oven") { call in
            calls += 1
            if calls <= 2 { return call.fail(error: "Flaky", cause: "not yet") }
            call.succeed(call.input)
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Oven", "Payload": {"count.$": "$$.Execution.RedriveCount", "execution.$": "$$.Execution"}}
        """)
        let (execution, _) = try run(definition, engine: engine)
        #expect(events(execution.history, .taskScheduled).last?.details.parameters?["Payload"]?["count"] == 0)
        #expect(events(execution.history, .taskScheduled).last?.details.parameters?["Payload"]?["execution"]?["RedriveTime"] == nil)
        for attempt in 1...2 {
            engine.scheduler.after(60) {}
            engine.scheduler.run(until: { false })
            let date = try engine.redriveExecution(execution.arn)
            engine.runUntilFinished(execution)
            let payload = events(execution.history, .taskScheduled).last?.details.parameters?["Payload"]
            #expect(payload?["count"] == .number(Double(attempt)))
            #expect(payload?["execution"]?["RedriveTime"] == .string(Timestamp.format(date)))
            #expect(events(execution.history, .executionRedriven).last?.details.redriveCount == attempt)
        }
        #expect(execution.status == .succeeded)
        #expect(execution.redriveCount == 2)
    }

    @Test func aRetriedTaskGetsAllItsAttemptsAgain() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerFunction("Oven") { call in
            calls += 1
            if calls <= 3 { return call.fail(error: "Flaky", cause: "not yet") }
            call.succeed(call.input)
        }
        let definition = single("""
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Oven", "Payload": {}},
        "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2}]
        """)
        let (execution, _) = try run(definition, engine: engine)
        #expect(execution.status == .failed)
        #expect(calls == 3)
        try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        // The retry count is reset to 0 on redrive: the fourth call (the first of the redrive) succeeds.
        #expect(execution.status == .succeeded)
        #expect(calls == 4)
    }

    @Test func aParallelRerunsOnlyItsFailedBranch() throws {
        let engine = makeEngine()
        var good = 0, flaky = 0
        engine.handlers.registerFunction("Good") { call in good += 1; call.succeed(["good": true]) }
        engine.handlers.registerFunction("Flaky") { call in
            flaky += 1
            let first = flaky == 1
            call.after(5) { first ? call.fail(error: "Flaky", cause: "not yet") : call.succeed(["flaky": true]) }
        }
        let definition = """
        {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Good", "Next": "A2"},
                                      "A2": {"Type": "Pass", "End": true}}},
          {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Result": {"b": 1}, "Next": "B"},
                                       "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Flaky", "End": true}}}
        ]}}}
        """
        let (execution, first) = try run(definition, engine: engine)
        #expect(execution.status == .failed)
        try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(execution.output == [["good": true], ["flaky": true]])
        #expect(good == 1 && flaky == 2)
        let redrive = Array(execution.history.dropFirst(first.count))
        #expect(types(redrive) == ["ExecutionRedriven", "ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered",
                                   "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                                   "ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded"])
        #expect(redrive.first { $0.type == .taskStateEntered }?.details.input == ["b": 1])
        #expect(execution.history.map(\.id) == Array(1...execution.history.count))
    }

    @Test func anInlineMapRerunsOnlyItsFailedIterations() throws {
        let engine = makeEngine()
        var calls: [Double] = []
        var failedOnce = false
        engine.handlers.registerFunction("Square") { call in
            let n = call.input.numberValue ?? 0
            calls.append(n)
            if n == 2 && !failedOnce {
                failedOnce = true
                return call.after(5) { call.fail(error: "Flaky", cause: "not yet") }
            }
            call.succeed(.number(n * n))
        }
        let definition = """
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Sq", "States": {
          "Sq": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Square", "End": true}}}}}}
        """
        let (execution, first) = try run(definition, input: [1, 2, 3], engine: engine)
        #expect(execution.status == .failed)
        #expect(calls == [1, 2, 3])
        try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        #expect(execution.status == .succeeded)
        #expect(execution.output == [1, 4, 9])
        #expect(calls == [1, 2, 3, 2])
        let redrive = Array(execution.history.dropFirst(first.count))
        #expect(events(redrive, .mapIterationStarted).map(\.details.index) == [1])
        #expect(types(redrive).prefix(4) == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted", "MapIterationStarted"])
        #expect(types(redrive).suffix(3) == ["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
    }

    @Test func aFailStateFailsAgainAndAChoiceChoosesAgain() throws {
        let definition = """
        {"StartAt": "Pick", "States": {
          "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Stop"}], "Default": "Stop"},
          "Stop": {"Type": "Fail", "Error": "Nope", "Cause": "always"}}}
        """
        let engine = makeEngine()
        let (execution, first) = try run(definition, input: ["n": 1], engine: engine)
        try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        #expect(execution.status == .failed)
        #expect(execution.error == "Nope")
        #expect(chain(Array(execution.history.dropFirst(first.count))) == ["ExecutionRedriven(5)", "FailStateEntered(6)", "ExecutionFailed(7)"])
    }

    @Test func variablesAssignedBeforeTheFailureAreSeenOnRedrive() throws {
        let engine = makeEngine()
        var calls = 0
        engine.handlers.registerFunction("Oven") { call in
            calls += 1
            calls == 1 ? call.fail(error: "Flaky", cause: "not yet") : call.succeed(call.input)
        }
        let definition = """
        {"StartAt": "Set", "States": {
          "Set": {"Type": "Pass", "Assign": {"size": "L"}, "Next": "Bake"},
          "Bake": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Oven", "Parameters": {"size.$": "$size"}, "End": true}}}
        """
        let (execution, _) = try run(definition, engine: engine)
        try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        #expect(execution.output == ["size": "L"])
    }

    @Test func aTimedOutExecutionGetsItsTimeoutAgainFromTheRedrive() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Slow") { call in call.after(8) { call.succeed(["done": true]) } }
        let definition = """
        {"StartAt": "T", "TimeoutSeconds": 10, "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow", "Next": "T2"},
          "T2": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow", "End": true}}}
        """
        let (execution, _) = try run(definition, engine: engine)
        #expect(execution.status == .timedOut)
        let date = try engine.redriveExecution(execution.arn)
        engine.runUntilFinished(execution)
        // T2 runs again from the redrive (8 s < 10 s) and the execution succeeds.
        #expect(execution.status == .succeeded)
        #expect(execution.stopDate == date + 8)
        #expect(engine.describe(execution).json["stopDate"] == .number(date + 8))
    }

    @Test func notRedrivableCasesAnswerAWSReasons() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Slow") { call in call.after(10) { call.fail(error: "Flaky", cause: "x") } }
        let running = try start(single(#""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Slow""#), engine: engine, name: "r")
        engine.scheduler.run(until: { running.history.count >= 4 })
        #expect(throws: EngineError.executionNotRedrivable("Execution is RUNNING and cannot be redriven")) { try engine.redriveExecution(running.arn) }
        engine.runUntilFinished(running)
        #expect(engine.describe(running).redriveStatus == .redrivable)
        #expect(engine.describe(running).redriveStatusReason == nil)

        let (succeeded, _) = try run(single(#""Type": "Pass""#), engine: engine, name: "s")
        #expect(throws: EngineError.executionNotRedrivable("Execution is SUCCEEDED and cannot be redriven")) { try engine.redriveExecution(succeeded.arn) }
        #expect(throws: EngineError.executionDoesNotExist("nope")) { try engine.redriveExecution("nope") }

        // 14 days after it ended, a failed execution can no longer be redriven.
        engine.scheduler.after(14 * 86_400 + 1) {}
        engine.scheduler.run(until: { false })
        #expect(throws: EngineError.executionNotRedrivable("Execution redrivable period exceeded")) { try engine.redriveExecution(running.arn) }
        #expect(engine.describe(running).redriveStatus == .notRedrivable)
        #expect(engine.describe(running).redriveStatusReason == "Execution redrivable period exceeded")

        let express = try engine.startExecution(definition: try StateMachineDefinition.load(text: single(#""Type": "Pass""#)),
                                                stateMachineName: "Machine", type: .express)
        engine.runUntilFinished(express)
        #expect(throws: EngineError.executionNotRedrivable("This API action is not supported by EXPRESS state machines.")) {
            try engine.redriveExecution(express.arn)
        }
        #expect(express.description.redriveCount == nil)
    }

    @Test func theHistoryLimitLeavesNoRoomForARedrive() throws {
        // A loop that fails when the history reaches the quota (its 25,000th event is ExecutionFailed).
        let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "B"},
          "B": {"Type": "Pass", "Next": "A"},
          "Done": {"Type": "Succeed"}}}
        """
        let engine = makeEngine()
        let (execution, history) = try run(definition, engine: engine)
        #expect(execution.status == .failed)
        #expect(history.count == 25_000)
        #expect(throws: EngineError.executionNotRedrivable("Execution history event limit exceeded")) { try engine.redriveExecution(execution.arn) }
    }
}
