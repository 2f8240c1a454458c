import ASL
import Engine

/// Builds a history by hand, numbering events and chaining `previousEventId`.
struct HistoryFixture {
    private(set) var events: [HistoryEvent] = []

    mutating func add(_ type: HistoryEventType, _ state: String? = nil, error: String? = nil) {
        let id = events.count + 1
        events.append(HistoryEvent(id: id, previousEventId: id - 1, timestamp: Double(id), type: type,
                                   details: .init(stateName: state, error: error)))
    }

    /// A Task state that runs once and succeeds.
    mutating func task(_ name: String) {
        add(.taskStateEntered, name); add(.taskScheduled, name); add(.taskStarted, name)
        add(.taskSucceeded, name); add(.taskStateExited, name)
    }

    mutating func pass(_ name: String) { add(.passStateEntered, name); add(.passStateExited, name) }

    /// pepperoni through the pineapple check.
    static var pineappleSuccess: [HistoryEvent] {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.task("Order Pizza Job")
        h.add(.choiceStateEntered, "With Pineapple?"); h.add(.choiceStateExited, "With Pineapple?")
        h.add(.succeedStateEntered, "Lets make your pizza"); h.add(.succeedStateExited, "Lets make your pizza")
        h.add(.executionSucceeded)
        return h.events
    }

    /// errorOnStep 2: the payment fails and its Catch leads to Order Failed.
    static var sagaPaymentCaught: [HistoryEvent] {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.task("Create New Order (1)")
        h.add(.taskStateEntered, "Process Payment (2)"); h.add(.taskScheduled, "Process Payment (2)")
        h.add(.taskFailed, "Process Payment (2)", error: "Error")
        // As AWS does, the engine exits the state through its Catch.
        h.add(.taskStateExited, "Process Payment (2)")
        h.pass("Order Failed")
        h.task("Notify Customer - Order Failed")
        h.add(.failStateEntered, "Sorry, We Couldn't complete your order")
        h.add(.executionFailed)
        return h.events
    }

    /// errorOnStep 1, caught in the middle: the first task is on its third attempt.
    static var sagaRetrying: [HistoryEvent] {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.add(.taskStateEntered, "Create New Order (1)")
        for _ in 0..<2 {
            h.add(.taskScheduled, "Create New Order (1)"); h.add(.taskStarted, "Create New Order (1)")
            h.add(.taskFailed, "Create New Order (1)", error: "Error")
        }
        h.add(.taskScheduled, "Create New Order (1)")
        return h.events
    }

    /// errorOnStep 4, caught while the refund runs: the preparation fails, the loyalty branch
    /// is stopped, the Parallel's Catch starts the rollback.
    static var sagaBranchCancelled: [HistoryEvent] {
        var h = HistoryFixture()
        h.add(.executionStarted)
        h.task("Create New Order (1)")
        h.task("Process Payment (2)")
        h.add(.parallelStateEntered, "Payment Processed"); h.add(.parallelStateStarted, "Payment Processed")
        h.add(.taskStateEntered, "Add Loyalty Points To Customer Record (3)")
        h.add(.taskScheduled, "Add Loyalty Points To Customer Record (3)")
        h.add(.taskStateEntered, "Begin Order Preparation (4)"); h.add(.taskScheduled, "Begin Order Preparation (4)")
        h.add(.taskFailed, "Begin Order Preparation (4)", error: "Error")
        h.add(.taskStateAborted, "Add Loyalty Points To Customer Record (3)")
        h.add(.parallelStateFailed, "Payment Processed", error: "Error")
        h.add(.parallelStateExited, "Payment Processed")
        h.pass("Begin Refund Process")
        h.add(.taskStateEntered, "Refund Payment (6)"); h.add(.taskScheduled, "Refund Payment (6)")
        return h.events
    }
}

/// The ARN of the state machine `name` in the tests' account and region.
func machineArn(_ name: String, region: String = "us-east-1") -> String { "arn:aws:states:\(region):123456789012:stateMachine:\(name)" }
