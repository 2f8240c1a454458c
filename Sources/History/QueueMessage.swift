import ASL

/// A message sent to a local queue (the engine's stand-in for Amazon SQS).
public struct QueueMessage: Sendable, Equatable {
    public var queue: String
    public var messageId: String
    public var body: JSONValue
    /// Engine time the message was sent.
    public var sentAt: Double
    /// The execution whose task sent it, if any.
    public var executionArn: String?

    public init(queue: String, messageId: String, body: JSONValue, sentAt: Double, executionArn: String? = nil) {
        self.queue = queue
        self.messageId = messageId
        self.body = body
        self.sentAt = sentAt
        self.executionArn = executionArn
    }
}
