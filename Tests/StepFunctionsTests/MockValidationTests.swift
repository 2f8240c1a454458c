import ASL
import Engine
import LocalStepFunctions
import StepFunctions
import Testing

/// TestState's `mock.fieldValidationMode`: a Task's mocked result checked against the output shape
/// of the API operation its resource calls (generated from botocore's models), as AWS checks it.
@Suite struct MockValidationTests {
    typealias Running = LocalServiceTests.Running

    static func task(_ resource: String) -> String {
        #"{"Type": "Task", "Resource": "\#(resource)", "End": true}"#
    }

    static let putEvents = task("arn:aws:states:::events:putEvents")
    static let startExecution = task("arn:aws:states:::states:startExecution")
    static let getObject = task("arn:aws:states:::aws-sdk:s3:getObject")

    /// The ValidationException's message, or nil when the mock is taken (and the test succeeds).
    static func refusal(_ service: any StepFunctionsService, _ definition: String, _ result: String, mode: String? = nil) async throws -> String? {
        let expected = try JSONValue(parsing: result)
        do {
            let answer = try await service.testState(TestStateInput(definition: definition, mock: .init(result: result, fieldValidationMode: mode)))
            #expect(answer.status == .succeeded)
            #expect(answer.output == expected)
            return nil
        } catch {
            #expect(error.kind == .validation, "\(error)")
            return error.message
        }
    }

