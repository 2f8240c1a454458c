import ASL
import Engine
import StepFunctions

/// StartExecution on the service seam, synchronous: how code on the engine's loop starts an
/// execution (the local implementation's ``LoopOperations`` answers it).
public typealias StartExecutionOnLoop = (StartExecutionInput) throws(ServiceError) -> StartExecutionOutput

/// The pizza shop on top of the engine: places orders (one execution, or eight for ALL),
/// runs the pineapple check, and keeps the order records and queues the workflows touch.
/// Its executions start through the service seam, by their state machine's ARN; the engine
/// only runs the handlers its workflows' tasks are bound to.
public final class Pizzeria {
    public let engine: Engine
    public let resources: WorkflowResources
    public let orders: OrderBook
    /// Placed orders in the order they were placed (an ALL order adds eight).
    public private(set) var placed: [PlacedOrder] = []
    private var placedObservers: [(PlacedOrder) -> Void] = []
    private let startExecution: StartExecutionOnLoop

    /// - Parameter startExecution: the seam's StartExecution on the loop; the shipped state
    ///   machines (``WorkflowResources/machines``) must be created behind it.
    public init(engine: Engine, resources: WorkflowResources, orders: OrderBook = OrderBook(), startExecution: @escaping StartExecutionOnLoop) {
        self.engine = engine
        self.resources = resources
        self.orders = orders
        self.startExecution = startExecution
        Self.installHandlers(on: engine, orders: orders)
    }

    /// Binds the workflows' task handlers into any engine (the generic `run` command uses this).
    public static func installHandlers(on engine: Engine, orders: OrderBook) {
        PizzaHandlers(orders: orders).install(on: engine)
    }

    /// Places an order: starts the saga once, or eight times for ALL (one execution per
    /// errorOnStep 0...7, each with its own order id; the first keeps the id reported back).
    /// Throws when the seam refuses a start (its state machine was deleted); orders started
    /// before the refusal stay placed.
    @discardableResult
    public func placeOrder(_ request: OrderRequest) throws(ServiceError) -> [PlacedOrder] {
        let steps = request.errorOnStep == .all ? ErrorStep.outcomes : [request.errorOnStep]
        let group = request.errorOnStep == .all ? orders.lastOrderId + 1 : nil
        var started: [PlacedOrder] = []
        defer {
            placed.append(contentsOf: started)
            for order in started { for observer in placedObservers { observer(order) } }
        }
        for step in steps {
            let orderId = orders.nextOrderId()
            let input: JSONValue = [
                "orderId": .number(Double(orderId)),
                "flavor": .string(request.flavour),
                "perStepDelaySeconds": .number(request.perStepDelaySeconds),
                "errorOnStep": .number(Double(step.rawValue)),
            ]
            // A fresh order id is unique, so the execution name is too.
            let execution = try startExecution(StartExecutionInput(stateMachineArn: LocalARN.stateMachine(request.saga.machineName),
                                                                   name: "order-\(orderId)", input: input))
            started.append(PlacedOrder(orderId: orderId, errorOnStep: step, flavour: request.flavour, executionArn: execution.executionArn, allGroup: group))
        }
        return started
    }

    /// The pineapple check's start: the seed's API runs it synchronously (StartSyncExecution).
    public static func pineappleCheck(flavour: String) -> StartExecutionInput {
        StartExecutionInput(stateMachineArn: LocalARN.stateMachine(WorkflowResources.pineappleCheckName), input: ["flavour": .string(flavour)])
    }

    /// Starts the pineapple check through the seam; the caller runs the loop until it ends.
    @discardableResult
    public func startPineappleCheck(flavour: String) throws(ServiceError) -> StartExecutionOutput {
        try startExecution(Self.pineappleCheck(flavour: flavour))
    }

    /// The messages the workflows' compensations left in the dead-letter queues, oldest first.
    public var deadLetters: [QueueMessage] { engine.queues.messages.filter { Queues.deadLetterQueues.contains($0.queue) } }

    /// Calls `observer` with every message put in a dead-letter queue from now on.
    public func observeDeadLetters(_ observer: @escaping (QueueMessage) -> Void) {
        engine.queues.observe { message in
            if Queues.deadLetterQueues.contains(message.queue) { observer(message) }
        }
    }

    /// Calls `observer` with every order placed from now on (stores keep them).
    public func observePlaced(_ observer: @escaping (PlacedOrder) -> Void) {
        placedObservers.append(observer)
    }

    /// Remembers orders placed before a restart (read from a store).
    public func restore(_ orders: [PlacedOrder]) {
        placed.append(contentsOf: orders)
    }

    /// What an order came to: its execution, the states it entered, its record and messages.
    public func outcome(of order: PlacedOrder) -> OrderOutcome? {
        guard let execution = engine.execution(order.executionArn) else { return nil }
        let path = HistoryPath.statesEntered(execution.history)
        let messages = engine.queues.messages.filter { $0.executionArn == order.executionArn && $0.queue != Queues.prepareOrder }
        return OrderOutcome(order: order, execution: execution.description, path: path, record: orders.record(order.orderId), queueMessages: messages)
    }
}

/// An order as placed: which execution runs it.
public struct PlacedOrder: Sendable, Equatable {
    public var orderId: Int
    public var errorOnStep: ErrorStep
    public var flavour: String
    public var executionArn: String
    /// For the eight orders of an ALL run: the order id of the first of them.
    public var allGroup: Int?

    public init(orderId: Int, errorOnStep: ErrorStep, flavour: String, executionArn: String, allGroup: Int?) {
        self.orderId = orderId
        self.errorOnStep = errorOnStep
        self.flavour = flavour
        self.executionArn = executionArn
        self.allGroup = allGroup
    }
}

/// The result of one order, as `pizzadash order --json` prints it.
public struct OrderOutcome: Sendable, Equatable {
    public var order: PlacedOrder
    public var execution: ExecutionDescription
    /// State names in the order they were entered; a retried state once per attempt.
    public var path: [String]
    public var record: OrderRecord?
    /// Messages the execution left in the dead-letter queues.
    public var queueMessages: [QueueMessage]

    public var json: JSONValue {
        [
            "orderId": .number(Double(order.orderId)),
            "errorOnStep": .number(Double(order.errorOnStep.rawValue)),
            "execution": execution.json,
            "path": .array(path.map { .string($0) }),
            "order": record?.json ?? .null,
            "queueMessages": .array(queueMessages.map { ["queue": .string($0.queue), "body": $0.body] }),
        ]
    }
}
