import Testing
@testable import Engine
import ASL

@Suite struct PassStateTests {
    @Test func passesItsInputThroughUnchanged() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\""), input: ["a": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["a": 1])
    }

    /// The AWS docs' Pass example: `Result` placed at `ResultPath` `$.coords`.
    @Test func resultAtResultPath() throws {
        let definition = single("""
        "Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords"
        """)
        let (execution, _) = try run(definition, input: ["georefOf": "Home"])
        #expect(execution.output == (try json("""
        {"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}
        """)))
    }

    @Test func resultReplacesInputByDefault() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"Result\": \"done\""), input: ["a": 1])
        #expect(execution.output == "done")
    }

    @Test func parametersBuildTheResultFromTheInput() throws {
        let definition = single("""
        "Type": "Pass", "Parameters": {"static": "x", "picked.$": "$.a.b", "sum.$": "States.MathAdd($.n, 2)"}
        """)
        let (execution, _) = try run(definition, input: ["a": ["b": "B"], "n": 40])
        #expect(execution.output == ["static": "x", "picked": "B", "sum": 42])
    }

    @Test func parametersSeeTheInputAfterInputPath() throws {
        let definition = single("""
        "Type": "Pass", "InputPath": "$.inner", "Parameters": {"v.$": "$.v"}, "ResultPath": "$.out"
        """)
        let (execution, _) = try run(definition, input: ["inner": ["v": 7]])
        // ResultPath merges into the raw input, not the InputPath selection.
        #expect(execution.output == ["inner": ["v": 7], "out": ["v": 7]])
    }

    @Test func resultPathNullKeepsTheInput() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"Result\": 5, \"ResultPath\": null"), input: ["keep": true])
        #expect(execution.output == ["keep": true])
    }

    @Test func inputPathNullGivesAnEmptyObject() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"InputPath\": null"), input: ["drop": true])
        #expect(execution.output == [:])
    }

    @Test func outputPathNullGivesAnEmptyObject() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"Result\": 1, \"OutputPath\": null"), input: ["drop": true])
        #expect(execution.output == [:])
    }

    @Test func outputPathSelectsPartOfTheMergedOutput() throws {
        let definition = single("\"Type\": \"Pass\", \"Result\": {\"x\": 1}, \"ResultPath\": \"$.r\", \"OutputPath\": \"$.r\"")
        let (execution, _) = try run(definition, input: ["a": 1])
        #expect(execution.output == ["x": 1])
    }

    @Test func inputPathToAMissingFieldFailsWithRuntimeError() throws {
        let (execution, _) = try run(single("\"Type\": \"Pass\", \"InputPath\": \"$.missing\""), input: ["a": 1])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
    }

    @Test func aChainOfPassStatesHandsOutputToInput() throws {
        let definition = """
        {"StartAt": "One", "States": {
          "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
          "Two": {"Type": "Pass", "Result": 2, "ResultPath": "$.two", "End": true}}}
        """
        let (execution, history) = try run(definition)
        #expect(execution.output == ["one": 1, "two": 2])
        #expect(events(history, .passStateExited).map(\.details.output) == [["one": 1], ["one": 1, "two": 2]])
    }
}
