import ASL
import Engine
import Testing
@testable import Pizzeria

@Suite struct PineappleCheckTests {
    @Test(arguments: [("pepperoni", false), ("pineapple", true), ("hawaiian", true), ("Hawaiian", false)])
    func pineappleCheck(_ flavour: String, _ refused: Bool) throws {
        let harness = try PizzeriaHarness()
        let result = harness.pineapple(flavour)
        if refused {
            #expect(result.status == .failed)
            #expect(result.error == "Failed To Make Pizza")
            #expect(result.cause == "They asked for Pineapple")
            #expect(result.output == nil)
        } else {
            #expect(result.status == .succeeded)
            #expect(result.output == ["containsPineapple": false])
        }
        let json = result.syncExecutionJSON
        #expect(json["input"]?.stringValue == JSONValue.object(["flavour": .string(flavour)]).serialized())
        #expect(json["billingDetails"]?["billedMemoryUsedInMB"] == 64)
        #expect(json["executionArn"]?.stringValue?.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:pineapple-check:") == true)
        #expect(json["outputDetails"]?["included"] == true)
        #expect((json["output"] == nil) == refused)
    }
}

@Suite struct OrderInputTests {
    @Test(arguments: ["pineapple", "PINEAPPLE", "Hawaiian", "hawaiian"])
    func pineappleLoversGetTwentyPercentOff(_ flavour: String) throws {
        let harness = try PizzeriaHarness()
        let record = try #require(harness.run(try OrderRequest(flavour: flavour)).first?.record)
        #expect(record.discountApplied == 0.20)
        #expect(record.discountReason == "You like pineapple, you're one of us!")
        #expect(record.json["discountApplied"] == "20%")
    }

    @Test func otherFlavoursPayFullPrice() throws {
        let harness = try PizzeriaHarness()
        let record = try #require(harness.run(try OrderRequest(flavour: "pepperoni")).first?.record)
        #expect(record.discountApplied == 0)
        #expect(record.discountReason == nil)
        #expect(record.json["discountApplied"] == "0%")
        #expect(record.json["status"] == "DeliveryConfirmed")
    }

    @Test func defaultsApplyToAMissingBody() throws {
        let request = try OrderRequest(json: nil)
        #expect(request == (try OrderRequest(flavour: "plain", perStepDelaySeconds: 0, errorOnStep: 0)))
        #expect(try OrderRequest(json: [:]) == request)
    }

    static let badInputs: [(JSONValue, String, String)] = [
        (["flavour": ""], "flavour", "must not be empty"),
        (["flavour": "   "], "flavour", "must not be empty"),
        (["flavour": .string(String(repeating: "x", count: 65))], "flavour", "must be at most 64 characters, not 65"),
        (["flavour": 12], "flavour", "must be a string, not number"),
        (["perStepDelaySeconds": -1], "perStepDelaySeconds", "must be a number of seconds >= 0"),
        (["perStepDelaySeconds": 61], "perStepDelaySeconds", "must be at most 60 seconds (the saga's timeout allows no more)"),
        (["perStepDelaySeconds": "2"], "perStepDelaySeconds", "must be a number, not string"),
        (["errorOnStep": 8], "errorOnStep", "must be one of 0..7 or 100 (ALL), not 8"),
        (["errorOnStep": -1], "errorOnStep", "must be one of 0..7 or 100 (ALL), not -1"),
        (["errorOnStep": 99], "errorOnStep", "must be one of 0..7 or 100 (ALL), not 99"),
        (["errorOnStep": 2.5], "errorOnStep", "must be a whole number, not 2.5"),
        (["errorOnStep": "x"], "errorOnStep", "must be a number, not string"),
        (["errorOnStep": true], "errorOnStep", "must be a number, not boolean"),
        ([1, 2], "body", "must be a JSON object, not array"),
        (["workflow": "xml"], "workflow", "must be \"jsonpath\" or \"jsonata\", not \"xml\""),
        (["workflow": 1], "workflow", "must be \"jsonpath\" or \"jsonata\", not number"),
    ]

    @Test(arguments: badInputs)
    func badInputIsRefusedNamingTheField(_ body: JSONValue, _ field: String, _ message: String) throws {
        #expect(throws: OrderInputError(field: field, message: message)) { try OrderRequest(json: body) }
    }

    @Test func refusedInputStartsNothing() throws {
        let harness = try PizzeriaHarness()
        _ = try? OrderRequest(json: ["errorOnStep": 9]).map { try! harness.pizzeria.placeOrder($0) }
        #expect(harness.engine.executions.isEmpty)
        #expect(harness.pizzeria.orders.records.isEmpty)
    }
}

extension OrderRequest {
    /// Lets a test write `try? OrderRequest(json:).map { ... }` to show that nothing runs on failure.
    func map<T>(_ body: (OrderRequest) -> T) -> T { body(self) }
}
