import Testing
@testable import Engine
import ASL

/// TestState's run of one state (`Engine.testState`): the data flow step by step through the
/// interpreter's own code, Retry and Catch as statuses, mocks for a task's, Parallel's and Map's work.
@Suite struct StateTestingTests {
    /// Runs `definition` (one state, or a machine with `stateName`) as TestState does, in virtual time.
    private func inspect(_ definition: String, stateName: String? = nil, input: JSONValue = [:], engine: Engine = makeEngine(),
                         _ configure: (inout StateTest) -> Void = { _ in }) throws -> StateInspection {
        var test = StateTest(state: try StateTest.state(in: definition, named: stateName), input: input)
        configure(&test)
        var answer: StateInspection?
        engine.testState(test) { answer = $0 }
        engine.scheduler.run(until: { answer != nil })
        return try #require(answer)
    }

    private func steps(_ inspection: StateInspection) -> [String] { inspection.steps.map(\.step.rawValue) }

    // MARK: JSONPath

    /// Every step of a JSONPath Task, in AWS's order, the mock standing in for the service.
    @Test func jsonPathTaskShowsEveryStep() throws {
        let inspection = try inspect("""
        {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
         "InputPath": "$.order", "Parameters": {"FunctionName": "Bake", "Payload": {"pizza.$": "$.pizza"}},
         "ResultSelector": {"baked.$": "$.Payload.done"}, "ResultPath": "$.oven", "OutputPath": "$.oven", "Next": "Deliver"}
        """, input: ["order": ["pizza": "margherita"], "other": 1]) {
            $0.mock = .result(["Payload": ["done": true], "StatusCode": 200])
        }
        #expect(inspection.status == .succeeded)
        #expect(steps(inspection) == ["afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath"])
        #expect(inspection.input == ["order": ["pizza": "margherita"], "other": 1])
        #expect(inspection.value(after: .afterInputPath) == ["pizza": "margherita"])
        #expect(inspection.value(after: .afterParameters) == ["FunctionName": "Bake", "Payload": ["pizza": "margherita"]])
        #expect(inspection.value(after: .result) == ["Payload": ["done": true], "StatusCode": 200])
        #expect(inspection.value(after: .afterResultSelector) == ["baked": true])
        #expect(inspection.value(after: .afterResultPath) == ["order": ["pizza": "margherita"], "other": 1, "oven": ["baked": true]])
        #expect(inspection.output == ["baked": true])
        #expect(inspection.nextState == "Deliver")
        #expect(inspection.error == nil && inspection.errorDetails == nil && inspection.variables == nil)
        #expect(inspection.stateType == "Task" && inspection.queryLanguage == .jsonPath)
    }

    /// Without a mock, a task whose handler runs locally runs for real.
    @Test func taskRunsItsLocalHandler() throws {
        let engine = makeEngine()
        engine.handlers.registerFunction("Double") { input in .number((input["n"]?.numberValue ?? 0) * 2) }
        let inspection = try inspect("""
        {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Double", "ResultPath": "$.doubled", "End": true}
        """, input: ["n": 21], engine: engine)
        #expect(inspection.status == .succeeded)
        #expect(inspection.value(after: .result) == 42)
        #expect(inspection.output == ["n": 21, "doubled": 42])
        #expect(inspection.nextState == nil)
        #expect(engine.runsWithoutMock(TaskState(resource: "arn:aws:lambda:us-east-1:123456789012:function:Double"), parameters: nil))
        #expect(!engine.runsWithoutMock(TaskState(resource: "arn:aws:lambda:us-east-1:123456789012:function:Nobody"), parameters: nil))
        #expect(!engine.runsWithoutMock(TaskState(resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken"), parameters: nil))
        #expect(engine.executions.isEmpty, "a tested state is no execution")
    }

    /// A Pass state's Parameters and Assign; the variables after it hold the given and the assigned.
    @Test func passParametersAndVariables() throws {
        let inspection = try inspect("""
        {"Type": "Pass", "Parameters": {"size.$": "$.size", "by.$": "$cook"}, "Assign": {"sized.$": "$.size"}, "ResultPath": "$.p", "End": true}
        """, input: ["size": "L"]) { $0.variables = ["cook": "Mario"] }
        #expect(steps(inspection) == ["afterInputPath", "afterParameters", "afterResultSelector", "afterResultPath"])
        #expect(inspection.value(after: .afterParameters) == ["size": "L", "by": "Mario"])
        #expect(inspection.output == ["size": "L", "p": ["size": "L", "by": "Mario"]])
        #expect(inspection.variables == ["cook": "Mario", "sized": "L"])
    }

