import ASL
import Foundation
import History

/// What the timeline view remembers between frames.
public struct TimelineViewState: Sendable, Equatable {
    /// The selected row, by key (kept while the history grows).
    public var selectedKey: String?
    /// Rows whose branches, iterations or inner runs are shown (everything is folded at first).
    public var unfolded: Set<String> = []
    /// How many times the axis is magnified: 1 shows the whole execution.
    public var zoom = 1
    /// The start of the shown window, as a fraction of the execution's duration.
    public var offset = 0.0
    /// Whether a Map's failed iterations are listed before the others.
    public var failedFirst = false
    public init() {}
}

/// Where the timeline's parts sit on the screen (reduce maps clicks with it).
enum TimelineLayout {
    static let axisY = 2
    static let firstRowY = 4
    static let durationWidth = 8

    static func nameWidth(_ width: Int) -> Int { clamp(width / 3, 16, 40) }
    static func barX(_ width: Int) -> Int { nameWidth(width) + durationWidth + 1 }
    static func visibleRows(_ height: Int) -> Int { max(0, height - firstRowY - 2) }
    /// The first row shown: the selected one stays on screen, at the bottom once it has to scroll.
    static func firstShownRow(selected: Int, count: Int, room: Int) -> Int { clamp(selected - room + 1, 0, max(0, count - room)) }
}

/// The shown window of the time axis: `[from, from + span]` over `cells` columns.
struct TimeAxis {
    let from: Double
    let span: Double
    let cells: Int

    init(timeline: Timeline, now: Double, zoom: Int, offset: Double, cells: Int) {
        let total = max(timeline.end(now: now) - timeline.start, 0.001)
        span = total / Double(max(1, zoom))
        from = timeline.start + min(max(0, offset), 1 - 1 / Double(max(1, zoom))) * total
        self.cells = max(1, cells)
    }

    /// The column of a time (may lie outside the window).
    func column(_ time: Double) -> Int { Int(((time - from) / span * Double(cells)).rounded(.down)) }
}

/// The rows of the timeline as the view shows them: the visible rows of the selected
/// execution's timeline (as of the replay's cursor when one is set).
func timelineRows(_ state: DashboardState, _ timeline: Timeline) -> [Int] {
    timeline.visibleRows(unfolded: state.timeline.unfolded, failedFirst: state.timeline.failedFirst)
}

/// One execution's state runs as bars on a time axis: a Task's attempts as separate segments
/// with the backoff between them drawn in grey, Parallel branches and Map iterations folded
/// under their state, durations as numbers.
func drawTimelineView(_ state: DashboardState, arn: String, cache: ViewCache, _ canvas: inout Canvas) {
    guard let summary = state.execution(arn) else {
        canvas.write(" The execution is gone.", x: 0, y: 2, style: CellStyle(dim: true))
        return
    }
    let timeline = cache.timeline(arn: arn, events: summary.events, definition: state.definition(of: summary))
    let width = canvas.width
    let nameWidth = TimelineLayout.nameWidth(width)
    let barX = TimelineLayout.barX(width)
    let axis = TimeAxis(timeline: timeline, now: state.now, zoom: state.timeline.zoom, offset: state.timeline.offset, cells: width - barX - 1)
    let total = timeline.end(now: state.now) - timeline.start
    let title = " Timeline: \(summary.shortLabel) \(summary.machineName) · \(summary.status.label) · \(formatDuration(total))"
        + " · zoom \(state.timeline.zoom)x · \(formatOffset(axis.from - timeline.start))–\(formatOffset(axis.from + axis.span - timeline.start))"
    canvas.write(title.clipped(width), x: 0, y: 1, style: CellStyle(bold: true))
    drawAxis(axis, start: timeline.start, x: barX, y: TimelineLayout.axisY, &canvas)
    canvas.write("state".fitted(nameWidth) + " " + "took".fitted(TimelineLayout.durationWidth), x: 0, y: TimelineLayout.axisY, style: CellStyle(bold: true))
    canvas.write(String(repeating: "─", count: width), x: 0, y: TimelineLayout.axisY + 1, style: CellStyle(dim: true))
    let visible = timelineRows(state, timeline)
    let room = TimelineLayout.visibleRows(canvas.height)
    let selected = state.timeline.selectedKey.flatMap { key in visible.firstIndex { timeline.rows[$0].key == key } } ?? 0
    let first = TimelineLayout.firstShownRow(selected: selected, count: visible.count, room: room)
    for (offset, index) in visible.dropFirst(first).prefix(room).enumerated() {
        let row = timeline.rows[index]
        let y = TimelineLayout.firstRowY + offset
        let isSelected = first + offset == selected
        let fold = row.children.isEmpty ? " " : state.timeline.unfolded.contains(row.key) ? "▾" : "▸"
        var name = String(repeating: "  ", count: row.depth) + fold + " " + row.title
        if row.attempts.count > 1 { name += " ×\(row.attempts.count)" }
        canvas.write(name.fitted(nameWidth), x: 0, y: y, style: CellStyle(foreground: row.status.color, bold: isSelected, reverse: isSelected))
        let end = row.end ?? timeline.end(now: state.now)
        canvas.write(formatDuration(end - row.start).fitted(TimelineLayout.durationWidth), x: nameWidth + 1, y: y, style: CellStyle(dim: row.end == nil))
        drawBar(row, end: end, axis: axis, x: barX, y: y, &canvas)
    }
    if visible.count > room {
        canvas.write("\(first + 1)-\(min(visible.count, first + room))/\(visible.count) rows", x: 0, y: canvas.height - 2, style: CellStyle(dim: true))
    }
}

