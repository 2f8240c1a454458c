import ASL
import Engine

/// An execution read back from a store: its description (derived from its history, which is
/// the truth), the definition it ran, and its full history.
public struct StoredExecution: Sendable {
    public var description: ExecutionDescription
    public var stateMachineName: String
    /// The definition's JSON text, when the writer registered it (needed to resume).
    public var definition: String?
    public var history: [HistoryEvent]
}

/// An application record kept beside the executions (the pizzeria's orders): opaque JSON that
/// the layer above encodes and decodes, so the store holds no business rules.
public struct StoredOrder: Sendable, Equatable {
    public var orderId: Int
    public var executionArn: String?
    /// How the order was placed (written once, when placed).
    public var placed: JSONValue?
    /// The order's current record (rewritten on every change).
    public var record: JSONValue?

    public init(orderId: Int, executionArn: String?, placed: JSONValue?, record: JSONValue?) {
        self.orderId = orderId
        self.executionArn = executionArn
        self.placed = placed
        self.record = record
    }
}

extension ExecutionDescription {
    /// Brings a stored row up to date with its history: a terminal event decides the status,
    /// stop date, output and error, whatever the row says.
    mutating func apply(terminal event: HistoryEvent) {
        guard let ended = event.type.executionStatus else { return }
        status = ended
        stopDate = event.timestamp
        output = event.details.output
        error = event.details.error
        cause = event.details.cause
    }
}
