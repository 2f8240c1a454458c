"""TestState through boto3: one state run on its own, as AWS's TestState API answers it (status,
output, error, cause, nextState; inspectionData at DEBUG and TRACE), with mocks, variables, the
context object, retries and Map iterations configured, and AWS's validation errors.

Run by AWSClientTests (swift test) as: python3 -m unittest test_test_state, with PIZZADASH_BINARY set."""
import json
import unittest

from botocore.exceptions import ClientError

from server import ROLE, ServerTestCase

TASK = "arn:aws:states:::lambda:invoke"


def error_of(context):
    return context.exception.response["Error"]["Code"], context.exception.response["Error"]["Message"]


class TestStateAPI(ServerTestCase):
    def run_state(self, state, **arguments):
        return self.sfn.test_state(definition=json.dumps(state), **arguments)

    def test_pass_state_at_each_level(self):
        state = {"Type": "Pass", "InputPath": "$.initialData", "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
                 "ResultPath": "$.modifiedData", "Next": "Next"}
        data = {"initialData": {"fieldFromInput": "value from input"}}
        info = self.run_state(state, input=json.dumps(data))
        self.assertEqual(info["status"], "SUCCEEDED")
        self.assertEqual(info["nextState"], "Next")
        self.assertNotIn("inspectionData", info)
        self.assertNotIn("error", info)

        debug = self.run_state(state, input=json.dumps(data), inspectionLevel="DEBUG")
        inspection = debug["inspectionData"]
        self.assertEqual(json.loads(inspection["input"]), data)
        self.assertEqual(json.loads(inspection["afterInputPath"]), {"fieldFromInput": "value from input"})
        self.assertEqual(json.loads(inspection["afterParameters"]), {"staticValue": "some value", "inputValue": "value from input"})
        self.assertEqual(json.loads(inspection["afterResultPath"]),
                         {**data, "modifiedData": {"staticValue": "some value", "inputValue": "value from input"}})
        self.assertEqual(json.loads(debug["output"]), json.loads(inspection["afterResultPath"]))
        self.assertNotIn("request", inspection)

        trace = self.run_state(state, input=json.dumps(data), inspectionLevel="TRACE")
        self.assertEqual(trace["inspectionData"], inspection)

    def test_mocked_task_shows_its_data_flow(self):
        state = {"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "Bake", "Payload.$": "$.pizza"},
                 "ResultSelector": {"done.$": "$.Payload"}, "ResultPath": "$.oven", "End": True}
        answer = self.run_state(state, input=json.dumps({"pizza": "margherita"}), inspectionLevel="DEBUG",
                                 mock={"result": json.dumps({"Payload": "baked", "StatusCode": 200})})
        self.assertEqual(answer["status"], "SUCCEEDED")
        self.assertNotIn("nextState", answer)
        self.assertEqual(json.loads(answer["output"]), {"pizza": "margherita", "oven": {"done": "baked"}})
        inspection = answer["inspectionData"]
        self.assertEqual(json.loads(inspection["afterParameters"]), {"FunctionName": "Bake", "Payload": "margherita"})
        self.assertEqual(json.loads(inspection["result"]), {"Payload": "baked", "StatusCode": 200})
        self.assertEqual(json.loads(inspection["afterResultSelector"]), {"done": "baked"})

    def test_jsonata_task_with_variables(self):
        state = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": TASK,
                 "Arguments": {"FunctionName": "Bake", "Payload": "{% $states.input.pizza & ' for ' & $guest %}"},
                 "Assign": {"baked": "{% $states.result.Payload %}"}, "Output": "{% $states.result.Payload %}", "Next": "Deliver"}
        answer = self.run_state(state, input=json.dumps({"pizza": "diavola"}), variables=json.dumps({"guest": "Ada"}),
                                 inspectionLevel="DEBUG", mock={"result": json.dumps({"Payload": "hot diavola"})})
        self.assertEqual(answer["status"], "SUCCEEDED")
        self.assertEqual(json.loads(answer["output"]), "hot diavola")
        self.assertEqual(answer["nextState"], "Deliver")
        inspection = answer["inspectionData"]
        self.assertEqual(json.loads(inspection["afterArguments"]), {"FunctionName": "Bake", "Payload": "diavola for Ada"})
        self.assertEqual(json.loads(inspection["variables"]), {"guest": "Ada", "baked": "hot diavola"})
        self.assertNotIn("afterInputPath", inspection)

    def test_choice_fail_and_wait(self):
        choice = {"Type": "Choice", "Choices": [{"Variable": "$.value", "NumericGreaterThan": 20, "Next": "Big"}], "Default": "Small"}
        self.assertEqual(self.run_state(choice, input='{"value": 22}')["nextState"], "Big")
        self.assertEqual(self.run_state(choice, input='{"value": 2}')["nextState"], "Small")
        fail = self.run_state({"Type": "Fail", "Error": "SomeFailure", "Cause": "why"})
        self.assertEqual((fail["status"], fail["error"], fail["cause"]), ("FAILED", "SomeFailure", "why"))
        self.assertNotIn("output", fail)
        wait = self.run_state({"Type": "Wait", "Seconds": 86400, "Next": "After"}, input='{"a": 1}')
        self.assertEqual((wait["status"], json.loads(wait["output"]), wait["nextState"]), ("SUCCEEDED", {"a": 1}, "After"))

    def test_retry_and_catch(self):
        state = {"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "f"},
                 "Retry": [{"ErrorEquals": ["Oven.Cold"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 5}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}], "End": True}
        mock = {"errorOutput": {"error": "Oven.Cold", "cause": "too cold"}}
        retriable = self.run_state(state, input="{}", inspectionLevel="DEBUG", mock=mock, stateConfiguration={"retrierRetryCount": 4})
        self.assertEqual(retriable["status"], "RETRIABLE")
        self.assertEqual((retriable["error"], retriable["cause"]), ("Oven.Cold", "too cold"))
        self.assertEqual(retriable["inspectionData"]["errorDetails"], {"retryIndex": 0, "retryBackoffIntervalSeconds": 16})
        self.assertNotIn("output", retriable)

        caught = self.run_state(state, input="{}", inspectionLevel="DEBUG", mock=mock, stateConfiguration={"retrierRetryCount": 5})
        self.assertEqual(caught["status"], "CAUGHT_ERROR")
        self.assertEqual(caught["nextState"], "Recover")
        self.assertEqual(json.loads(caught["output"]), {"error": {"Error": "Oven.Cold", "Cause": "too cold"}})
        self.assertEqual(caught["inspectionData"]["errorDetails"], {"catchIndex": 0, "retryIndex": 0})

        failed = self.run_state({**state, "Catch": []}, mock=mock, stateConfiguration={"retrierRetryCount": 5})
        self.assertEqual(failed["status"], "FAILED")

    def test_map_and_parallel_with_mocks(self):
        machine = {"StartAt": "Fan", "States": {
            "Fan": {"Type": "Map", "ItemsPath": "$.Values", "MaxConcurrency": 1, "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                    "ItemProcessor": {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}, "Next": "Done"},
            "Done": {"Type": "Succeed"}}}
        answer = self.sfn.test_state(definition=json.dumps(machine), stateName="Fan", input='{"Values": [1, 2]}', inspectionLevel="DEBUG",
                                     mock={"result": "[10, 20]"})
        self.assertEqual((answer["status"], json.loads(answer["output"]), answer["nextState"]), ("SUCCEEDED", [10, 20], "Done"))
        inspection = answer["inspectionData"]
        self.assertEqual(json.loads(inspection["afterItemsPath"]), [1, 2])
        self.assertEqual(json.loads(inspection["afterItemSelector"]), [{"v": 1}, {"v": 2}])
        self.assertEqual(inspection["maxConcurrency"], 1)

        failed = self.sfn.test_state(definition=json.dumps(machine), stateName="Fan", input='{"Values": [1]}',
                                     mock={"errorOutput": {"error": "MockException", "cause": "Mock the cause."}},
                                     stateConfiguration={"errorCausedByState": "HandleItem"})
        self.assertEqual((failed["status"], failed["error"], failed["cause"]), ("FAILED", "MockException", "Mock the cause."))

        parallel = {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]}
        answer = self.run_state(parallel, mock={"result": '["a", "b"]'})
        self.assertEqual(json.loads(answer["output"]), ["a", "b"])

    def test_context_object(self):
        state = {"Type": "Task", "Resource": TASK, "Parameters": {"name.$": "$$.Execution.Name", "index.$": "$$.Map.Item.Index"}, "End": True}
        answer = self.run_state(state, inspectionLevel="DEBUG", mock={"result": "{}"},
                                 context=json.dumps({"Execution": {"Name": "from-the-test"}, "Map": {"Item": {"Index": 7}}}))
        self.assertEqual(json.loads(answer["inspectionData"]["afterParameters"]), {"name": "from-the-test", "index": 7})

    def test_validation_errors_as_aws_answers_them(self):
        cases = [
            (dict(definition='{"Type": "Pass"'), "InvalidDefinition", None),
            (dict(definition='{"Type": "Pass", "End": true}', mock={"result": "1"}), "ValidationException",
             "State type 'Pass' is not supported when a mock is specified"),
            (dict(definition=json.dumps({"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True})),
             "InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"),
            (dict(definition=json.dumps({"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "f"}, "End": True}),
                  mock={"result": "{}", "errorOutput": {"error": "E"}}),
             "ValidationException", "A test mock should have only one of the following fields: [result, errorOutput]."),
            (dict(definition=json.dumps({"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "f"}, "End": True}),
                  mock={"result": "{}"}, revealSecrets=True),
             "ValidationException", "TestState does not support RevealSecrets when a mock is specified."),
            (dict(definition=json.dumps({"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "f"}, "End": True})),
             "ValidationException", "RoleArn must be specified when testing a Task state"),
            (dict(definition=json.dumps({"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": "nobody"}, "End": True}), roleArn=ROLE),
             "ValidationException", None),
            (dict(definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}})),
             "ValidationException", None),
            (dict(definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}), stateName="Z"),
             "ValidationException", "State not found in definition"),
            (dict(definition='{"Type": "Pass", "End": true}', context="{}"), "ValidationException", None),
            (dict(definition='{"Type": "Pass", "End": true}', input="{not json"), "InvalidExecutionInput", None),
            (dict(definition='{"Type": "Pass", "End": true}', inspectionLevel="LOUD"), "ValidationException", None),
            (dict(definition=json.dumps({"Type": "Parallel", "End": True, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}]}),
                  mock={"result": "[1, 2]"}),
             "ValidationException", "Mocked result must contain the same number of items as number of Parallel branches."),
        ]
        for arguments, code, message in cases:
            with self.subTest(arguments=arguments):
                with self.assertRaises(ClientError) as context:
                    self.sfn.test_state(**arguments)
                got_code, got_message = error_of(context)
                self.assertEqual(got_code, code, got_message)
                if message is not None:
                    self.assertEqual(got_message, message)

    def test_a_task_with_a_local_handler_runs(self):
        # The order saga's handlers are installed in `serve`: SQS runs locally.
        state = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/test-state-queue", "MessageBody": "hi"}, "End": True}
        answer = self.run_state(state, roleArn=ROLE, inspectionLevel="DEBUG")
        self.assertEqual(answer["status"], "SUCCEEDED", answer)
        self.assertIn("MessageId", json.loads(answer["output"]))
        # Nothing of it is an execution.
        for machine in self.sfn.list_state_machines()["stateMachines"]:
            for execution in self.sfn.list_executions(stateMachineArn=machine["stateMachineArn"])["executions"]:
                self.assertNotIn("TestState", execution["executionArn"])


class MockFieldValidation(ServerTestCase):
    """mock.fieldValidationMode: a Task's mocked result checked against the output shape of the API
    operation it calls, as AWS checks it (STRICT by default, PRESENT, NONE)."""
    PUT_EVENTS = {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "Parameters": {"Entries": []}, "End": True}
    START_EXECUTION = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                       "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Target"}, "End": True}
    GET_OBJECT = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                  "Parameters": {"Bucket": "oven", "Key": "pizza.json"}, "End": True}

    def mocked(self, state, result, mode=None):
        mock = {"result": json.dumps(result)}
        if mode is not None:
            mock["fieldValidationMode"] = mode
        return self.sfn.test_state(definition=json.dumps(state), roleArn=ROLE, mock=mock)

    def refusal(self, state, result, mode=None):
        with self.assertRaises(ClientError) as context:
            self.mocked(state, result, mode)
        code, message = error_of(context)
        self.assertEqual(code, "ValidationException", message)
        self.assertEqual(context.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        return message

    def test_strict_is_the_default(self):
        for mode in (None, "STRICT"):
            with self.subTest(mode=mode):
                self.assertEqual(self.refusal(self.START_EXECUTION, {}, mode),
                                 "Mock result schema validation error: Required field 'ExecutionArn' is missing")
                self.assertEqual(self.refusal(self.START_EXECUTION, {"ExecutionArn": "arn", "StartDate": 1764103483}, mode),
                                 "Mock result schema validation error: Field 'StartDate' must be a string")
                answer = self.mocked(self.START_EXECUTION, {"ExecutionArn": "arn", "StartDate": "2025-11-26T00:00:00Z", "Extra": [1]}, mode)
                self.assertEqual(answer["status"], "SUCCEEDED")
                self.assertEqual(json.loads(answer["output"])["Extra"], [1])

    def test_nested_type_errors_in_an_optimized_integration(self):
        for mode in ("STRICT", "PRESENT"):
            with self.subTest(mode=mode):
                self.assertEqual(self.refusal(self.PUT_EVENTS, {"Entries": "not a list"}, mode),
                                 "Mock result schema validation error: Field 'Entries' must be an array")
                self.assertEqual(self.refusal(self.PUT_EVENTS, {"Entries": [{"EventId": "e-1"}, {"EventId": ["e-2"]}]}, mode),
                                 "Mock result schema validation error: Field 'EventId' must be a string")
                # Fields the API's schema does not name are not checked.
                self.assertEqual(self.mocked(self.PUT_EVENTS, {"random": "json"}, mode)["status"], "SUCCEEDED")
        lambda_invoke = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Bake"}, "End": True}
        self.assertEqual(self.refusal(lambda_invoke, {"StatusCode": "200"}),
                         "Mock result schema validation error: Field 'StatusCode' must be a number")
        # lambda:invoke's Payload is the function's JSON result.
        answer = self.mocked(lambda_invoke, {"Payload": {"baked": True}, "StatusCode": 200})
        self.assertEqual(json.loads(answer["output"]), {"Payload": {"baked": True}, "StatusCode": 200})

    def test_required_fields_are_checked_under_strict_only(self):
        self.assertEqual(self.refusal(self.START_EXECUTION, {"executionArn": "a", "startDate": "b"}, "STRICT"),
                         "Mock result schema validation error: Required field 'ExecutionArn' is missing")
        for result in ({}, {"executionArn": "a", "startDate": "b"}):
            with self.subTest(result=result):
                self.assertEqual(self.mocked(self.START_EXECUTION, result, "PRESENT")["status"], "SUCCEEDED")
        self.assertEqual(self.refusal(self.START_EXECUTION, {"ExecutionArn": 1764103483}, "PRESENT"),
                         "Mock result schema validation error: Field 'ExecutionArn' must be a string")

    def test_an_aws_sdk_integration(self):
        self.assertEqual(self.refusal(self.GET_OBJECT, {"ContentLength": "9000"}),
                         "Mock result schema validation error: Field 'ContentLength' must be a number")
        self.assertEqual(self.refusal(self.GET_OBJECT, {"StorageClass": "Papyrus"}, "PRESENT"),
                         "Mock result schema validation error: Field 'StorageClass' is not an expected value")
        kms = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:kms:encrypt", "Parameters": {"KeyId": "k", "Plaintext": "p"}, "End": True}
        self.assertEqual(self.refusal(kms, {"CiphertextBlob": ""}),
                         "Mock result schema validation error: Field 'CiphertextBlob' is smaller than the minimum length")
        answer = self.mocked(self.GET_OBJECT, {"Body": "dough", "ContentLength": 5, "StorageClass": "STANDARD"})
        self.assertEqual(json.loads(answer["output"]), {"Body": "dough", "ContentLength": 5, "StorageClass": "STANDARD"})

    def test_none_checks_nothing(self):
        for state, result in ((self.START_EXECUTION, {}), (self.PUT_EVENTS, {"Entries": "not a list"}),
                              (self.GET_OBJECT, {"ContentLength": "9000"})):
            with self.subTest(state=state["Resource"]):
                answer = self.mocked(state, result, "NONE")
                self.assertEqual((answer["status"], json.loads(answer["output"])), ("SUCCEEDED", result))

    def test_unmodelled_resources_and_unknown_modes(self):
        # A Lambda function's own result and a callback's answer are no API's output: not checked.
        for resource in ("arn:aws:lambda:us-east-1:123456789012:function:Bake", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"):
            state = {"Type": "Task", "Resource": resource, "End": True}
            with self.subTest(resource=resource):
                self.assertEqual(self.mocked(state, "just a string")["status"], "SUCCEEDED")
        with self.assertRaises(ClientError) as context:
            self.mocked(self.START_EXECUTION, {}, "LOOSE")
        code, message = error_of(context)
        self.assertEqual(code, "ValidationException")
        self.assertIn("fieldValidationMode", message)


if __name__ == "__main__":
    unittest.main()
