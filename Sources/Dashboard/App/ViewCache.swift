import ASL
import History

/// Memos of the pure computations too costly for every frame: graph layouts, keyed by
/// definition (``ExecutionSummary/definitionKey``) and the room available (laying a definition out takes several passes), and
/// timelines, keyed by execution and how much of its history they cover. Each answer depends
/// only on its key, so `render` and `reduce` stay pure functions of their inputs when they use it.
public final class ViewCache: @unchecked Sendable {
    private struct Key: Hashable {
        var machine: String
        var width: Int
        var height: Int
    }

    private var entries: [Key: Result<GraphLayout, GraphLayoutError>] = [:]
    /// By execution: the timeline, and whether it was built with the definition (a remote
    /// execution's history may be read before the definition it ran).
    private var timelines: [String: (timeline: Timeline, withDefinition: Bool)] = [:]
    private var eventLists: [String: EventList] = [:]

    /// An execution's events as the events view lists them: every event attributed to its
    /// state, and the positions of those that pass the filter.
    struct EventList {
        var count: Int
        var lastTimestamp: Double
        var filter: String
        var attributed: [HistoryEvent]
        var shown: [Int]
    }

    public init() {}

    /// The timeline of the first `events.count` events of the execution `arn`: rebuilt only
    /// when the history grew (or a replay shows another prefix of it), not on every frame.
    /// The events of `arn` attributed to their states, and the positions of those matching
    /// `filter`: rebuilt when the history grows or the filter changes, not on every frame.
    func eventList(arn: String, events: [HistoryEvent], filter: String) -> EventList {
        let last = events.last?.timestamp ?? 0
        if let known = eventLists[arn], known.count == events.count, known.lastTimestamp == last {
            if known.filter == filter { return known }
            var refiltered = known
            refiltered.filter = filter
            refiltered.shown = filteredPositions(known.attributed, filter: filter)
            eventLists[arn] = refiltered
            return refiltered
        }
        let attributed = HistoryEvent.attributingStates(events)
        let list = EventList(count: events.count, lastTimestamp: last, filter: filter, attributed: attributed,
                             shown: filteredPositions(attributed, filter: filter))
        if eventLists.count > 16 { eventLists.removeAll() }
        eventLists[arn] = list
        return list
    }

    public func timeline(arn: String, events: [HistoryEvent], definition: StateMachineDefinition?) -> Timeline {
        if let known = timelines[arn], known.withDefinition == (definition != nil), known.timeline.eventCount == events.count,
           known.timeline.lastEventTime == (events.last?.timestamp ?? 0) { return known.timeline }
        let timeline = Timeline(events: events, definition: definition)
        if timelines.count > 16 { timelines.removeAll() }
        timelines[arn] = (timeline, definition != nil)
        return timeline
    }

    /// The layout of `definition` (kept under the key `machine`) for a pane of `width` x `height` cells.
    public func layout(machine: String, definition: StateMachineDefinition, width: Int, height: Int) -> Result<GraphLayout, GraphLayoutError> {
        let key = Key(machine: machine, width: width, height: height)
        if let known = entries[key] { return known }
        let result: Result<GraphLayout, GraphLayoutError>
        do {
            result = .success(try GraphLayout(definition: definition, maxWidth: width, maxHeight: height))
        } catch {
            result = .failure(error)
        }
        // Sizes change only on resize; keep the cache from growing without bound while dragging.
        if entries.count > 64 { entries.removeAll() }
        entries[key] = result
        return result
    }
}

/// The graph pane's drawing for a state: the layout, the overlay, and how far it is panned.
struct GraphPaneView {
    let layout: GraphLayout
    let overlay: ExecutionOverlay
    let focus: String?
    /// The drawing's cell shown at the viewport's top-left.
    let offset: GridPoint
    let viewport: Rect

    /// Nil when nothing is selected or the definition is unknown; the layout error otherwise.
    static func make(_ state: DashboardState, geometry: PaneGeometry, cache: ViewCache) -> Result<GraphPaneView, GraphLayoutError>? {
        guard let summary = state.selectedExecution, let definition = state.definition(of: summary) else { return nil }
        let inner = Rect(x: geometry.graph.x + 1, y: geometry.graph.y + 1, width: max(0, geometry.graph.width - 2),
                         height: max(0, geometry.graph.height - 2 - legendRows(geometry)))
        let result = cache.layout(machine: summary.definitionKey ?? summary.machineArn, definition: definition, width: inner.width, height: inner.height)
        return result.map { layout in
            let overlay = ExecutionOverlay(events: summary.events, definition: definition)
            let focus = state.selectedState
            // The same panning rule as renderGraph, so that clicks land on what is drawn.
            let target = focus.flatMap(layout.box(named:)) ?? overlay.activeStates.lazy.compactMap(layout.box(named:)).first
            func offset(_ size: Int, _ view: Int, _ low: Int?, _ length: Int?) -> Int {
                guard size > view, let low, let length else { return 0 }
                return min(max(0, low + length / 2 - view / 2), size - view)
            }
            let origin = GridPoint(x: offset(layout.width, inner.width, target?.x, target?.width),
                                   y: offset(layout.height, inner.height, target?.y, target?.height))
            return GraphPaneView(layout: layout, overlay: overlay, focus: focus, offset: origin, viewport: inner)
        }
    }

    /// Rows under the graph kept for the legend (none when the pane is short).
    static func legendRows(_ geometry: PaneGeometry) -> Int { geometry.graph.height >= 16 ? 2 : 0 }

    /// The innermost state drawn at a screen cell.
    func state(atScreen x: Int, _ y: Int) -> String? {
        let point = GridPoint(x: x - viewport.x + offset.x, y: y - viewport.y + offset.y)
        guard viewport.contains(GridPoint(x: x, y: y)) else { return nil }
        return layout.stateNames
            .compactMap { name in layout.box(named: name).map { (name, $0) } }
            .filter { $0.1.contains(point) }
            .min { $0.1.width * $0.1.height < $1.1.width * $1.1.height }?.0
    }
}
