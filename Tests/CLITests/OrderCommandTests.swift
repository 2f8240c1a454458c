import TestSupport
import Foundation
import Testing

@Suite struct OrderCommandTests {
    @Test func allPrintsTheEightOutcomesAsJSON() throws {
        let result = try PizzadashBinary.run(["order", "--error-on-step", "100", "--speed", "instant", "--flavour", "Hawaiian", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try result.json() as? [String: Any])
        let orders = try #require(root["orders"] as? [[String: Any]])
        #expect(orders.count == 8)
        let statuses = orders.map { ($0["execution"] as? [String: Any])?["status"] as? String }
        #expect(statuses == ["SUCCEEDED", "FAILED", "FAILED", "SUCCEEDED", "FAILED", "FAILED", "FAILED", "FAILED"])
        #expect(orders.map { $0["errorOnStep"] as? Int } == Array(0...7))
        let records = orders.map { $0["order"] as? [String: Any] }
        #expect(records.map { $0?["status"] as? String } == ["DeliveryConfirmed", "Cancelled", "Cancelled", "DeliveryConfirmed", "Cancelled", "Cancelled", "Cancelled", "Cancelled"])
        #expect(records.allSatisfy { $0?["discountApplied"] as? String == "20%" })
        let createAttempts = (orders[1]["path"] as? [String])?.filter { $0 == "Create New Order (1)" }.count
        #expect(createAttempts == 4)
        let refundAttempts = (orders[6]["path"] as? [String])?.filter { $0 == "Refund Payment (6)" }.count
        #expect(refundAttempts == 6)
        let queues = orders.map { ($0["queueMessages"] as? [[String: Any]])?.compactMap { $0["queue"] as? String } ?? [] }
        #expect(queues == [[], [], [], ["AddLoyaltyPointsDLQ"], [], [], ["RefundPaymentDLQ"], ["RemoveLoyaltyPointsDLQ"]])
    }

    @Test func followsTheOrderLiveAsText() throws {
        let result = try PizzadashBinary.run(["order", "--error-on-step", "1", "--speed", "instant"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("order 1  +0.000s  entered    Create New Order (1)"))
        #expect(result.stdout.contains("order 1  +1.000s  retrying   Create New Order (1)  attempt 2"))
        #expect(result.stdout.contains("failed     Create New Order (1)  Error: Simulating an exception in step: 1"))
        #expect(result.stdout.contains("order 1: FAILED (errorOnStep 1 createOrder) in 7.000s, order Cancelled"))
        #expect(result.stdout.contains("Create New Order (1) ×4 → Order Failed"))
    }

    @Test(arguments: [
        (["--error-on-step", "9"], "--error-on-step (errorOnStep) must be one of 0..7 or 100 (ALL), not 9"),
        (["--delay=-1"], "--delay (perStepDelaySeconds) must be a number of seconds >= 0"),
        (["--delay", "3600"], "--delay (perStepDelaySeconds) must be at most 60 seconds"),
        (["--flavour", ""], "--flavour must not be empty"),
        (["--error-on-step", "x"], "--error-on-step"),
        (["--delay", "soon"], "--delay"),
        (["--speed", "0"], "--speed"),
    ])
    func badInputExitsTwoNamingTheField(_ arguments: [String], _ message: String) throws {
        let result = try PizzadashBinary.run(["order", "--speed", "instant"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing started")
    }

    @Test func pineappleCheckPrintsTheSyncExecutionShape() throws {
        let refused = try PizzadashBinary.run(["pineapple", "--flavour", "pineapple", "--json"])
        #expect(refused.status == 0)
        let failed = try #require(try refused.json() as? [String: Any])
        #expect(failed["status"] as? String == "FAILED")
        #expect(failed["error"] as? String == "Failed To Make Pizza")
        #expect(failed["cause"] as? String == "They asked for Pineapple")
        #expect(failed["output"] == nil)
        let accepted = try PizzadashBinary.run(["pineapple", "--flavour", "pepperoni"])
        let succeeded = try #require(try accepted.json() as? [String: Any])
        #expect(succeeded["status"] as? String == "SUCCEEDED")
        #expect(succeeded["output"] as? String == "{\"containsPineapple\":false}")
        #expect((succeeded["billingDetails"] as? [String: Any])?["billedDurationInMilliseconds"] as? Int == 100)
    }
}
