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

/// Positions in `events` of those whose type, state or summary contains `filter` (case-insensitive).
func filteredPositions(_ events: [HistoryEvent], filter: String) -> [Int] {
    let needle = filter.lowercased()
    guard !needle.isEmpty else { return Array(events.indices) }
    return events.indices.filter { index in
        let event = events[index]
        return event.type.rawValue.lowercased().contains(needle)
            || (event.details.stateName?.lowercased().contains(needle) ?? false)
            || eventSummary(event).lowercased().contains(needle)
    }
}

/// What the events view shows of one execution: the lines around the selected event (a row
/// per event, an open event's details under it) and where the selection is among them. Only
/// the lines that fit are built, so a history of 25,000 events draws as fast as one of 25.
struct EventsWindow {
    var lines: [EventsLine] = []
    /// Index in `lines` of the selected event's row.
    var selectedLine = 0
    /// Which of the shown events is selected (in filter order), and how many are shown.
    var selected = 0
    var shownCount = 0

    init(_ state: DashboardState, _ summary: ExecutionSummary, cache: ViewCache, width: Int, room: Int) {
        let list = cache.eventList(arn: summary.arn, events: summary.events, filter: state.eventsView.filter)
        shownCount = list.shown.count
        guard shownCount > 0, room > 0 else { return }
        let selectedId = state.eventsView.selectedId
        selected = selectedId.flatMap { id in list.shown.firstIndex { list.attributed[$0].id == id } } ?? 0
        // The selected row with as much of its details as fits, below as many earlier rows as
        // leave room for them (so moving down scrolls only when the selection would leave the screen).
        let own = eventsLines(list.attributed[list.shown[selected]], state, summary, width: width)
        var before: [EventsLine] = []
        var index = selected - 1
        let roomBefore = max(0, room - min(own.count, room))
        while index >= 0, before.count < roomBefore {
            before.insert(contentsOf: eventsLines(list.attributed[list.shown[index]], state, summary, width: width), at: 0)
            index -= 1
        }
        before = Array(before.suffix(roomBefore))
        // Then later rows in the room left (at the top of the list the selection stays high).
        var after: [EventsLine] = []
        index = selected + 1
        while index < list.shown.count, before.count + own.count + after.count < room {
            after += eventsLines(list.attributed[list.shown[index]], state, summary, width: width)
            index += 1
        }
        lines = Array((before + own + after).prefix(room))
        selectedLine = before.count
    }
}

/// One event's lines: its row (id, time since the start, type, state, summary) and, when it is
/// open, its details as pretty JSON.
func eventsLines(_ event: HistoryEvent, _ state: DashboardState, _ summary: ExecutionSummary, width: Int) -> [EventsLine] {
    let stateWidth = clamp(width / 5, 10, 28)
    let offset = formatOffset(event.timestamp - summary.startDate)
    let text = String(event.id).leftPadded(5) + " " + offset.fitted(9) + event.type.rawValue.fitted(25)
        + (event.details.stateName ?? "").fitted(stateWidth) + " " + eventSummary(event)
    var style = CellStyle.plain
    if event.details.error != nil || event.type == .executionFailed { style.foreground = .red }
    if event.type.isTerminal { style.bold = true }
    var lines = [EventsLine(text: text, style: style, eventId: event.id, isEventRow: true)]
    if state.eventsView.expanded.contains(event.id) {
        let json = folded(readableDetails(event.json), depth: state.eventsView.unfoldAll ? Int.max : 3)
        for line in wrapped(json.serialized(pretty: true), width: max(1, width - 8)) {
            lines.append(EventsLine(text: "      │ " + line, style: CellStyle(foreground: .cyan), eventId: event.id, isEventRow: false))
        }
    }
    return lines
}

/// Draws the events table of one execution, scrolled to keep the selected event in view.
func drawEventsView(_ state: DashboardState, arn: String, cache: ViewCache, _ canvas: inout Canvas) {
    guard let summary = state.execution(arn) else {
        canvas.write(" The execution is gone.", x: 0, y: 2, style: CellStyle(dim: true))
        return
    }
    let width = canvas.width
    let view = state.eventsView
    let window = EventsWindow(state, summary, cache: cache, width: width, room: EventsLayout.visibleRows(canvas.height))
    var title = " Events: \(summary.shortLabel) \(summary.machineName) · \(summary.status.label) · \(window.shownCount) of \(summary.events.count) events"
    if !view.filter.isEmpty || view.isEditingFilter { title += " · /\(view.filter)" + (view.isEditingFilter ? "▏" : "") }
    canvas.write(title.clipped(width), x: 0, y: 1, style: CellStyle(bold: true))
    let stateWidth = clamp(width / 5, 10, 28)
    let header = "   id " + "time".fitted(9) + "type".fitted(25) + "state".fitted(stateWidth) + " summary"
    canvas.write(header.clipped(width), x: 0, y: EventsLayout.headerY, style: CellStyle(bold: true))
    canvas.write(String(repeating: "─", count: width), x: 0, y: EventsLayout.headerY + 1, style: CellStyle(dim: true))
    for (offset, line) in window.lines.enumerated() {
        var style = line.style
        if offset == window.selectedLine { style.reverse = true; style.bold = true }
        canvas.write(line.text.fitted(width), x: 0, y: EventsLayout.firstRowY + offset, style: style)
    }
    if window.shownCount == 0 {
        canvas.write(" No event matches /\(view.filter).", x: 0, y: EventsLayout.firstRowY, style: CellStyle(dim: true))
    } else if window.shownCount > 1 {
        canvas.write("\(window.selected + 1)/\(window.shownCount)", x: 0, y: canvas.height - 2, style: CellStyle(dim: true))
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

/// Objects and arrays (not empty) deeper than `depth` levels become a one-word summary.
func folded(_ json: JSONValue, depth: Int) -> JSONValue {
    switch json {
    case .object(let members):
        guard depth > 0 || members.isEmpty else { return .string("{… \(members.count) keys}") }
        return .object(members.mapValues { folded($0, depth: depth - 1) })
    case .array(let items):
        guard depth > 0 || items.isEmpty else { return .string("[… \(items.count) items]") }
        return .array(items.map { folded($0, depth: depth - 1) })
    default:
        return json
    }
}

extension String {
    /// Padded with spaces on the left to `width` characters.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
