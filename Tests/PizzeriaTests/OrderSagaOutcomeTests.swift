import ASL
import Engine
import Testing
@testable import Pizzeria

/// The table of the 8 outcomes in ../shared/docs/workflows.md, run in virtual time.
@Suite struct OrderSagaOutcomeTests {
    static let create = "Create New Order (1)"
    static let payment = "Process Payment (2)"
    static let parallel = "Payment Processed"
    static let loyalty = "Add Loyalty Points To Customer Record (3)"
    static let loyaltyDLQ = "Add Loyalty Points DLQ"
    static let prep = "Begin Order Preparation (4)"
    static let wait = "Wait on food to be cooked and delivered (5)"
    static let delivered = "Your pizza has been delivered!"
    static let beginRefund = "Begin Refund Process"
    static let refund = "Refund Payment (6)"
    static let refundDLQ = "Refund Payment DLQ"
    static let reclaim = "Remove Loyalty Points (7)"
    static let reclaimDLQ = "Remove Loyalty Points DLQ"
    static let rollbackOK = "Rollback Was Successful"
    static let rollbackFailed = "Rollback Failed"
    static let orderFailed = "Order Failed"
    static let notify = "Notify Customer - Order Failed"
    static let sorry = "Sorry, We Couldn't complete your order"

    static let failureTail = [orderFailed, notify, sorry]
    static let head = [create, payment, parallel]

    struct Expected: Sendable, CustomTestStringConvertible {
        var step: Int
        var status: ExecutionStatus
        var path: [String]
        var queue: String?
        var finalOrderStatus: OrderStatus
        /// Virtual seconds from start to stop at delay 0.
        var seconds: Double

        var testDescription: String { "errorOnStep \(step)" }
    }

    static let table: [Expected] = [
        Expected(step: 0, status: .succeeded, path: head + [loyalty, prep, wait, delivered], queue: nil, finalOrderStatus: .deliveryConfirmed, seconds: 0),
        Expected(step: 1, status: .failed, path: [create, create, create, create] + failureTail, queue: nil, finalOrderStatus: .cancelled, seconds: 7),
        Expected(step: 2, status: .failed, path: [create, payment] + failureTail, queue: nil, finalOrderStatus: .cancelled, seconds: 0),
        Expected(step: 3, status: .succeeded, path: head + [loyalty, prep, loyaltyDLQ, wait, delivered], queue: Queues.addLoyaltyPointsDLQ, finalOrderStatus: .deliveryConfirmed, seconds: 0),
        Expected(step: 4, status: .failed, path: head + [loyalty, prep, beginRefund, refund, reclaim, rollbackOK] + failureTail, queue: nil, finalOrderStatus: .cancelled, seconds: 0),
        Expected(step: 5, status: .failed, path: head + [loyalty, prep, wait, beginRefund, refund, reclaim, rollbackOK] + failureTail, queue: nil, finalOrderStatus: .cancelled, seconds: 10),
        Expected(step: 6, status: .failed, path: head + [loyalty, prep, beginRefund] + Array(repeating: refund, count: 6) + [refundDLQ, rollbackFailed] + failureTail,
                 queue: Queues.refundPaymentDLQ, finalOrderStatus: .cancelled, seconds: 1 + 1.1 + 1.21 + 1.331 + 1.4641),
        Expected(step: 7, status: .failed, path: head + [loyalty, prep, beginRefund, refund, reclaim, reclaimDLQ, rollbackFailed] + failureTail,
                 queue: Queues.removeLoyaltyPointsDLQ, finalOrderStatus: .cancelled, seconds: 0),
    ]

    /// Each outcome in both sagas: the JSONPath definition and the same saga written in JSONata.
    static let cases: [(Expected, OrderSaga)] = OrderSaga.allCases.flatMap { saga in table.map { ($0, saga) } }