/// Tick marks with times since the start, about every 12 columns.
private func drawAxis(_ axis: TimeAxis, start: Double, x: Int, y: Int, _ canvas: inout Canvas) {
    let ticks = max(1, axis.cells / 12)
    for tick in 0...ticks {
        let column = tick * axis.cells / ticks
        guard column < axis.cells else { continue }
        let time = axis.from + axis.span * Double(column) / Double(axis.cells) - start
        let label = "┆" + formatOffset(time)
        guard x + column + label.count <= x + axis.cells + 1 else { continue }
        canvas.write(label, x: x + column, y: y, style: CellStyle(dim: true))
    }
}

/// A run's bar: the whole run as a thin line, each task attempt as a solid segment (red when it
/// failed), the backoff between attempts shaded grey; at least one cell, so instant runs show.
private func drawBar(_ row: TimelineRow, end: Double, axis: TimeAxis, x: Int, y: Int, _ canvas: inout Canvas) {
    func segment(_ from: Double, _ to: Double, _ glyph: Character, _ style: CellStyle) {
        // Outside the shown window: nothing. A run that ends where the axis ends still gets its cell.
        guard to >= axis.from, from <= axis.from + axis.span else { return }
        let left = clamp(axis.column(from), 0, axis.cells - 1)
        let right = clamp(axis.column(to) - 1, left, axis.cells - 1)
        for column in left...right { canvas[x + column, y] = Cell(glyph, style: style) }
    }
    let running = row.end == nil
    if row.attempts.isEmpty {
        segment(row.start, end, "█", CellStyle(foreground: row.status.color, bold: running))
        return
    }
    segment(row.start, end, "─", CellStyle(foreground: row.status.color, dim: true))
    for (index, attempt) in row.attempts.enumerated() {
        let attemptEnd = attempt.end ?? end
        if index > 0, let previous = row.attempts[index - 1].end {
            segment(previous, attempt.start, "░", CellStyle(foreground: .gray, dim: true))
        }
        let color: CellColor = attempt.failed ? .red : attempt.end == nil ? .cyan : .green
        segment(attempt.start, attemptEnd, "█", CellStyle(foreground: color, bold: attempt.end == nil))
    }
}

/// `0.250s`, `12.3s`, `4m05s`: a duration in at most 7 cells.
func formatDuration(_ seconds: Double) -> String {
    if seconds < 10 { return String(format: "%.3fs", max(0, seconds)) }
    return formatElapsed(seconds)
}

/// `+1.5s`: a time since the execution's start on the axis.
func formatOffset(_ seconds: Double) -> String {
    if seconds < 100 { return "+" + String(format: seconds < 10 ? "%.2fs" : "%.1fs", max(0, seconds)) }
    return "+" + formatElapsed(seconds)
}