    @Test func passResultWaitAndSucceed() throws {
        let pass = try inspect(#"{"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "N"}"#, input: ["a": 1])
        #expect(steps(pass) == ["result", "afterResultSelector", "afterResultPath"])
        #expect(pass.output == ["a": 1, "r": ["x": 1]] && pass.nextState == "N")

        let engine = makeEngine()
        let wait = try inspect(#"{"Type": "Wait", "Seconds": 3600, "InputPath": "$.a", "Next": "After"}"#, input: ["a": ["b": 2]], engine: engine)
        #expect(wait.status == .succeeded && wait.output == ["b": 2] && wait.nextState == "After")
        #expect(engine.scheduler.now == testStartTime, "a tested Wait does not wait")

        let succeed = try inspect(#"{"Type": "Succeed", "OutputPath": "$.a"}"#, input: ["a": 5])
        #expect(succeed.status == .succeeded && succeed.output == 5 && succeed.nextState == nil)
        #expect(steps(succeed) == ["afterInputPath"])
    }

    // MARK: Choice and Fail

    @Test func choiceGivesItsNextState() throws {
        let definition = """
        {"Type": "Choice", "Choices": [
           {"Variable": "$.value", "NumericGreaterThanEquals": 20, "Next": "ValueInTwenties"},
           {"Variable": "$.value", "NumericLessThan": 20, "Next": "Small", "Assign": {"small": true}}],
         "Default": "Other"}
        """
        let twenties = try inspect(definition, input: ["value": 22, "type": "Private"])
        #expect(twenties.status == .succeeded && twenties.nextState == "ValueInTwenties")
        #expect(twenties.output == ["value": 22, "type": "Private"])
        #expect(steps(twenties) == ["afterInputPath"])
        let small = try inspect(definition, input: ["value": 3])
        #expect(small.nextState == "Small" && small.variables == ["small": true])
        let other = try inspect(definition, input: ["value": "x"])
        #expect(other.nextState == "Other")
    }

    @Test func failStateFails() throws {
        let fail = try inspect(#"{"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machine raises a 'SomeFailure' failure."}"#, input: ["Value": "HelloWorld"])
        #expect(fail.status == .failed && fail.error == "SomeFailure" && fail.cause == "This state machine raises a 'SomeFailure' failure.")
        #expect(fail.output == nil && fail.nextState == nil)
        #expect(fail.value(after: .afterInputPath) == ["Value": "HelloWorld"])
        let fromPath = try inspect(#"{"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('no {}', $.c)"}"#, input: ["e": "E", "c": "oven"])
        #expect(fromPath.error == "E" && fromPath.cause == "no oven")
    }

    // MARK: Retry and Catch

    private let retrying = """
    {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
     "Retry": [{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["Oven.Cold"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 5}],
     "Catch": [{"ErrorEquals": ["Other"], "Next": "X"}, {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
     "Next": "Deliver"}
    """

    @Test func retriableAfterTheGivenRetries() throws {
        let inspection = try inspect(retrying, input: ["a": 1]) {
            $0.mock = .error(StatesError("Oven.Cold", "too cold"))
            $0.retrierRetryCount = 4
        }
        #expect(inspection.status == .retriable)
        #expect(inspection.error == "Oven.Cold" && inspection.cause == "too cold")
        #expect(inspection.errorDetails == StateInspection.ErrorDetails(retryIndex: 1, retryBackoffIntervalSeconds: 16))
        #expect(inspection.output == nil && inspection.nextState == nil)
        #expect(steps(inspection) == ["afterInputPath", "afterParameters"])

        let first = try inspect(retrying) { $0.mock = .error(StatesError("Oven.Cold", "")) }
        #expect(first.status == .retriable && first.errorDetails?.retryBackoffIntervalSeconds == 1)
    }

    @Test func caughtOnceTheRetriesAreSpent() throws {
        let inspection = try inspect(retrying, input: ["a": 1]) {
            $0.mock = .error(StatesError("Oven.Cold", "too cold"))
            $0.retrierRetryCount = 5
        }
        #expect(inspection.status == .caughtError)
        #expect(inspection.errorDetails == StateInspection.ErrorDetails(catchIndex: 1, retryIndex: 1))
        #expect(inspection.error == "Oven.Cold" && inspection.cause == "too cold")
        #expect(inspection.nextState == "Recover")
        #expect(inspection.output == ["a": 1, "error": ["Error": "Oven.Cold", "Cause": "too cold"]])
    }

    @Test func failedWhenNothingTakesTheError() throws {
        let inspection = try inspect("""
        {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
         "Retry": [{"ErrorEquals": ["Oven.Cold"], "MaxAttempts": 2}], "End": true}
        """) {
            $0.mock = .error(StatesError("Oven.Cold", "c"))
            $0.retrierRetryCount = 2
        }
        #expect(inspection.status == .failed && inspection.error == "Oven.Cold")
        #expect(inspection.errorDetails == StateInspection.ErrorDetails(retryIndex: 0))
        let unmatched = try inspect("""
        {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}
        """) { $0.mock = .error(StatesError("Boom", "")) }
        #expect(unmatched.status == .failed && unmatched.errorDetails == nil && unmatched.error == "Boom" && unmatched.cause == nil)
    }

    // MARK: JSONata

    @Test func jsonataTaskArgumentsOutputAndAssign() throws {
        let inspection = try inspect("""
        {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
         "Arguments": {"FunctionName": "Bake", "Payload": "{% $states.input.pizza & ' for ' & $who %}"},
         "Assign": {"baked": "{% $states.result.Payload %}"}, "Output": "{% {'done': $states.result.Payload} %}", "Next": "Deliver"}
        """, input: ["pizza": "margherita"]) {
            $0.variables = ["who": "Luigi"]
            $0.mock = .result(["Payload": "hot"])
        }
        #expect(inspection.queryLanguage == .jsonata)
        #expect(steps(inspection) == ["afterArguments", "result"])
        #expect(inspection.value(after: .afterArguments) == ["FunctionName": "Bake", "Payload": "margherita for Luigi"])
        #expect(inspection.value(after: .result) == ["Payload": "hot"])
        #expect(inspection.output == ["done": "hot"])
        #expect(inspection.variables == ["who": "Luigi", "baked": "hot"])
        #expect(inspection.nextState == "Deliver")
    }

    @Test func jsonataChoiceAndCatch() throws {
        let choice = try inspect("""
        {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "Big", "Output": "{% 'big' %}"}],
         "Default": "Small"}
        """, input: ["n": 5])
        #expect(choice.nextState == "Big" && choice.output == "big")

        let caught = try inspect("""
        {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
         "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Output": "{% $states.errorOutput.Error %}", "Assign": {"failed": true}, "Next": "Handle"}],
         "End": true}
        """) { $0.mock = .error(StatesError("Oops", "why")) }
        #expect(caught.status == .caughtError && caught.nextState == "Handle" && caught.output == "Oops")
        #expect(caught.errorDetails?.catchIndex == 0 && caught.variables == ["failed": true])
    }

    /// A failed JSONata expression fails the state with States.QueryEvaluationError, as in an execution.
    @Test func jsonataEvaluationFailure() throws {
        let inspection = try inspect(#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $number('x') + $undefinedFn() %}", "End": true}"#)
        #expect(inspection.status == .failed && inspection.error == "States.QueryEvaluationError")
    }

    // MARK: Parallel and Map (mocked)

    @Test func mapShowsItsItemsAndSettings() throws {
        let inspection = try inspect("""
        {"Type": "Map", "InputPath": "$.order", "ItemsPath": "$.pizzas", "MaxConcurrency": 2,
         "ItemSelector": {"name.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
         "ItemProcessor": {"StartAt": "Bake", "States": {"Bake": {"Type": "Pass", "End": true}}},
         "ResultPath": "$.baked", "End": true}
        """, input: ["order": ["pizzas": ["a", "b"]]]) { $0.mock = .result(["A", "B"]) }
        #expect(inspection.status == .succeeded)
        #expect(steps(inspection) == ["afterInputPath", "afterItemsPath", "afterItemSelector", "result", "afterResultSelector", "afterResultPath"])
        #expect(inspection.value(after: .afterItemsPath) == ["a", "b"])
        #expect(inspection.value(after: .afterItemSelector) == [["name": "a", "index": 0], ["name": "b", "index": 1]])
        #expect(inspection.output == ["order": ["pizzas": ["a", "b"]], "baked": ["A", "B"]])
        #expect(inspection.map == StateInspection.MapSettings(maxConcurrency: 2))
    }

    @Test func distributedMapPastItsToleratedFailures() throws {
        let definition = """
        {"Type": "Map", "ToleratedFailureCount": 1, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
           "Parameters": {"Bucket": "b", "Key": "k"}},
         "ItemBatcher": {"MaxItemsPerBatch": 2},
         "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
           "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
         "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "HandleThreshold"}], "End": true}
        """
        let within = try inspect(definition) {
            $0.mock = .result([1, 1, 1])
            $0.mapItemReaderData = "[1, 2, 3]"
            $0.mapIterationFailureCount = 1
        }
        #expect(within.status == .succeeded && within.output == [1, 1, 1])
        #expect(within.value(after: .afterItemsPath) == [1, 2, 3])
        #expect(within.value(after: .afterItemBatcher) == [["Items": [1, 2]], ["Items": [3]]])
        #expect(within.map == StateInspection.MapSettings(maxConcurrency: 0, toleratedFailureCount: 1))
        let past = try inspect(definition) {
            $0.mock = .result([1, 1, 1])
            $0.mapItemReaderData = "[1, 2, 3]"
            $0.mapIterationFailureCount = 2
        }
        #expect(past.status == .caughtError && past.nextState == "HandleThreshold")
        #expect(past.error == "States.ExceedToleratedFailureThreshold" && past.errorDetails?.catchIndex == 0)
    }

    /// An ItemReader reads the test's data as its source holds it (here CSV), else its source.
    @Test func itemReaderDataOrItsSource() throws {
        let definition = """
        {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
           "Parameters": {"Bucket": "b", "Key": "k.csv"}},
         "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
           "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
        """
        let read = try inspect(definition) {
            $0.mock = .result([])
            $0.mapItemReaderData = "pizza,size\nmargherita,L\n"
        }
        #expect(read.status == .succeeded && read.value(after: .afterItemsPath) == [["pizza": "margherita", "size": "L"]])
        // No data and no S3 here: the reader fails as it would in an execution.
        let unread = try inspect(definition) { $0.mock = .result([]) }
        #expect(unread.status == .failed && unread.error == StatesError.Name.itemReaderFailed)
    }

    @Test func parallelMockedResultAndError() throws {
        let definition = """
        {"Type": "Parallel", "Branches": [
           {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
           {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
         "ResultSelector": {"first.$": "$[0]"}, "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3}], "Next": "Then"}
        """
        let done = try inspect(definition, input: ["x": 1]) { $0.mock = .result(["a", "b"]) }
        #expect(done.status == .succeeded && done.output == ["first": "a"] && done.nextState == "Then")
        #expect(steps(done) == ["afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath"])
        let failed = try inspect(definition) { $0.mock = .error(StatesError("Branch.Failed", "in B")) }
        #expect(failed.status == .retriable && failed.errorDetails == StateInspection.ErrorDetails(retryIndex: 0, retryBackoffIntervalSeconds: 3))
    }

    // MARK: The context object and definitions

    @Test func contextObjectFromTheTest() throws {
        let inspection = try inspect(#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"name.$": "$$.Execution.Name", "state.$": "$$.State.Name", "retry.$": "$$.State.RetryCount"}, "End": true}"#) {
            $0.mock = .result([:])
            $0.context = ["Execution": ["Name": "given"], "State": ["RetryCount": 3]]
        }
        #expect(inspection.value(after: .afterParameters) == ["name": "given", "state": "TestState", "retry": 3])
    }

    @Test func statesOfAWholeMachine() throws {
        let machine = """
        {"StartAt": "First", "States": {
           "First": {"Type": "Pass", "Result": 1, "Next": "Fan"},
           "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Result": "in", "End": true}}}], "End": true}}}
        """
        let first = try inspect(machine, stateName: "First")
        #expect(first.stateName == "First" && first.output == 1 && first.nextState == "Fan")
        let inner = try inspect(machine, stateName: "Inner")
        #expect(inner.output == "in" && inner.nextState == nil)
        #expect(throws: StateTest.DefinitionProblem.stateNameRequired) { try StateTest.state(in: machine, named: nil) }
        #expect(throws: StateTest.DefinitionProblem.stateNotFound("Nope")) { try StateTest.state(in: machine, named: "Nope") }
        #expect(StateTest.innerStateNames(of: try StateTest.state(in: machine, named: "Fan")) == ["Inner"])
        let lone = try StateTest.state(in: #"{"StartAt": "Only", "States": {"Only": {"Type": "Succeed"}}}"#, named: nil)
        #expect(lone.name == "Only")
    }

    @Test func invalidDefinitions() {
        for text in ["not json", "[1]", #"{"Type": "Pass"}"#, #"{"Type": "Task", "End": true}"#, #"{"Type": "Nope", "End": true}"#] {
            #expect(throws: StateTest.DefinitionProblem.self) { try StateTest.state(in: text, named: nil) }
        }
        #expect(throws: StateTest.DefinitionProblem.self) { try StateTest.state(in: #"{"Type": "Pass", "End": true}"#, named: "TestState") }
    }

    /// TestState's five minutes: a task whose handler never answers fails with States.Timeout.
    @Test func aTaskThatNeverEndsTimesOut() throws {
        let engine = makeEngine()
        engine.handlers.registerResource("arn:aws:states:::custom:never") { _ in }
        let inspection = try inspect(#"{"Type": "Task", "Resource": "arn:aws:states:::custom:never", "End": true}"#, engine: engine)
        #expect(inspection.status == .failed && inspection.error == "States.Timeout")
        #expect(engine.scheduler.now == testStartTime + StateTest.timeLimit)
    }
}