    @Test(arguments: cases)
    func singleOutcome(_ expected: Expected, _ saga: OrderSaga) throws {
        let harness = try PizzeriaHarness()
        let outcomes = harness.run(try OrderRequest(flavour: "margherita", errorOnStep: expected.step, saga: saga))
        #expect(outcomes.first?.execution.stateMachineArn.hasSuffix(":" + saga.machineName) == true)
        let outcome = try #require(outcomes.first)
        #expect(outcomes.count == 1)
        #expect(outcome.execution.status == expected.status)
        #expect(outcome.path == expected.path)
        #expect(outcome.record?.status == expected.finalOrderStatus)
        #expect(abs(outcome.duration - expected.seconds) < 1e-6, "took \(outcome.duration) s of virtual time")
        #expect(outcome.queueMessages.map(\.queue) == (expected.queue.map { [$0] } ?? []))
        if let message = outcome.queueMessages.first {
            #expect(message.body["payload"]?["orderId"]?.intValue == outcome.order.orderId)
            #expect(message.body["messageType"]?.stringValue?.hasSuffix("Failed") == true)
        }
    }

    @Test(arguments: OrderSaga.allCases)
    func allStartsEightExecutionsAtOnceWithTheEightOutcomes(_ saga: OrderSaga) throws {
        let harness = try PizzeriaHarness()
        let outcomes = harness.run(try OrderRequest(flavour: "Pineapple", errorOnStep: 100, saga: saga))
        #expect(outcomes.map(\.order.errorOnStep.rawValue) == Array(0...7))
        #expect(Set(outcomes.map(\.order.orderId)).count == 8)
        #expect(outcomes.first?.order.orderId == 1, "the first keeps the order id reported back")
        #expect(outcomes.allSatisfy { $0.execution.startDate == PizzeriaHarness.startTime }, "all start at once")
        for (outcome, expected) in zip(outcomes, Self.table) {
            #expect(outcome.execution.status == expected.status, "errorOnStep \(expected.step)")
            #expect(outcome.path == expected.path, "errorOnStep \(expected.step)")
            #expect(outcome.record?.status == expected.finalOrderStatus, "errorOnStep \(expected.step)")
            #expect(outcome.record?.discountApplied == 0.20)
        }
        // The three dead-letter queues hold exactly the messages of outcomes 3, 6 and 7.
        for queue in Queues.deadLetterQueues {
            #expect(harness.engine.queues.messages(in: queue).count == 1, "\(queue)")
        }
    }

    @Test func perStepDelaySleepsOnTheEngineClock() throws {
        let harness = try PizzeriaHarness()
        // Path 0 at a 2 s delay: Create (1 change), Payment (2), Prep (1), the order processor (3).
        let outcome = try #require(harness.run(try OrderRequest(perStepDelaySeconds: 2, errorOnStep: 0)).first)
        #expect(outcome.execution.status == .succeeded)
        #expect(abs(outcome.duration - 2 * 7) < 1e-6, "took \(outcome.duration)")
    }

    @Test func theLargestDelayNeverHitsTheMachineTimeout() throws {
        for step in [0, 1, 5, 6, 7] {
            let harness = try PizzeriaHarness()
            let outcome = try #require(harness.run(try OrderRequest(perStepDelaySeconds: OrderRequest.maxDelaySeconds, errorOnStep: step)).first)
            #expect(outcome.execution.status != .timedOut, "errorOnStep \(step) at the largest delay")
            #expect(outcome.record?.status == (step == 0 ? .deliveryConfirmed : .cancelled))
        }
    }

    @Test func orderStatusesChangeInTheSeedsOrder() throws {
        let harness = try PizzeriaHarness()
        var seen: [OrderStatus] = []
        harness.pizzeria.orders.observe { seen.append($0.status) }
        _ = harness.run(try OrderRequest(errorOnStep: 0))
        #expect(seen == [.pending, .paymentProcessing, .paymentComplete, .cookingStarted, .cookingCompleted, .deliveryStarted, .deliveryConfirmed])
    }

    @Test func aFailedCreateRetriesWithAWSBackoff() throws {
        let harness = try PizzeriaHarness()
        let outcome = try #require(harness.run(try OrderRequest(errorOnStep: 1)).first)
        let execution = try #require(harness.engine.execution(outcome.order.executionArn))
        let scheduled = execution.history.filter { $0.type == .taskScheduled && $0.details.stateName == Self.create }
        let offsets = scheduled.map { $0.timestamp - execution.startDate }
        #expect(offsets == [0, 1, 3, 7])
        let failure = try #require(execution.history.first { $0.type == .taskFailed })
        #expect(failure.details.error == "Error")
        let cause = try JSONValue(parsing: failure.details.cause ?? "")
        #expect(cause["errorMessage"] == "Simulating an exception in step: 1")
        #expect(cause["errorType"] == "Error")
    }
}
