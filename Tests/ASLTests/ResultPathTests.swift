import Testing
@testable import ASL

@Suite struct ResultPathTests {
    // The AWS developer guide's ResultPath examples use this input.
    static let input: JSONValue = ["comment": "This is a test of the input and output of a Task state.",
                                   "details": "Default example", "who": "AWS Step Functions"]

    @Test func dollarReplacesTheInput() throws {
        #expect(try PathEvaluator.setting("Hello, AWS Step Functions!", at: "$", in: Self.input) == "Hello, AWS Step Functions!")
    }

    @Test func addsTheResultToTheInput() throws {
        var expected = Self.input.objectValue!
        expected["taskresult"] = "Hello, AWS Step Functions!"
        #expect(try PathEvaluator.setting("Hello, AWS Step Functions!", at: "$.taskresult", in: Self.input) == .object(expected))
    }

    @Test func replacesAnExistingField() throws {
        var expected = Self.input.objectValue!
        expected["details"] = ["x": 1]
        #expect(try PathEvaluator.setting(["x": 1], at: "$['details']", in: Self.input) == .object(expected))
    }

    @Test func createsMissingIntermediateObjects() throws {
        let result = try PathEvaluator.setting(42, at: "$.a.b.c", in: ["keep": true, "a": ["other": 1]])
        #expect(result == ["keep": true, "a": ["other": 1, "b": ["c": 42]]])
        #expect(try PathEvaluator.setting(1, at: "$.x.y", in: [:]) == ["x": ["y": 1]])
    }

    @Test func indexReplacesAnExistingArrayElement() throws {
        #expect(try PathEvaluator.setting("z", at: "$.list[1]", in: ["list": ["a", "b"]]) == ["list": ["a", "z"]])
        #expect(try PathEvaluator.setting("z", at: "$.list[0].k", in: ["list": [["k": 1]]]) == ["list": [["k": "z"]]])
    }

    @Test func nonObjectOnTheWayIsAMatchFailure() {
        #expect(throws: StatesError.resultPathMatchFailure(#"Unable to apply ResultPath "$.a.b" to input {"a":1}"#)) {
            try PathEvaluator.setting("r", at: "$.a.b", in: ["a": 1])
        }
        #expect(throws: StatesError.resultPathMatchFailure(#"Unable to apply ResultPath "$.x" to input "just a string""#)) {
            try PathEvaluator.setting("r", at: "$.x", in: "just a string")
        }
        #expect(throws: StatesError.resultPathMatchFailure(#"Unable to apply ResultPath "$.list[5]" to input {"list":[1]}"#)) {
            try PathEvaluator.setting("r", at: "$.list[5]", in: ["list": [1]])
        }
        #expect(throws: StatesError.resultPathMatchFailure(#"Unable to apply ResultPath "$.a.b.c" to input {"a":{"b":[1]}}"#)) {
            try PathEvaluator.setting("r", at: "$.a.b.c", in: ["a": ["b": [1]]])
        }
    }

    @Test func onlyReferencePathsAreAllowed() {
        for path in ["$.a[*]", "$..a", "$.a[?(@.b)]", "$.a[0:1]", "$$.Execution.Id", "$.a["] {
            do {
                _ = try PathEvaluator.setting(1, at: path, in: ["a": [["b": 1]]])
                Issue.record("\(path) should be rejected")
            } catch {
                #expect(error.error == StatesError.Name.runtime, "\(path)")
            }
        }
    }
}
