import Testing
@testable import Engine
import ASL

/// One Choice rule, an input, and whether the rule must match.
struct ChoiceCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var input: String
    var matches: Bool

    init(_ rule: String, _ input: String, _ matches: Bool) {
        self.rule = rule
        self.input = input
        self.matches = matches
    }

    var testDescription: String { "\(rule) on \(input) -> \(matches)" }
}

/// A machine whose Choice goes to `Yes` when `rule` matches, else to `No` (the Default).
private func choiceMachine(_ rule: String) -> String {
    """
    {"StartAt": "C", "States": {
      "C": {"Type": "Choice", "Choices": [{\(rule), "Next": "Yes"}], "Default": "No"},
      "Yes": {"Type": "Pass", "Result": "yes", "End": true},
      "No": {"Type": "Pass", "Result": "no", "End": true}}}
    """
}

@Suite struct ChoiceStateTests {
    static let comparisons: [ChoiceCase] = [
        // Strings: equality and code-point order.
        ChoiceCase(#""Variable": "$.s", "StringEquals": "abc""#, #"{"s": "abc"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringEquals": "abc""#, #"{"s": "abd"}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringEquals": "1""#, #"{"s": 1}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringLessThan": "b""#, #"{"s": "a"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringLessThan": "b""#, #"{"s": "b"}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringGreaterThan": "B""#, #"{"s": "a"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringLessThanEquals": "b""#, #"{"s": "b"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringLessThanEquals": "b""#, #"{"s": "c"}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringGreaterThanEquals": "b""#, #"{"s": "b"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringGreaterThanEquals": "b""#, #"{"s": "a"}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringEqualsPath": "$.t""#, #"{"s": "x", "t": "x"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringLessThanPath": "$.t""#, #"{"s": "x", "t": "y"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringGreaterThanPath": "$.t""#, #"{"s": "x", "t": "y"}"#, false),
        ChoiceCase(#""Variable": "$.s", "StringLessThanEqualsPath": "$.t""#, #"{"s": "y", "t": "y"}"#, true),
        ChoiceCase(#""Variable": "$.s", "StringGreaterThanEqualsPath": "$.t""#, #"{"s": "z", "t": "y"}"#, true),
        // StringMatches: * is any run of characters, \\* a literal star.
        ChoiceCase(#""Variable": "$.f", "StringMatches": "log-*.txt""#, #"{"f": "log-2024-01.txt"}"#, true),
        ChoiceCase(#""Variable": "$.f", "StringMatches": "log-*.txt""#, #"{"f": "log-2024-01.csv"}"#, false),
        ChoiceCase(#""Variable": "$.f", "StringMatches": "*""#, #"{"f": ""}"#, true),
        ChoiceCase(#""Variable": "$.f", "StringMatches": "a\\*b""#, #"{"f": "a*b"}"#, true),
        ChoiceCase(#""Variable": "$.f", "StringMatches": "a\\*b""#, #"{"f": "axb"}"#, false),
        // Numbers.
        ChoiceCase(#""Variable": "$.n", "NumericEquals": 0"#, #"{"n": 0}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericEquals": 1"#, #"{"n": 1.0}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericEquals": 1"#, #"{"n": "1"}"#, false),
        ChoiceCase(#""Variable": "$.n", "NumericLessThan": 30"#, #"{"n": 29.5}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericLessThan": 30"#, #"{"n": 30}"#, false),
        ChoiceCase(#""Variable": "$.n", "NumericGreaterThan": 30"#, #"{"n": 31}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericLessThanEquals": 30"#, #"{"n": 30}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericGreaterThanEquals": 20"#, #"{"n": 19}"#, false),
        ChoiceCase(#""Variable": "$.n", "NumericEqualsPath": "$.m""#, #"{"n": 3, "m": 3}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericLessThanPath": "$.m""#, #"{"n": 3, "m": 4}"#, true),
        ChoiceCase(#""Variable": "$.n", "NumericGreaterThanPath": "$.m""#, #"{"n": 3, "m": 4}"#, false),
        ChoiceCase(#""Variable": "$.n", "NumericLessThanEqualsPath": "$.m""#, #"{"n": 5, "m": 4}"#, false),
        ChoiceCase(#""Variable": "$.n", "NumericGreaterThanEqualsPath": "$.m""#, #"{"n": 4, "m": 4}"#, true),
        // Booleans.
        ChoiceCase(#""Variable": "$.b", "BooleanEquals": true"#, #"{"b": true}"#, true),
        ChoiceCase(#""Variable": "$.b", "BooleanEquals": true"#, #"{"b": "true"}"#, false),
        ChoiceCase(#""Variable": "$.b", "BooleanEqualsPath": "$.c""#, #"{"b": false, "c": false}"#, true),
        ChoiceCase(#""Variable": "$.b", "BooleanEqualsPath": "$.c""#, #"{"b": false, "c": true}"#, false),
        // Timestamps compare as instants, not as text.
        ChoiceCase(#""Variable": "$.t", "TimestampEquals": "2001-01-01T12:00:00Z""#, #"{"t": "2001-01-01T14:00:00+02:00"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampLessThan": "2001-01-01T12:00:00Z""#, #"{"t": "2001-01-01T11:59:59Z"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampGreaterThan": "2001-01-01T12:00:00Z""#, #"{"t": "2001-01-01T11:59:59Z"}"#, false),
        ChoiceCase(#""Variable": "$.t", "TimestampLessThanEquals": "2001-01-01T12:00:00Z""#, #"{"t": "2001-01-01T12:00:00Z"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampGreaterThanEquals": "2001-01-01T12:00:00Z""#, #"{"t": "2002-01-01T00:00:00Z"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampEquals": "2001-01-01T12:00:00Z""#, #"{"t": "not a time"}"#, false),
        ChoiceCase(#""Variable": "$.t", "TimestampEqualsPath": "$.u""#, #"{"t": "2001-01-01T12:00:00Z", "u": "2001-01-01T12:00:00Z"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampLessThanPath": "$.u""#, #"{"t": "2001-01-01T12:00:00Z", "u": "2001-01-01T12:00:01Z"}"#, true),
        ChoiceCase(#""Variable": "$.t", "TimestampGreaterThanPath": "$.u""#, #"{"t": "2001-01-01T12:00:00Z", "u": "2001-01-01T12:00:01Z"}"#, false),
        ChoiceCase(#""Variable": "$.t", "TimestampLessThanEqualsPath": "$.u""#, #"{"t": "2001-01-01T12:00:02Z", "u": "2001-01-01T12:00:01Z"}"#, false),
        ChoiceCase(#""Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u""#, #"{"t": "2001-01-01T12:00:02Z", "u": "2001-01-01T12:00:01Z"}"#, true),
        // Type tests.
        ChoiceCase(#""Variable": "$.v", "IsNull": true"#, #"{"v": null}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsNull": true"#, #"{"v": 0}"#, false),
        ChoiceCase(#""Variable": "$.v", "IsNull": false"#, #"{"v": 0}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsPresent": true"#, #"{"v": null}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsPresent": true"#, #"{"w": 1}"#, false),
        ChoiceCase(#""Variable": "$.v", "IsPresent": false"#, #"{"w": 1}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsNumeric": true"#, #"{"v": -1.5}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsNumeric": true"#, #"{"v": "1"}"#, false),
        ChoiceCase(#""Variable": "$.v", "IsString": true"#, #"{"v": "1"}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsString": false"#, #"{"v": 1}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsBoolean": true"#, #"{"v": false}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsBoolean": true"#, #"{"v": "false"}"#, false),
        ChoiceCase(#""Variable": "$.v", "IsTimestamp": true"#, #"{"v": "2016-03-14T01:59:00Z"}"#, true),
        ChoiceCase(#""Variable": "$.v", "IsTimestamp": true"#, #"{"v": "2016-03-14"}"#, false),
        ChoiceCase(#""Variable": "$.v", "IsTimestamp": false"#, #"{"v": 12}"#, true),
        // Boolean operators.
        ChoiceCase(#""And": [{"Variable": "$.n", "NumericGreaterThanEquals": 20}, {"Variable": "$.n", "NumericLessThan": 30}]"#, #"{"n": 22}"#, true),
        ChoiceCase(#""And": [{"Variable": "$.n", "NumericGreaterThanEquals": 20}, {"Variable": "$.n", "NumericLessThan": 30}]"#, #"{"n": 30}"#, false),
        ChoiceCase(#""Or": [{"Variable": "$.n", "NumericLessThan": 0}, {"Variable": "$.n", "NumericGreaterThan": 100}]"#, #"{"n": 101}"#, true),
        ChoiceCase(#""Or": [{"Variable": "$.n", "NumericLessThan": 0}, {"Variable": "$.n", "NumericGreaterThan": 100}]"#, #"{"n": 50}"#, false),
        ChoiceCase(#""Not": {"Variable": "$.type", "StringEquals": "Private"}"#, #"{"type": "Public"}"#, true),
        ChoiceCase(#""Not": {"Variable": "$.type", "StringEquals": "Private"}"#, #"{"type": "Private"}"#, false),
        // Short-circuit: the second operand's missing variable is never read.
        ChoiceCase(#""Or": [{"Variable": "$.n", "IsPresent": true}, {"Variable": "$.missing", "NumericEquals": 1}]"#, #"{"n": 1}"#, true),
        ChoiceCase(#""And": [{"Variable": "$.n", "IsPresent": true}, {"Variable": "$.n", "NumericEquals": 1}]"#, #"{"m": 1}"#, false),
        // The context object.
        ChoiceCase(#""Variable": "$$.Execution.Name", "StringEquals": "test""#, #"{}"#, true),
    ]

    @Test(arguments: comparisons)
    func comparator(_ c: ChoiceCase) throws {
        let (execution, _) = try run(choiceMachine(c.rule), input: try json(c.input))
        #expect(execution.status == .succeeded)
        #expect(execution.output == (c.matches ? "yes" : "no"))
    }

    /// The AWS docs' Choice example: the first matching rule wins, in order.
    @Test(arguments: [
        (#"{"type": "Private", "value": 22}"#, "ValueInTwenties"),
        (#"{"type": "Public", "value": 22}"#, "Public"),
        (#"{"type": "Private", "value": 0}"#, "ValueIsZero"),
        (#"{"type": "Private", "value": 99}"#, "DefaultState"),
    ])
    func awsDocsExample(input: String, expected: String) throws {
        let definition = """
        {"StartAt": "ChoiceStateX", "States": {
          "ChoiceStateX": {"Type": "Choice", "Choices": [
            {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
            {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
            {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}],
             "Next": "ValueInTwenties"}],
           "Default": "DefaultState"},
          "Public": {"Type": "Pass", "Result": "Public", "End": true},
          "ValueIsZero": {"Type": "Pass", "Result": "ValueIsZero", "End": true},
          "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": true},
          "DefaultState": {"Type": "Pass", "Result": "DefaultState", "End": true}}}
        """
        let (execution, history) = try run(definition, input: try json(input))
        #expect(execution.output == .string(expected))
        // The Choice state passes its input on unchanged.
        #expect(events(history, .choiceStateExited).first?.details.output == (try json(input)))
    }

    @Test func noMatchAndNoDefaultFailsWithNoChoiceMatched() throws {
        let definition = """
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Yes"}]},
          "Yes": {"Type": "Succeed"}}}
        """
        let (execution, history) = try run(definition, input: ["n": 2])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.NoChoiceMatched")
        #expect(types(history) == ["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"])
    }

    @Test func aMissingVariableIsARuntimeError() throws {
        let (execution, _) = try run(choiceMachine(#""Variable": "$.missing", "StringEquals": "x""#), input: ["n": 1])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("$.missing") == true)
    }

    @Test func aMissingPathOperandIsARuntimeError() throws {
        let (execution, _) = try run(choiceMachine(#""Variable": "$.n", "NumericEqualsPath": "$.missing""#), input: ["n": 1])
        #expect(execution.error == "States.Runtime")
    }

    @Test func inputPathAndOutputPathApply() throws {
        let definition = """
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.keep",
                "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}]},
          "Done": {"Type": "Succeed"}}}
        """
        let (execution, _) = try run(definition, input: ["in": ["n": 1, "keep": "k"]])
        #expect(execution.output == "k")
    }
}
