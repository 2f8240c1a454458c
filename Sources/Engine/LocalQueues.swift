import ASL

/// Named local queues. Every message is kept, so it can be read afterwards (dead-letter queues
/// are read by people); a consumer, when one is attached, also receives each new message.
public final class LocalQueues {
    public private(set) var messages: [QueueMessage] = []
    private var consumers: [String: (QueueMessage) -> Void] = [:]
    private var observers: [(QueueMessage) -> Void] = []
    private var nextId = 0
    private let scheduler: Scheduler

    init(scheduler: Scheduler) { self.scheduler = scheduler }

    /// The queue name of an SQS queue URL or ARN (its last component), or the name itself.
    public static func queueName(fromURL url: String) -> String {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        if trimmed.hasPrefix("arn:"), let colon = trimmed.lastIndex(of: ":") { return String(trimmed[trimmed.index(after: colon)...]) }
        return trimmed
    }

    /// Sends a message; the consumer (if any) receives it on the loop after the current work.
    @discardableResult
    public func send(queue: String, body: JSONValue, executionArn: String? = nil) -> QueueMessage {
        nextId += 1
        let message = QueueMessage(queue: queue, messageId: Self.messageId(nextId), body: body, sentAt: scheduler.now, executionArn: executionArn)
        messages.append(message)
        for observer in observers { observer(message) }
        if let consumer = consumers[queue] { scheduler.enqueue { consumer(message) } }
        return message
    }

    /// Attaches the one consumer of a queue.
    public func consume(queue: String, _ consumer: @escaping (QueueMessage) -> Void) {
        consumers[queue] = consumer
    }

    /// Called for every message sent, on the loop (for stores and screens).
    public func observe(_ observer: @escaping (QueueMessage) -> Void) {
        observers.append(observer)
    }

    public func messages(in queue: String) -> [QueueMessage] {
        messages.filter { $0.queue == queue }
    }

    /// Restores messages read from a store, without delivering them again.
    public func restore(_ restored: [QueueMessage]) {
        messages.append(contentsOf: restored)
        nextId += restored.count
    }

    /// A UUID-shaped id that is deterministic per engine (tests compare histories).
    static func messageId(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "00000000-0000-4000-8000-" + padded
    }
}
