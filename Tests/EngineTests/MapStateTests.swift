import Testing
@testable import Engine
import ASL

@Suite struct MapStateTests {
    /// The AWS docs' Map example: ItemsPath over `detail.shipped`, ItemSelector with
    /// `$$.Map.Item.Value` and a value from the Map's input.
    @Test func itemSelectorDocsExample() throws {
        let definition = """
        {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map", "End": true,
          "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
          "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"},
          "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Pass", "End": true}}},
          "ResultPath": "$.detail.shipped"}}}
        """
        let input = try json("""
        {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
          {"prod": "R31", "dest-code": 9511, "quantity": 1344},
          {"prod": "S39", "dest-code": 9511, "quantity": 40}]}}
        """)
        let (execution, _) = try run(definition, input: input)
        #expect(execution.status == .succeeded)
        #expect(execution.output == (try json("""
        {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
          {"parcel": {"prod": "R31", "dest-code": 9511, "quantity": 1344}, "courier": "UQS"},
          {"parcel": {"prod": "S39", "dest-code": 9511, "quantity": 40}, "courier": "UQS"}]}}
        """)))
    }

    @Test func itemIndexAndValueInTheContextObject() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemSelector": {"ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value"},
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["a", "b", "c"])
        #expect(execution.output == [
            ["ContextIndex": 0, "ContextValue": "a"],
            ["ContextIndex": 1, "ContextValue": "b"],
            ["ContextIndex": 2, "ContextValue": "c"],
        ])
    }

    @Test func withoutItemSelectorEachIterationGetsItsItem() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["items": [["n": 1], ["n": 2]]])
        #expect(execution.output == [["doubled": 2], ["doubled": 4]])
    }

    @Test func legacyParametersAndIterator() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
          "Parameters": {"item.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "tag.$": "$.tag"},
          "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["items": ["x", "y"], "tag": "t"])
        #expect(execution.output == [["item": "x", "index": 0, "tag": "t"], ["item": "y", "index": 1, "tag": "t"]])
    }

    @Test func anEmptyArrayGivesAnEmptyArray() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (execution, history) = try run(definition, input: [])
        #expect(execution.output == [])
        #expect(events(history, .mapIterationStarted).isEmpty)
    }

    @Test func itemsPathToANonArrayIsARuntimeError() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["items": "not an array"])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
    }

    @Test func resultSelectorAndResultPath() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
          "ResultSelector": {"count.$": "States.ArrayLength($)", "all.$": "$"}, "ResultPath": "$.summary",
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "done", "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["items": [1, 2, 3]])
        #expect(execution.output == ["items": [1, 2, 3], "summary": ["count": 3, "all": ["done", "done", "done"]]])
    }

    /// Start times of each iteration's task, read from the handler's own invocations.
    private func taskStartOffsets(maxConcurrency: Int, items: Int) throws -> (starts: [Double], end: Double) {
        let engine = makeEngine()
        var starts: [Double] = []
        var running = 0
        var peak = 0
        engine.handlers.registerResource("arn:aws:states:::custom:bake") { invocation in
            starts.append(invocation.scheduler.now - testStartTime)
            running += 1
            peak = max(peak, running)
            invocation.after(10) {
                running -= 1
                invocation.succeed(invocation.input)
            }
        }
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": \(maxConcurrency),
          "ItemProcessor": {"StartAt": "Bake", "States": {"Bake": {"Type": "Task", "Resource": "arn:aws:states:::custom:bake", "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: .array((0..<items).map { .number(Double($0)) }), engine: engine)
        #expect(execution.output == .array((0..<items).map { .number(Double($0)) }))
        #expect(peak == (maxConcurrency == 0 ? items : min(maxConcurrency, items)))
        return (starts, (execution.stopDate ?? 0) - testStartTime)
    }

    @Test func maxConcurrencyIsRespected() throws {
        let two = try taskStartOffsets(maxConcurrency: 2, items: 5)
        #expect(two.starts == [0, 0, 10, 10, 20])
        #expect(two.end == 30)
        let one = try taskStartOffsets(maxConcurrency: 1, items: 3)
        #expect(one.starts == [0, 10, 20])
        let unlimited = try taskStartOffsets(maxConcurrency: 0, items: 4)
        #expect(unlimited.starts == [0, 0, 0, 0])
        #expect(unlimited.end == 10)
    }

    @Test func aFailingIterationFailsTheMap() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"StartAt": "Bake", "States": {
            "Bake": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.bad", "IsPresent": true, "Next": "Bad"}], "Default": "Done"},
            "Done": {"Type": "Succeed"},
            "Bad": {"Type": "Fail", "Error": "BadItem", "Cause": "item 1 is bad"}}}}}}
        """
        let (execution, history) = try run(definition, input: [["wait": 30], ["wait": 1, "bad": true], ["wait": 30]])
        #expect(execution.status == .failed)
        #expect(execution.error == "BadItem")
        #expect(execution.cause == "item 1 is bad")
        #expect(execution.stopDate == testStartTime + 1)
        #expect(events(history, .mapIterationFailed).map(\.details.index) == [1])
        #expect(events(history, .mapIterationAborted).map(\.details.index) == [0, 2])
        #expect(events(history, .waitStateAborted).map { $0.timestamp - testStartTime } == [1, 1])
        #expect(events(history, .succeedStateEntered).isEmpty)
        #expect(events(history, .mapStateFailed).first?.details.error == "BadItem")
        #expect(history.last?.type == .executionFailed)
    }

    @Test func catchOnMap() throws {
        let definition = """
        {"StartAt": "M", "States": {
          "M": {"Type": "Map", "Next": "Done", "Catch": [{"ErrorEquals": ["BadItem"], "Next": "Handled", "ResultPath": "$.error"}],
                "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "BadItem", "Cause": "c"}}}},
          "Handled": {"Type": "Pass", "End": true},
          "Done": {"Type": "Pass", "End": true}}}
        """
        let (execution, _) = try run(definition, input: ["items": [1]])
        #expect(execution.output == ["items": [1], "error": ["Error": "BadItem", "Cause": "c"]])
    }

    @Test func mapStateStartedReportsTheItemCount() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
        """
        let (_, history) = try run(definition, input: [1, 2, 3])
        #expect(events(history, .mapStateStarted).first?.details.length == 3)
        #expect(events(history, .mapIterationStarted).map(\.details.index) == [0, 1, 2])
        #expect(events(history, .mapIterationSucceeded).map(\.details.index) == [0, 1, 2])
    }

    @Test func maxConcurrencyPathReadsTheInput() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items", "MaxConcurrencyPath": "$.limit",
          "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}}}}
        """
        let (execution, history) = try run(definition, input: ["items": [1, 2, 3, 4], "limit": 2])
        #expect(execution.output == [1, 2, 3, 4])
        #expect(offsets(history, .waitStateEntered) == [0, 0, 10, 10])
    }
}

extension MapStateTests {
    /// `$$.Map.Item` is for the ItemSelector only: the iteration's own states do not see it.
    @Test func theIterationsStatesHaveNoMapItemInTheirContext() throws {
        let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {
          "P": {"Type": "Pass", "Parameters": {"context.$": "$$"}, "End": true}}}}}}
        """
        let (execution, _) = try run(definition, input: ["a"])
        #expect(execution.status == .succeeded)
        #expect(execution.output?.arrayValue?.first?["context"]?["Map"] == nil)
        #expect(execution.output?.arrayValue?.first?["context"]?["State"]?["Name"] == "P")
    }
}
