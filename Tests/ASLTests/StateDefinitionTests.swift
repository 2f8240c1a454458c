import Testing
@testable import ASL

/// A state is a value: copies are independent, and what the engine derives from its fields once
/// (whether a template reads `$$`) follows every change.
@Suite struct StateDefinitionTests {
    @Test func whetherTemplatesReadTheContextObjectIsKnownAndFollowsChanges() throws {
        var state = StateDefinition(name: "T", kind: .succeed, parameters: ["a.$": "$.x", "b": ["c.$": "States.Format('{}', $$.Execution.Id)"]])
        #expect(state.parametersReadContext)
        #expect(!state.resultSelectorReadsContext)

        let copy = state
        state.resultSelector = ["token.$": "$$.Task.Token"]
        #expect(state.resultSelectorReadsContext)
        state.parameters = ["a.$": "$.x", "note": "costs $5"]
        #expect(!state.parametersReadContext)

        // The copy kept its own fields.
        #expect(copy.parametersReadContext)
        #expect(copy.resultSelector == nil)
        #expect(copy != state)
        #expect(copy == StateDefinition(name: "T", kind: .succeed, parameters: ["a.$": "$.x", "b": ["c.$": "States.Format('{}', $$.Execution.Id)"]]))
    }

    @Test func mentionsContextObjectLooksForTwoDollarsInARow() {
        #expect(JSONValue.string("$$").mentionsContextObject)
        #expect(JSONValue.string("x$$.Map.Item").mentionsContextObject)
        #expect(!JSONValue.string("$.a$b$").mentionsContextObject)
        #expect(!JSONValue.string("").mentionsContextObject)
        #expect(JSONValue.array([1, ["k": "$$.State.Name"]]).mentionsContextObject)
    }
}
