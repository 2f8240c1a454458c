import ASL
import History
import Foundation

/// The selected execution's status, the selected state's input, output and assigned variables
/// as formatted JSON, and its event history; scrolled by `detailScroll`.
func drawDetailPane(_ state: DashboardState, _ geometry: PaneGeometry, _ canvas: inout Canvas) {
    let rect = geometry.detail
    let summary = state.selectedExecution
    canvas.box(rect, title: "Detail" + (summary.map { ": \($0.label)" + (state.selectedState.map { " · \($0)" } ?? "") } ?? ""),
               focused: state.focus == .detail)
    let width = rect.width - 4
    guard let summary, width > 0 else { return }
    let lines = detailLines(state, summary, width: width)
    let visible = rect.height - 2
    let first = min(state.detailScroll, max(0, lines.count - visible))
    for (i, line) in lines.dropFirst(first).prefix(visible).enumerated() {
        canvas.write(line.text.clipped(width), x: rect.x + 2, y: rect.y + 1 + i, style: line.style)
    }
    if lines.count > visible {
        canvas.write("\(first + 1)-\(min(lines.count, first + visible))/\(lines.count)", x: rect.x + 2, y: rect.maxY - 1, style: CellStyle(dim: true))
    }
}

struct StyledLine {
    var text: String
    var style: CellStyle = .plain
}

func detailLines(_ state: DashboardState, _ summary: ExecutionSummary, width: Int) -> [StyledLine] {
    var lines: [StyledLine] = []
    var head = "\(summary.status.label)  \(formatElapsed(summary.elapsed(now: state.now)))"
    if let first = summary.labels.first { head += "  \(first.value)" }
    if let note = state.notes[summary.arn] { head += "  \(note)" }
    lines.append(StyledLine(text: head, style: CellStyle(foreground: summary.status.color, bold: true)))
    if let last = summary.events.last, last.type.isTerminal {
        let why = HistoryNarration.describe(last.details)
        if !why.isEmpty { lines += wrapped(why, width: width).map { StyledLine(text: $0, style: CellStyle(foreground: .red)) } }
    }
    if let name = state.selectedState {
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: "State \(name)", style: CellStyle(bold: true, underline: true)))
        let entered = summary.events.last { $0.type.isStateEntered && $0.details.stateName == name }
        let exited = summary.events.last { $0.type.isStateExited && $0.details.stateName == name }
        lines.append(StyledLine(text: "input:", style: CellStyle(foreground: .cyan)))
        lines += jsonLines(entered?.details.input, width: width)
        lines.append(StyledLine(text: "output:", style: CellStyle(foreground: .cyan)))
        lines += jsonLines(exited?.details.output, width: width)
        // What the state's Assign (or its catcher's, or the taken Choice rule's) set.
        if let assigned = exited?.details.assignedVariables, !assigned.isEmpty {
            lines.append(StyledLine(text: "assigned variables:", style: CellStyle(foreground: .cyan)))
            lines += jsonLines(.object(assigned), width: width)
        }
    }
    lines.append(StyledLine(text: ""))
    lines.append(StyledLine(text: "History (\(summary.events.count) events)", style: CellStyle(bold: true, underline: true)))
    for event in summary.events {
        let offset = String(format: "+%.3fs", event.timestamp - summary.startDate)
        var text = offset.fitted(9) + event.type.rawValue.fitted(24) + " " + (event.details.stateName ?? "")
        var style = CellStyle.plain
        if event.details.error != nil {
            text += "  " + HistoryNarration.describe(event.details)
            style.foreground = .red
        } else if event.details.stateName != nil, event.details.stateName == state.selectedState {
            style.bold = true
        }
        lines.append(StyledLine(text: text, style: style))
    }
    return lines
}

/// Pretty JSON, long lines wrapped; `(none yet)` when the value is missing.
private func jsonLines(_ value: JSONValue?, width: Int) -> [StyledLine] {
    guard let value else { return [StyledLine(text: "  (none yet)", style: CellStyle(dim: true))] }
    return value.serialized(pretty: true).split(separator: "\n").flatMap { wrapped("  " + $0, width: width) }.map { StyledLine(text: $0) }
}
