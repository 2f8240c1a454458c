import ASL
import Foundation
import History

/// What the events view remembers between frames.
public struct EventsViewState: Sendable, Equatable {
    /// The selected event, by id.
    public var selectedId: Int?
    /// Events shown are those whose type, state or summary contains this (case-insensitive).
    public var filter = ""
    public var isEditingFilter = false
    /// Events whose details are open under their row, by id.
    public var expanded: Set<Int> = []
    /// Whether open details show every level of their JSON (else levels below the third are folded).
    public var unfoldAll = false
    public init() {}
}

/// Where the events table sits (reduce maps clicks with it).
enum EventsLayout {
    static let headerY = 2
    static let firstRowY = 4
    static func visibleRows(_ height: Int) -> Int { max(0, height - firstRowY - 2) }
}

/// One line of the events table, or of an open event's details.
struct EventsLine {
    var text: String
    var style: CellStyle
    /// The event the line belongs to.
    var eventId: Int
    var isEventRow: Bool
}

/// The events of `summary` that pass the filter.
func filteredEvents(_ events: [HistoryEvent], filter: String) -> [HistoryEvent] {
    let needle = filter.lowercased()
    guard !needle.isEmpty else { return events }
    return events.filter { event in
        event.type.rawValue.lowercased().contains(needle)
            || (event.details.stateName?.lowercased().contains(needle) ?? false)
            || eventSummary(event).lowercased().contains(needle)
    }
}

/// The table's lines: a row per event (id, time since the start, type, state, summary), an open
/// event's details as pretty JSON under it.
func eventsLines(_ state: DashboardState, _ summary: ExecutionSummary, width: Int) -> [EventsLine] {
    let attributed = HistoryEvent.attributingStates(summary.events)
    var lines: [EventsLine] = []
    let stateWidth = clamp(width / 5, 10, 28)
    for event in filteredEvents(attributed, filter: state.eventsView.filter) {
        let offset = formatOffset(event.timestamp - summary.startDate)
        let text = String(event.id).leftPadded(5) + " " + offset.fitted(9) + event.type.rawValue.fitted(25)
            + (event.details.stateName ?? "").fitted(stateWidth) + " " + eventSummary(event)
        var style = CellStyle.plain
        if event.details.error != nil || event.type == .executionFailed { style.foreground = .red }
        if event.type.isTerminal { style.bold = true }
        lines.append(EventsLine(text: text, style: style, eventId: event.id, isEventRow: true))
        if state.eventsView.expanded.contains(event.id) {
            let json = folded(readableDetails(event.json), depth: state.eventsView.unfoldAll ? Int.max : 3)
            for line in wrapped(json.serialized(pretty: true), width: max(1, width - 8)) {
                lines.append(EventsLine(text: "      │ " + line, style: CellStyle(foreground: .cyan), eventId: event.id, isEventRow: false))
            }
        }
    }
    return lines
}

/// Draws the events table of one execution, scrolled to keep the selected event in view.
func drawEventsView(_ state: DashboardState, arn: String, _ canvas: inout Canvas) {
    guard let summary = state.execution(arn) else {
        canvas.write(" The execution is gone.", x: 0, y: 2, style: CellStyle(dim: true))
        return
    }
    let width = canvas.width
    let view = state.eventsView
    let shownCount = filteredEvents(summary.events, filter: view.filter).count
    var title = " Events: \(summary.label) \(summary.machineName) · \(summary.status.label) · \(shownCount) of \(summary.events.count) events"
    if !view.filter.isEmpty || view.isEditingFilter { title += " · /\(view.filter)" + (view.isEditingFilter ? "▏" : "") }
    canvas.write(title.clipped(width), x: 0, y: 1, style: CellStyle(bold: true))
    let stateWidth = clamp(width / 5, 10, 28)
    let header = "   id " + "time".fitted(9) + "type".fitted(25) + "state".fitted(stateWidth) + " summary"
    canvas.write(header.clipped(width), x: 0, y: EventsLayout.headerY, style: CellStyle(bold: true))
    canvas.write(String(repeating: "─", count: width), x: 0, y: EventsLayout.headerY + 1, style: CellStyle(dim: true))
    let lines = eventsLines(state, summary, width: width)
    let room = EventsLayout.visibleRows(canvas.height)
    let selected = lines.firstIndex { $0.isEventRow && $0.eventId == view.selectedId } ?? 0
    // Keep the selected row in view, with as much of its open details as fits under it.
    let detailCount = lines.dropFirst(selected + 1).prefix { !$0.isEventRow }.count
    let first = clamp(selected + min(detailCount, room - 1) - room + 1, 0, max(0, min(selected, lines.count - room)))
    for (offset, line) in lines.dropFirst(first).prefix(room).enumerated() {
        var style = line.style
        if line.isEventRow && first + offset == selected { style.reverse = true; style.bold = true }
        canvas.write(line.text.fitted(width), x: 0, y: EventsLayout.firstRowY + offset, style: style)
    }
    if lines.isEmpty {
        canvas.write(" No event matches /\(view.filter).", x: 0, y: EventsLayout.firstRowY, style: CellStyle(dim: true))
    }
}

/// One line about an event: its error, its data, or what it did.
func eventSummary(_ event: HistoryEvent) -> String {
    let details = event.details
    if details.error != nil || details.cause != nil { return HistoryNarration.describe(details) }
    if let index = details.index, event.type.rawValue.hasPrefix("MapIteration") { return "iteration \(index)" }
    if let length = details.length, event.type == .mapStateStarted { return "\(length) items" }
    if let resource = details.resource, event.type.schedulesTask { return "\(details.resourceType.map { $0 + ":" } ?? "")\(resource)" }
    if let output = details.output { return "output " + output.serialized() }
    if let input = details.input { return "input " + input.serialized() }
    if let assigned = details.assignedVariables, !assigned.isEmpty { return "assigned " + JSONValue.object(assigned).serialized() }
    return ""
}

/// An event's AWS JSON with its JSON-in-a-string members (input, output, parameters…) parsed,
/// so that the details read as data, not as escaped text.
func readableDetails(_ json: JSONValue) -> JSONValue {
    switch json {
    case .object(let members):
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            if case .string(let text) = value, let first = text.first, first == "{" || first == "[", let parsed = try? JSONValue(parsing: text) {
                result[key] = parsed
            } else {
                result[key] = readableDetails(value)
            }
        }
        return .object(result)
    case .array(let items):
        return .array(items.map(readableDetails))
    default:
        return json
    }
}

/// Objects and arrays deeper than `depth` levels become a one-word summary.
func folded(_ json: JSONValue, depth: Int) -> JSONValue {
    switch json {
    case .object(let members):
        guard depth > 0 else { return .string("{… \(members.count) keys}") }
        return .object(members.mapValues { folded($0, depth: depth - 1) })
    case .array(let items):
        guard depth > 0 else { return .string("[… \(items.count) items]") }
        return .array(items.map { folded($0, depth: depth - 1) })
    default:
        return json
    }
}

extension String {
    /// Padded with spaces on the left to `width` characters.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