    @Test func resourcesResolveToTheirOperations() {
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::lambda:invoke")! == ("lambda", "Invoke"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::states:startExecution")! == ("sfn", "StartExecution"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::dynamodb:getItem")! == ("dynamodb", "GetItem"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:s3:getObject")! == ("s3", "GetObject"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:eventbridge:putEvents")! == ("eventbridge", "PutEvents"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:sfn:describeExecution")! == ("sfn", "DescribeExecution"))
        #expect(ResultShapes.operation(forResource: "arn:aws-us-gov:states:::aws-sdk:cloudwatchlogs:putLogEvents")! == ("cloudwatchlogs", "PutLogEvents"))
        // Every botocore service: the SDK's client name (serviceId in lower case, without spaces).
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:ec2:describeInstances")! == ("ec2", "DescribeInstances"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:elasticloadbalancingv2:describeLoadBalancers")!
            == ("elasticloadbalancingv2", "DescribeLoadBalancers"))
        #expect(ResultShapes.operation(forResource: "arn:aws:states:::aws-sdk:acmpca:deleteCertificateAuthority")! == ("acmpca", "DeleteCertificateAuthority"))
        // Not modelled: callbacks and .sync patterns (their result is not the call's output), a
        // Lambda function ARN (the function's own result), activities, unknown services and actions.
        for resource in ["arn:aws:states:::sqs:sendMessage.waitForTaskToken", "arn:aws:states:::states:startExecution.sync:2",
                         "arn:aws:states:::glue:startJobRun.sync", "arn:aws:lambda:us-east-1:123456789012:function:Bake",
                         "arn:aws:states:us-east-1:123456789012:activity:Oven", "arn:aws:states:::aws-sdk:pizzaoven:bake",
                         "arn:aws:states:::aws-sdk:s3:bakePizza", "arn:aws:states:::http:invoke", "bake"] {
            #expect(ResultShapes.operation(forResource: resource) == nil, "\(resource)")
        }
    }

    @Test func problemsNameTheFieldAndItsPath() throws {
        let resource = "arn:aws:states:::events:putEvents"
        let nested = try JSONValue(parsing: #"{"Entries": [{"EventId": "a"}, {"EventId": ["b"]}]}"#)
        let problem = try #require(ResultShapes.problem(of: nested, resource: resource, mode: .strict))
        #expect(problem == MockResultProblem(path: "Entries[1].EventId", field: "EventId", kind: .mustBe("a string")))
        #expect(problem.message == "Mock result schema validation error: Field 'EventId' must be a string")
        #expect(ResultShapes.problem(of: nested, resource: resource, mode: .none) == nil)
        let missing = try JSONValue(parsing: #"{"StartDate": "2025-11-26T00:00:00Z"}"#)
        #expect(ResultShapes.problem(of: missing, resource: "arn:aws:states:::states:startExecution", mode: .strict)
            == MockResultProblem(path: "ExecutionArn", field: "ExecutionArn", kind: .missing))
        #expect(ResultShapes.problem(of: missing, resource: "arn:aws:states:::states:startExecution", mode: .present) == nil)
    }

    @Test func strictChecksRequiredMembersAndTypes() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let cases: [(String, String, String?)] = [
            // Members the model does not name are not checked; PutEvents requires nothing.
            (Self.putEvents, #"{"random": "json"}"#, nil),
            (Self.putEvents, "{}", nil),
            (Self.putEvents, #"{"FailedEntryCount": 0, "Entries": [{"EventId": "e-1"}]}"#, nil),
            (Self.putEvents, #"{"Entries": "not a list"}"#, "Mock result schema validation error: Field 'Entries' must be an array"),
            (Self.putEvents, #"{"Entries": [{"EventId": ["nested"]}]}"#, "Mock result schema validation error: Field 'EventId' must be a string"),
            (Self.putEvents, #"{"FailedEntryCount": 1.5}"#, "Mock result schema validation error: Field 'FailedEntryCount' must be an integer"),
            (Self.startExecution, "{}", "Mock result schema validation error: Required field 'ExecutionArn' is missing"),
            // Member names are matched with their case: Step Functions answers them in PascalCase.
            (Self.startExecution, #"{"executionArn": "a", "startDate": "b"}"#, "Mock result schema validation error: Required field 'ExecutionArn' is missing"),
            (Self.startExecution, #"{"ExecutionArn": "a"}"#, "Mock result schema validation error: Required field 'StartDate' is missing"),
            (Self.startExecution, #"{"ExecutionArn": "a", "StartDate": 1764103483}"#, "Mock result schema validation error: Field 'StartDate' must be a string"),
            (Self.startExecution, #"{"ExecutionArn": "a", "StartDate": true}"#, "Mock result schema validation error: Field 'StartDate' must be a string"),
            (Self.startExecution, #"{"ExecutionArn": "a", "StartDate": "2025-11-26T00:00:00Z"}"#, nil),
            (Self.task("arn:aws:states:::dynamodb:getItem"), #"{"ConsumedCapacity": {"CapacityUnits": "123.45"}}"#,
             "Mock result schema validation error: Field 'CapacityUnits' must be a number"),
            (Self.task("arn:aws:states:::dynamodb:getItem"), #"{"Item": {"id": {"S": "1"}, "n": {"N": "2"}}}"#, nil),
            (Self.task("arn:aws:states:::dynamodb:getItem"), #"{"Item": {"id": {"S": 1}}}"#, "Mock result schema validation error: Field 'S' must be a string"),
            // lambda:invoke's Payload is the function's JSON result, not the API's blob.
            (Self.task("arn:aws:states:::lambda:invoke"), #"{"Payload": {"baked": true}, "StatusCode": 200}"#, nil),
            (Self.task("arn:aws:states:::lambda:invoke"), #"{"StatusCode": "200"}"#, "Mock result schema validation error: Field 'StatusCode' must be a number"),
            (Self.task("arn:aws:states:::sqs:sendMessage"), #"{"MessageId": 7}"#, "Mock result schema validation error: Field 'MessageId' must be a string"),
            (Self.task("arn:aws:states:::batch:submitJob"), #"{"JobName": "j"}"#, "Mock result schema validation error: Required field 'JobId' is missing"),
            (Self.getObject, #"{"ContentLength": "9000"}"#, "Mock result schema validation error: Field 'ContentLength' must be a number"),
            (Self.getObject, #"{"StorageClass": "Papyrus"}"#, "Mock result schema validation error: Field 'StorageClass' is not an expected value"),
            (Self.getObject, #"{"Body": "dough", "ContentLength": 5, "StorageClass": "STANDARD", "LastModified": "2025-11-26T00:00:00Z"}"#, nil),
            (Self.task("arn:aws:states:::aws-sdk:kms:encrypt"), #"{"CiphertextBlob": 123}"#, "Mock result schema validation error: Field 'CiphertextBlob' must be a string"),
            (Self.task("arn:aws:states:::aws-sdk:kms:encrypt"), #"{"CiphertextBlob": ""}"#,
             "Mock result schema validation error: Field 'CiphertextBlob' is smaller than the minimum length"),
            (Self.task("arn:aws:states:::aws-sdk:lambda:getFunction"), #"{"Configuration": {"MemorySize": 127}}"#,
             "Mock result schema validation error: Field 'MemorySize' is less than the minimum value"),
            (Self.task("arn:aws:states:::aws-sdk:lambda:getFunction"), #"{"Configuration": {"MemorySize": 32769}}"#,
             "Mock result schema validation error: Field 'MemorySize' exceeds the maximum value"),
            (Self.task("arn:aws:states:::aws-sdk:sfn:startExecution"), "{}", "Mock result schema validation error: Required field 'ExecutionArn' is missing"),
            (Self.task("arn:aws:states:::aws-sdk:ec2:describeInstances"), #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Code": "16"}}]}]}"#,
             "Mock result schema validation error: Field 'Code' must be a number"),
            (Self.task("arn:aws:states:::aws-sdk:ec2:describeInstances"), #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"}}]}]}"#, nil),
            (Self.putEvents, "[1, 2]", "Mock result schema validation error: The mocked result must be a JSON object"),
            // Not modelled: taken as given.
            (Self.task("arn:aws:lambda:us-east-1:123456789012:function:Bake"), #""a plain string""#, nil),
            (Self.task("arn:aws:states:::sqs:sendMessage.waitForTaskToken"), #"{"MessageId": 7}"#, nil),
            (Self.task("arn:aws:states:::aws-sdk:pizzaoven:bake"), #"{"Temperature": "hot"}"#, nil),
        ]
        for (definition, result, expected) in cases {
            let message = try await Self.refusal(service, definition, result)
            #expect(message == expected, "\(definition) with \(result)")
            // STRICT is the default.
            #expect(try await Self.refusal(service, definition, result, mode: "STRICT") == expected, "\(definition) with \(result)")
        }
    }

    @Test func presentChecksOnlyThePresentMembers() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let cases: [(String, String, String?)] = [
            (Self.startExecution, "{}", nil),
            (Self.startExecution, #"{"executionArn": "a", "startDate": "b"}"#, nil),
            (Self.startExecution, #"{"StartDate": true}"#, "Mock result schema validation error: Field 'StartDate' must be a string"),
            (Self.startExecution, #"{"ExecutionArn": 1764103483}"#, "Mock result schema validation error: Field 'ExecutionArn' must be a string"),
            (Self.task("arn:aws:states:::batch:submitJob"), #"{"JobName": "j"}"#, nil),
            (Self.putEvents, #"{"Entries": [{"EventId": "a"}, {"EventId": ["b"]}]}"#, "Mock result schema validation error: Field 'EventId' must be a string"),
            (Self.getObject, #"{"StorageClass": "Papyrus"}"#, "Mock result schema validation error: Field 'StorageClass' is not an expected value"),
        ]
        for (definition, result, expected) in cases {
            #expect(try await Self.refusal(service, definition, result, mode: "PRESENT") == expected, "\(definition) with \(result)")
        }
    }

    @Test func noneChecksNothing() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        for (definition, result) in [(Self.startExecution, "{}"), (Self.putEvents, #"{"Entries": "not a list"}"#), (Self.getObject, #"{"ContentLength": "9000"}"#),
                                     (Self.putEvents, "42")] {
            #expect(try await Self.refusal(service, definition, result, mode: "NONE") == nil, "\(definition) with \(result)")
        }
    }

    @Test func mapAndParallelMocksAndErrorsAreNotModelChecked() async throws {
        let running = try Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let map = #"{"Type": "Map", "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "End": true}}}, "End": true}"#
        let mapped = try await service.testState(TestStateInput(definition: map, input: "[1, 2]", mock: .init(result: #"[{}, {"startDate": 1}]"#)))
        #expect(mapped.error == nil, "\(mapped.error ?? ""): \(mapped.cause ?? "")")
        #expect(mapped.status == .succeeded && mapped.output == [[:], ["startDate": 1]])
        let failed = try await service.testState(TestStateInput(definition: Self.startExecution, mock: .init(error: "States.TaskFailed", cause: "oven cold")))
        #expect(failed.status == .failed && failed.error == "States.TaskFailed")
        do {
            _ = try await service.testState(TestStateInput(definition: Self.startExecution, mock: .init(result: "{}", fieldValidationMode: "LOOSE")))
            Issue.record("LOOSE was taken")
        } catch {
            #expect(error.kind == .validation && error.message.contains("'mock.fieldValidationMode'"))
        }
    }
}
