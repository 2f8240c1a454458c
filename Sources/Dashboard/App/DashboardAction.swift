import Engine

/// One history event of one execution, as the engine's observer saw it.
public struct ObservedEvent: Sendable, Equatable {
    public var arn: String
    public var event: HistoryEvent

    public init(arn: String, event: HistoryEvent) {
        self.arn = arn
        self.event = event
    }
}

/// Everything that can happen to the dashboard: the person's input and the engine's news.
public enum DashboardAction: Sendable, Equatable {
    case input(InputEvent)
    /// The shell started an execution (its ExecutionStarted event may come before or after).
    case executionStarted(ExecutionSummary)
    /// Events observed since the last frame, in the order they happened.
    case events([ObservedEvent])
    /// A message arrived in a dead-letter queue.
    case queueMessage(QueueMessage)
    /// An order record changed.
    case orderNote(OrderNote)
    /// The engine clock now reads `now` (elapsed times move on).
    case tick(now: Double)
    /// The shell could not do what was asked (e.g. a rejected order).
    case failed(String)
}

/// A request the shell carries out for the reducer, which itself never touches the engine.
public enum DashboardEffect: Sendable, Equatable {
    /// Place an order (errorOnStep 100 starts the eight executions of ALL).
    case placeOrder(OrderSpec)
    /// StopExecution: the execution ends ABORTED.
    case stop(arn: String)
    case setSpeed(ClockMode)
    case quit
}
