import ASL
import Engine

/// The task handlers behind both workflows: the seed's Lambda functions and the order
/// processor that consumes PrepareOrderQueue.
///
/// Every handler reads the order context (`orderId`, `flavor`, `perStepDelaySeconds`,
/// `errorOnStep`) from its payload and sleeps `perStepDelaySeconds` on the engine clock after
/// each order-status change, so a person can watch the steps light up and `--speed` applies.
struct PizzaHandlers {
    let orders: OrderBook

    static let callbackOutput: JSONValue = "Callback task completed successfully."
    /// While cooking and delivering, the order processor beats at least this often, well inside
    /// the Wait state's 10 s HeartbeatSeconds, so a long per-step delay never times it out.
    static let heartbeatInterval = 5.0

    func install(on engine: Engine) {
        engine.handlers.registerFunction("OrderInsert") { call in self.orderInsert(call) }
        engine.handlers.registerFunction("PaymentProcessor") { call in self.paymentProcessor(call) }
        engine.handlers.registerFunction("LoyaltyInsert") { call in self.loyaltyInsert(call) }
        engine.handlers.registerFunction("OrderPrepare") { call in self.orderPrepare(call) }
        engine.handlers.registerFunction("PaymentRefund") { call in self.paymentRefund(call) }
        engine.handlers.registerFunction("LoyaltyReclaim") { call in self.loyaltyReclaim(call) }
        engine.handlers.registerFunction("CustomerNotification") { call in self.customerNotification(call) }
        engine.handlers.registerFunction("pineappleCheck", returning: Self.pineappleCheck)
        engine.queues.consume(queue: Queues.prepareOrder) { [unowned engine] message in
            self.processOrder(message, engine: engine)
        }
    }

    // MARK: - The order context

    struct OrderContext {
        var payload: JSONValue
        var orderId: Int
        var delay: Double
        var errorOnStep: Int

        init(_ payload: JSONValue) {
            self.payload = payload
            orderId = payload["orderId"]?.intValue ?? 0
            delay = payload["perStepDelaySeconds"]?.numberValue ?? 0
            errorOnStep = payload["errorOnStep"]?.intValue ?? 0
        }

        func adding(_ key: String, _ value: JSONValue) -> JSONValue {
            guard case .object(var object) = payload else { return payload }
            object[key] = value
            return .object(object)
        }
    }

    static func simulatedFailure(_ step: Int) -> LambdaError {
        LambdaError(type: "Error", message: "Simulating an exception in step: \(step)")
    }

    /// Sets the status, then sleeps the per-step delay, then goes on.
    private func step(_ call: TaskInvocation, _ context: OrderContext, _ status: OrderStatus, then next: @escaping () -> Void) {
        orders.setStatus(context.orderId, status)
        sleep(call, context.delay, then: next)
    }

    private func sleep(_ call: TaskInvocation, _ seconds: Double, then next: @escaping () -> Void) {
        if seconds > 0 { call.after(seconds, next) } else { next() }
    }

    // MARK: - Lambda functions

    private func orderInsert(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        let flavour = call.input["flavor"]?.stringValue ?? "plain"
        orders.put(OrderRecord.pending(orderId: context.orderId, flavour: flavour))
        sleep(call, context.delay) {
            if context.errorOnStep == 1 { return call.fail(Self.simulatedFailure(1)) }
            call.succeed(context.payload)
        }
    }

    private func paymentProcessor(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        step(call, context, .paymentProcessing) {
            if context.errorOnStep == 2 { return call.fail(Self.simulatedFailure(2)) }
            self.step(call, context, .paymentComplete) {
                call.succeed(context.adding("paymentId", .string("pay-\(context.orderId)")))
            }
        }
    }

    private func loyaltyInsert(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        if context.errorOnStep == 3 { return call.fail(Self.simulatedFailure(3)) }
        call.succeed(context.adding("loyaltyTransactionId", .string("loyalty-\(context.orderId)")))
    }

    private func orderPrepare(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        step(call, context, .cookingStarted) {
            // Steps 6 and 7 can only fail once a rollback has started, so they break step 4 too.
            if [4, 6, 7].contains(context.errorOnStep) { return call.fail(Self.simulatedFailure(4)) }
            call.succeed(context.payload)
        }
    }

    private func paymentRefund(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        step(call, context, .paymentFailed) {
            if context.errorOnStep == 6 { return call.fail(Self.simulatedFailure(6)) }
            call.succeed(context.adding("refundId", .string("refund-\(context.orderId)")))
        }
    }

    private func loyaltyReclaim(_ call: TaskInvocation) {
        let context = OrderContext(call.input)
        if context.errorOnStep == 7 { return call.fail(Self.simulatedFailure(7)) }
        call.succeed(context.payload)
    }

    /// Reached from every failure path, so its input has several shapes: the order context
    /// is under `Payload` after any step that ran with `$.Payload` paths, at the top when
    /// Create New Order itself failed.
    private func customerNotification(_ call: TaskInvocation) {
        let context = OrderContext(call.input["Payload"]?["orderId"] != nil ? call.input["Payload"]! : call.input)
        step(call, context, .cancelled) {
            call.succeed(["orderId": .number(Double(context.orderId)), "notified": true, "status": .string(OrderStatus.cancelled.name)])
        }
    }

    static func pineappleCheck(_ input: JSONValue) throws -> JSONValue {
        let flavour = input.stringValue ?? ""
        return ["containsPineapple": .bool(flavour == "pineapple" || flavour == "hawaiian")]
    }

    // MARK: - The order processor (PrepareOrderQueue's consumer)

    /// Cooks and delivers, then calls SendTaskSuccess. With errorOnStep 5 it never calls back,
    /// so the Wait state fails with States.HeartbeatTimeout.
    private func processOrder(_ message: QueueMessage, engine: Engine) {
        guard let token = message.body["taskToken"]?.stringValue else { return }
        let context = OrderContext(message.body["payload"] ?? .null)
        if context.errorOnStep == 5 { return }
        let steps: [OrderStatus] = [.cookingCompleted, .deliveryStarted, .deliveryConfirmed]
        func run(_ index: Int) {
            guard index < steps.count else {
                try? engine.sendTaskSuccess(token: token, output: Self.callbackOutput)
                return
            }
            orders.setStatus(context.orderId, steps[index])
            wait(context.delay, heartbeating: token, engine: engine) { run(index + 1) }
        }
        run(0)
    }

    /// Sleeps on the engine clock, sending a heartbeat every few seconds meanwhile.
    private func wait(_ seconds: Double, heartbeating token: String, engine: Engine, then next: @escaping () -> Void) {
        guard seconds > 0 else { return next() }
        let slice = min(seconds, Self.heartbeatInterval)
        engine.scheduler.after(slice) {
            // The task may have ended meanwhile (stopped execution): then stop working.
            guard (try? engine.sendTaskHeartbeat(token: token)) != nil else { return }
            self.wait(seconds - slice, heartbeating: token, engine: engine, then: next)
        }
    }
}

/// The local queues of the order saga.
public enum Queues {
    public static let prepareOrder = "PrepareOrderQueue"
    public static let addLoyaltyPointsDLQ = "AddLoyaltyPointsDLQ"
    public static let refundPaymentDLQ = "RefundPaymentDLQ"
    public static let removeLoyaltyPointsDLQ = "RemoveLoyaltyPointsDLQ"

    public static let deadLetterQueues = [addLoyaltyPointsDLQ, refundPaymentDLQ, removeLoyaltyPointsDLQ]
}
