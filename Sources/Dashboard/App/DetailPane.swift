import ASL
import History
import Foundation

/// The selected execution's status, the selected state's input, output and assigned variables
/// as formatted JSON, and its event history; scrolled by `detailScroll`.
func drawDetailPane(_ state: DashboardState, _ geometry: PaneGeometry, cache: ViewCache, _ canvas: inout Canvas) {
    let rect = geometry.detail
    let summary = state.selectedExecution
    canvas.box(rect, title: "Detail" + (summary.map { ": \($0.shortLabel)" + (state.selectedState.map { " · \($0)" } ?? "") } ?? ""),
               focused: state.focus == .detail)
    let width = rect.width - 4
    guard let summary, width > 0 else { return }
    let lines = detailLines(state, summary, width: width, cache: cache)
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

func detailLines(_ state: DashboardState, _ summary: ExecutionSummary, width: Int, cache: ViewCache) -> [StyledLine] {
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
        lines += stateDetailLines(state, summary, name: name, width: width, cache: cache)
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

