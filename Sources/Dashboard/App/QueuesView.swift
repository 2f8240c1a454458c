import ASL
import History
import Foundation

/// The messages in the dead-letter queues, each with its body as formatted JSON.
func drawQueuesView(_ state: DashboardState, _ canvas: inout Canvas) {
    let rect = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2)
    canvas.box(rect, title: "Dead-letter queues (\(state.deadLetters.count) messages)", focused: true)
    var lines: [StyledLine] = []
    let queues = state.deadLetterQueues + Set(state.deadLetters.map(\.queue)).subtracting(state.deadLetterQueues).sorted()
    let width = rect.width - 4
    for queue in queues {
        let messages = state.deadLetters.filter { $0.queue == queue }
        lines.append(StyledLine(text: "\(queue) · \(messages.count) message\(messages.count == 1 ? "" : "s")", style: CellStyle(bold: true, underline: true)))
        for message in messages {
            let owner = message.executionArn.flatMap { arn in state.execution(arn)?.label } ?? "?"
            let start = message.executionArn.flatMap { state.execution($0)?.startDate }
            let sent = start.map { String(format: "+%.3fs", message.sentAt - $0) } ?? ""
            lines.append(StyledLine(text: "  \(owner)  \(message.messageId)  \(sent)", style: CellStyle(foreground: .magenta)))
            lines += message.body.serialized(pretty: true).split(separator: "\n").flatMap { wrapped("    " + $0, width: width) }.map { StyledLine(text: $0) }
        }
        if messages.isEmpty { lines.append(StyledLine(text: "  (empty)", style: CellStyle(dim: true))) }
        lines.append(StyledLine(text: ""))
    }
    let visible = rect.height - 2
    let first = min(state.queueScroll, max(0, lines.count - visible))
    for (i, line) in lines.dropFirst(first).prefix(visible).enumerated() {
        canvas.write(line.text.clipped(width), x: 2, y: rect.y + 1 + i, style: line.style)
    }
}
