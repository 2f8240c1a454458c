import ASL
import Foundation
import History

/// One run of a state as the detail pane shows it: found on the execution's timeline, with
/// the events that belong to it.
struct StateRun {
    let row: TimelineRow
    /// Which run of the state this is (1-based), and how many there were.
    let number: Int
    let count: Int
    let events: [HistoryEvent]

    /// The selected run of `name` (`key` from the timeline), else its latest.
    init?(_ name: String, key: String?, summary: ExecutionSummary, timeline: Timeline, cache: ViewCache) {
        let runs = timeline.rows.indices.filter { timeline.rows[$0].title == name && !timeline.rows[$0].isIterationOrBranch }
        guard let chosen = runs.first(where: { timeline.rows[$0].key == key }) ?? runs.last else { return nil }
        row = timeline.rows[chosen]
        number = (runs.firstIndex(of: chosen) ?? 0) + 1
        count = runs.count
        let attributed = cache.eventList(arn: summary.arn, events: summary.events, filter: "").attributed
        var mine: [HistoryEvent] = []
        var index = row.firstEvent
        while index < attributed.count {
            let event = attributed[index]
            let sameThread = index < timeline.eventFrames.count && timeline.eventFrames[index] == row.parent
            if event.details.stateName == name && sameThread {
                if index > row.firstEvent && event.type.isStateEntered { break }
                mine.append(event)
                if event.type.isStateExited { break }
            } else if event.type.isTerminal {
                mine.append(event)
                break
            }
            index += 1
        }
        events = mine
    }
}

/// The detail pane's part about the selected state: which run, its input, its processing
/// steps (when the service has inspected the run), output, error and cause, its attempts with
/// the backoff between them, the variables it assigned, and its definition.
func stateDetailLines(_ state: DashboardState, _ summary: ExecutionSummary, name: String, width: Int, cache: ViewCache) -> [StyledLine] {
    let definition = state.definition(of: summary)
    let timeline = cache.timeline(arn: summary.arn, events: summary.events, definition: definition)
    var lines: [StyledLine] = []
    func heading(_ text: String) { lines.append(StyledLine(text: text, style: CellStyle(foreground: .cyan))) }
    guard let run = StateRun(name, key: state.detailRunKey, summary: summary, timeline: timeline, cache: cache) else {
        lines.append(StyledLine(text: "State \(name)", style: CellStyle(bold: true, underline: true)))
        lines.append(StyledLine(text: "  not run yet", style: CellStyle(dim: true)))
        lines += definitionLines(definition, name, width: width)
        return lines
    }
    let end = run.row.end ?? timeline.end(now: state.now)
    var title = "State \(name)"
    if case .state(let type) = run.row.kind { title += " · \(type)" }
    if run.count > 1 { title += " · run \(run.number) of \(run.count)" }
    title += " · \(run.row.status.label) · took \(formatDuration(end - run.row.start))"
    lines.append(StyledLine(text: title, style: CellStyle(foreground: run.row.status.color, bold: true, underline: true)))
    let entered = run.events.first { $0.type.isStateEntered }
    let exited = run.events.last { $0.type.isStateExited }
    lines += labelledJSON("input", entered?.details.input, width: width)
    if let inspection = state.inspections[inspectionKey(summary.arn, run.row.key)] {
        lines += inspectionLines(inspection, width: width)
    }
    lines += labelledJSON("output", exited?.details.output, width: width)
    if let failure = run.events.last(where: { $0.details.error != nil || $0.details.cause != nil }) {
        heading("error:")
        lines += wrapped(HistoryNarration.describe(failure.details), width: width - 2).map { StyledLine(text: "  " + $0, style: CellStyle(foreground: .red)) }
    }
    if run.row.attempts.count > 1 || run.row.attempts.contains(where: \.failed) {
        heading("attempts:")
        for (index, attempt) in run.row.attempts.enumerated() {
            if index > 0, let previous = run.row.attempts[index - 1].end {
                lines.append(StyledLine(text: "    backoff \(formatDuration(attempt.start - previous))", style: CellStyle(dim: true)))
            }
            let span = "\(formatOffset(attempt.start - timeline.start)) → " + (attempt.end.map { formatOffset($0 - timeline.start) } ?? "…")
            let outcome = attempt.end == nil ? "running" : attempt.failed ? "✗ failed" : "✓ ok"
            lines.append(StyledLine(text: "  \(index + 1). \(span)  \(outcome)", style: CellStyle(foreground: attempt.failed ? .red : .default)))
        }
    }
    if let assigned = exited?.details.assignedVariables, !assigned.isEmpty {
        lines += labelledJSON("assigned variables", .object(assigned), width: width)
    }
    lines += definitionLines(definition, name, width: width)
    return lines
}

