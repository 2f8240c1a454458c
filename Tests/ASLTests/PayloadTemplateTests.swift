import Testing
@testable import ASL

/// Examples in the style of the AWS guide's "InputPath, Parameters and ResultSelector" page.
@Suite struct PayloadTemplateTests {
    static let input: JSONValue = [
        "comment": "Example for Parameters.",
        "product": ["details": ["color": "blue", "size": "small", "material": "cotton"], "availability": "in stock",
                    "sku": "2317", "cost": "$23"],
    ]
    static let context: JSONValue = ["Execution": ["Id": "exec-1", "Name": "run"], "Map": ["Item": ["Index": 2, "Value": ["q": 1]]]]

    func evaluate(_ template: JSONValue, _ input: JSONValue = input) throws(StatesError) -> JSONValue {
        var random = SplitMix64(seed: 3)
        return try PayloadTemplate.evaluate(template, input: input, context: Self.context, random: &random)
    }

    @Test func staticValuesAndPaths() throws {
        let template: JSONValue = [
            "comment": "Selecting what I care about.",
            "MyDetails": ["size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"],
        ]
        #expect(try evaluate(template) == [
            "comment": "Selecting what I care about.",
            "MyDetails": ["size": "small", "exists": "in stock", "StaticValue": "foo"],
        ])
    }

    @Test func contextObjectAndWholeInput() throws {
        let template: JSONValue = ["id.$": "$$.Execution.Id", "item.$": "$$.Map.Item.Value", "all.$": "$", "ctx.$": "$$.Map.Item.Index"]
        #expect(try evaluate(template, ["x": 1]) == ["id": "exec-1", "item": ["q": 1], "all": ["x": 1], "ctx": 2])
    }

    @Test func arraysAndNestingAreCopiedRecursively() throws {
        let template: JSONValue = ["list": [1, ["a.$": "$.product.sku"], [["b.$": "$.comment"]]], "n": nil, "t": true, "num": 2.5]
        #expect(try evaluate(template) == ["list": [1, ["a": "2317"], [["b": "Example for Parameters."]]], "n": nil, "t": true, "num": 2.5])
        // Plain strings that look like paths stay as they are without the `.$` suffix.
        #expect(try evaluate(["p": "$.product"]) == ["p": "$.product"])
    }

    @Test func indefinitePathsGiveArrays() throws {
        #expect(try evaluate(["xs.$": "$.items[*].n"], ["items": [["n": 1], ["n": 2]]]) == ["xs": [1, 2]])
    }

    @Test func intrinsicFunctions() throws {
        let template: JSONValue = [
            "greeting.$": "States.Format('Hello, {} ({})', $.name, $$.Execution.Name)",
            "ids.$": "States.Array($.id)",
            "uuid.$": "States.UUID()",
        ]
        let out = try evaluate(template, ["name": "Arnav", "id": 7])
        #expect(out["greeting"] == "Hello, Arnav (run)")
        #expect(out["ids"] == [7])
        #expect(out["uuid"]?.stringValue?.count == 36)
        #expect(try evaluate(template, ["name": "Arnav", "id": 7]) == out)  // same seed, same UUID
    }

    @Test func missingPathIsAParameterPathFailure() {
        #expect(throws: StatesError.parameterPathFailure(
            #"The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{"a":1}'"#)) {
            try evaluate(["ok": 1, "x.$": "$.nope"], ["a": 1])
        }
        do {
            _ = try evaluate(["deep": [["y.$": "$$.Task.Token"]]])
            Issue.record("expected an error")
        } catch {
            #expect(error.error == StatesError.Name.parameterPathFailure)
            #expect(error.cause.contains("'y.$'"))
        }
    }

    @Test func intrinsicFailures() {
        do {
            _ = try evaluate(["x.$": "States.ArrayGetItem($.list, 3)"], ["list": [1]])
            Issue.record("expected an error")
        } catch {
            #expect(error.error == StatesError.Name.intrinsicFailure)
        }
        do {
            _ = try evaluate(["x.$": "States.Array($.gone)"], ["list": [1]])
            Issue.record("expected an error")
        } catch {
            #expect(error.error == StatesError.Name.parameterPathFailure)
            #expect(error.cause.contains("'x.$'"))
        }
    }

    @Test func nonStringDynamicValueIsAnError() {
        for bad: JSONValue in [["x.$": 1], ["x.$": ["$.a"]], ["x.$": "plain text"]] {
            do {
                _ = try evaluate(bad, ["a": 1])
                Issue.record("expected an error for \(bad)")
            } catch {
                #expect(error.error == StatesError.Name.runtime)
                #expect(error.cause.contains("'x.$'"))
            }
        }
    }
}
