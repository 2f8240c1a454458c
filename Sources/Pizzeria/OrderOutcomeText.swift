import Foundation

extension OrderOutcome {
    /// What `pizzadash order` prints when an order has ended: its status, errorOnStep, time and
    /// record, the states it went through (repeats counted), and its dead-letter messages.
    public var summaryText: String {
        let execution = self.execution
        let seconds = (execution.stopDate ?? execution.startDate) - execution.startDate
        var lines = ["order \(order.orderId): \(execution.status.rawValue) (errorOnStep \(order.errorOnStep.rawValue) \(order.errorOnStep.name)) in \(String(format: "%.3f", seconds))s"
            + (record.map { ", order \($0.status.name), discount \($0.discountPercent)" } ?? "")]
        var compressed: [String] = []
        var previous: String?
        var repeats = 1
        for name in path + [""] {
            if name == previous { repeats += 1; continue }
            if let previous { compressed.append(repeats > 1 ? "\(previous) ×\(repeats)" : previous) }
            previous = name
            repeats = 1
        }
        lines.append("  path: " + compressed.joined(separator: " → "))
        for message in queueMessages { lines.append("  queue \(message.queue): \(message.body.serialized())") }
        return lines.joined(separator: "\n")
    }
}