/// The processing steps AWS's console shows in its advanced view, each with its value.
private func inspectionLines(_ inspection: StateInspection, width: Int) -> [StyledLine] {
    var lines: [StyledLine] = []
    for step in inspection.steps { lines += labelledJSON(stepTitle(step.step), step.value, width: width) }
    return lines
}

/// `title: {"compact": "json"}` on one line when it fits, else the title over pretty JSON.
private func labelledJSON(_ title: String, _ value: JSONValue?, width: Int) -> [StyledLine] {
    let heading = StyledLine(text: title + ":", style: CellStyle(foreground: .cyan))
    if let compact = value?.serialized(), title.count + 2 + compact.count <= width {
        return [StyledLine(text: title + ": " + compact, style: CellStyle(foreground: .cyan))]
    }
    return [heading] + jsonLines(value, width: width)
}

/// A processing step as the console's advanced view names it.
private func stepTitle(_ step: StateInspection.Step) -> String {
    switch step {
    case .afterInputPath: return "after InputPath"
    case .afterParameters: return "after Parameters"
    case .afterArguments: return "after Arguments"
    case .afterItemsPath: return "after ItemsPath"
    case .afterItemsPointer: return "after ItemsPointer"
    case .afterItemSelector: return "after ItemSelector"
    case .afterItemBatcher: return "after ItemBatcher"
    case .result: return "the task's result"
    case .afterResultSelector: return "after ResultSelector"
    case .afterResultPath: return "after ResultPath"
    }
}

/// The state's JSON as the definition wrote it.
private func definitionLines(_ definition: StateMachineDefinition?, _ name: String, width: Int) -> [StyledLine] {
    guard let source = definition.flatMap({ findState(name, in: $0) })?.source else { return [] }
    return [StyledLine(text: "definition:", style: CellStyle(foreground: .cyan))] + jsonLines(source, width: width).map {
        StyledLine(text: $0.text, style: CellStyle(dim: true))
    }
}

/// The state named `name` anywhere in the definition (in branches and item processors too).
func findState(_ name: String, in machine: StateMachineDefinition) -> StateDefinition? {
    if let state = machine.states[name] { return state }
    for state in machine.states.values {
        switch state.kind {
        case .parallel(let branches):
            for branch in branches { if let found = findState(name, in: branch) { return found } }
        case .map(let map):
            if let found = findState(name, in: map.itemProcessor) { return found }
        default: break
        }
    }
    return nil
}

/// The key of an inspection: an execution and one run of a state (its timeline row).
func inspectionKey(_ arn: String, _ rowKey: String) -> String { arn + "\u{1}" + rowKey }

/// Pretty JSON (small values kept on one line), long lines wrapped; `(none yet)` when the value is missing.
func jsonLines(_ value: JSONValue?, width: Int) -> [StyledLine] {
    guard let value else { return [StyledLine(text: "  (none yet)", style: CellStyle(dim: true))] }
    return compactPrettyJSON(value, width: width, indent: 2).flatMap { wrapped($0, width: width) }.map { StyledLine(text: $0) }
}

/// The selected state's run full screen, scrolled by `detailScroll`.
func drawStateDetailsView(_ state: DashboardState, arn: String, cache: ViewCache, _ canvas: inout Canvas) {
    guard let summary = state.execution(arn), let name = state.selectedState else {
        canvas.write(" Select a state (in the graph or the timeline) to see its details.", x: 0, y: 2, style: CellStyle(dim: true))
        return
    }
    canvas.write(" State details: \(summary.shortLabel) \(summary.machineName)".clipped(canvas.width), x: 0, y: 1, style: CellStyle(bold: true))
    let width = max(1, canvas.width - 2)
    let lines = stateDetailLines(state, summary, name: name, width: width, cache: cache)
    let room = max(0, canvas.height - 4)
    let first = min(state.detailScroll, max(0, lines.count - room))
    for (offset, line) in lines.dropFirst(first).prefix(room).enumerated() {
        canvas.write(line.text.clipped(width), x: 1, y: 2 + offset, style: line.style)
    }
    if lines.count > room {
        canvas.write("\(first + 1)-\(min(lines.count, first + room))/\(lines.count)", x: 0, y: canvas.height - 2, style: CellStyle(dim: true))
    }
}
