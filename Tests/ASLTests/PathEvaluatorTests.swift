import Testing
@testable import ASL

@Suite struct PathEvaluatorTests {
    static let context: JSONValue = [
        "Execution": ["Id": "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName",
                      "Input": ["key": "value"], "Name": "executionName",
                      "StartTime": "2019-03-26T20:14:13.192Z"],
        "State": ["EnteredTime": "2019-03-26T20:14:13.192Z", "Name": "Test", "RetryCount": 3],
        "StateMachine": ["Id": "arn:aws:states:us-east-1:123456789012:stateMachine:stateMachineName", "Name": "name"],
        "Task": ["Token": "h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W"],
        "Map": ["Item": ["Index": 0, "Value": ["quantity": 2]]],
    ]
    static let input: JSONValue = ["foo": 123, "bar": ["a", "b", "c"], "car": ["cdr": true]]

    func value(_ path: String) throws(StatesError) -> JSONValue {
        try PathEvaluator.value(at: path, input: Self.input, context: Self.context)
    }

    @Test func inputPaths() throws {
        #expect(try value("$") == Self.input)
        #expect(try value("$.foo") == 123)
        #expect(try value("$.bar") == ["a", "b", "c"])
        #expect(try value("$.car.cdr") == true)
        #expect(try value("$.bar[1]") == "b")
        #expect(try value("$.bar[*]") == ["a", "b", "c"])
        #expect(try value("$.nothing[*]") == [])
    }

    @Test func contextObjectPaths() throws {
        #expect(try value("$$.Execution.Id") == "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName")
        #expect(try value("$$.Task.Token") == "h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W")
        #expect(try value("$$.Map.Item.Value") == ["quantity": 2])
        #expect(try value("$$.Map.Item.Index") == 0)
        #expect(try value("$$.State.RetryCount") == 3)
        #expect(try value("$$") == Self.context)
        #expect(try value("$$.Execution.Input.key") == "value")
    }

    @Test func notFoundThrowsRuntimeWithAWSLikeCause() {
        #expect(throws: StatesError.runtime("Invalid path '$.foo2' : No results for path: $['foo2']")) { try value("$.foo2") }
        #expect(throws: StatesError.runtime("Invalid path '$.car.x' : No results for path: $['car']['x']")) { try value("$.car.x") }
        #expect(throws: StatesError.runtime("Invalid path '$$.Task.Nope' : No results for path: $['Task']['Nope']")) { try value("$$.Task.Nope") }
    }

    @Test func callersChooseTheErrorName() {
        #expect(throws: StatesError(StatesError.Name.parameterPathFailure, "Invalid path '$.x' : No results for path: $['x']")) {
            try PathEvaluator.value(at: "$.x", input: [:], context: [:], errorName: StatesError.Name.parameterPathFailure)
        }
    }

    @Test func malformedPathThrowsRuntime() {
        do {
            _ = try value("$.bar[")
            Issue.record("expected an error")
        } catch {
            #expect(error.error == StatesError.Name.runtime)
            #expect(error.cause.contains("$.bar["))
        }
        do {
            _ = try value("$$.a[")
            Issue.record("expected an error")
        } catch {
            #expect(error.error == StatesError.Name.runtime)
            #expect(error.cause == "Invalid JSONPath '$$.a[': unterminated '[' at position 6")
        }
    }

    @Test func lookupReturnsNilWhenNotFound() throws {
        #expect(try PathEvaluator.lookup("$.zzz", input: Self.input, context: Self.context) == nil)
        #expect(try PathEvaluator.lookup("$$.State.Name", input: Self.input, context: Self.context) == "Test")
    }
}
