import History

/// `t` and `e`: the timeline or the events of the execution in focus, full screen; Esc
/// comes back to where they were opened from.
func openExecutionView(_ state: inout DashboardState, timeline: Bool) {
    guard let arn = state.focusedExecutionArn else {
        state.message = "select an execution first"
        return
    }
    switch state.mode {
    case .timeline, .events, .stateDetails: break
    default: state.returnMode = state.mode
    }
    if timeline {
        if state.mode != .timeline(arn: arn) { state.timeline = TimelineViewState() }
        state.mode = .timeline(arn: arn)
    } else {
        if state.mode != .events(arn: arn) { state.eventsView = EventsViewState() }
        state.mode = .events(arn: arn)
    }
}

/// Keys of the timeline view; false for a key it leaves to the rest of the dashboard.
func reduceTimelineKey(_ state: inout DashboardState, arn: String, _ key: Key, cache: ViewCache) -> Bool {
    guard let summary = state.asOfReplay.execution(arn) else { return false }
    let timeline = cache.timeline(arn: arn, events: summary.events, definition: state.definition(of: summary))
    let visible = timelineRows(state, timeline)
    let current = state.timeline.selectedKey.flatMap { key in visible.firstIndex { timeline.rows[$0].key == key } } ?? 0
    func select(_ index: Int) {
        guard !visible.isEmpty else { return }
        state.timeline.selectedKey = timeline.rows[visible[clamp(index, 0, visible.count - 1)]].key
    }
    func scroll(_ direction: Double) {
        let zoom = Double(state.timeline.zoom)
        state.timeline.offset = min(max(0, state.timeline.offset + direction / zoom / 4), 1 - 1 / zoom)
    }
    if let target = listTarget(key, current: current, count: visible.count) {
        select(target)
        return true
    }
    switch key {
    case .left where state.replay == nil: scroll(-1)
    case .right where state.replay == nil: scroll(1)
    case .character("h"): scroll(-1)
    case .character("l"): scroll(1)
    case .character("+"), .character("="):
        state.timeline.zoom = min(state.timeline.zoom * 2, 1024)
        scroll(0)
    case .character("-"), .character("_"):
        state.timeline.zoom = max(state.timeline.zoom / 2, 1)
        scroll(0)
    case .character("f"):
        state.timeline.failedFirst.toggle()
        state.message = state.timeline.failedFirst ? "failed iterations first" : "iterations in order"
    case .enter, .character(" "):
        guard visible.indices.contains(current) else { return true }
        let row = timeline.rows[visible[current]]
        if key == .enter, row.isIterationOrBranch {
            // An iteration or a branch: its run alone on the graph (Space folds it).
            openIteration(&state, arn: arn, row: row)
        } else if row.children.isEmpty {
            guard case .state = row.kind else { return true }
            state.returnMode = .timeline(arn: arn)
            state.mode = .stateDetails(arn: arn)
            state.selectedRow = .execution(arn)
            state.selectedState = row.stateName
            state.detailRunKey = row.key
            state.detailScroll = 0
        } else if state.timeline.unfolded.remove(row.key) == nil {
            state.timeline.unfolded.insert(row.key)
        }
        if state.timeline.selectedKey == nil { state.timeline.selectedKey = row.key }
    default:
        return false
    }
    return true
}

/// Keys of the events view; false for a key it leaves to the rest of the dashboard.
func reduceEventsKey(_ state: inout DashboardState, arn: String, _ key: Key, cache: ViewCache) -> Bool {
    if state.eventsView.isEditingFilter {
        switch key {
        case .enter: state.eventsView.isEditingFilter = false
        case .escape: state.eventsView.isEditingFilter = false; state.eventsView.filter = ""
        case .backspace: state.eventsView.filter = String(state.eventsView.filter.dropLast())
        case .character(let c): state.eventsView.filter.append(c)
        default: break
        }
        return true
    }
    guard let summary = state.asOfReplay.execution(arn) else { return false }
    let list = cache.eventList(arn: arn, events: summary.events, filter: state.eventsView.filter)
    let shown = list.shown
    let current = state.eventsView.selectedId.flatMap { id in shown.firstIndex { list.attributed[$0].id == id } } ?? 0
    func select(_ index: Int) {
        guard !shown.isEmpty else { return }
        state.eventsView.selectedId = list.attributed[shown[clamp(index, 0, shown.count - 1)]].id
    }
    if let target = listTarget(key, current: current, count: shown.count) {
        select(target)
        return true
    }
    switch key {
    case .character("/"): state.eventsView.isEditingFilter = true
    case .character("f"): state.eventsView.unfoldAll.toggle()
    case .enter:
        guard shown.indices.contains(current) else { return true }
        let id = list.attributed[shown[current]].id
        state.eventsView.selectedId = id
        if state.eventsView.expanded.remove(id) == nil { state.eventsView.expanded.insert(id) }
    default:
        return false
    }
    return true
}

/// Clicks and the wheel in the timeline and events views.
func reduceViewMouse(_ state: inout DashboardState, _ mouse: MouseEvent, cache: ViewCache) {
    switch state.mode {
    case .timeline(let arn):
        switch mouse.kind {
        case .scrollUp: _ = reduceTimelineKey(&state, arn: arn, .up, cache: cache)
        case .scrollDown: _ = reduceTimelineKey(&state, arn: arn, .down, cache: cache)
        case .click:
            guard let summary = state.asOfReplay.execution(arn) else { return }
            let timeline = cache.timeline(arn: arn, events: summary.events, definition: state.definition(of: summary))
            let visible = timelineRows(state, timeline)
            let room = TimelineLayout.visibleRows(state.height)
            let selected = state.timeline.selectedKey.flatMap { key in visible.firstIndex { timeline.rows[$0].key == key } } ?? 0
            let first = TimelineLayout.firstShownRow(selected: selected, count: visible.count, room: room)
            let index = first + mouse.y - TimelineLayout.firstRowY
            guard mouse.y >= TimelineLayout.firstRowY, visible.indices.contains(index) else { return }
            let key = timeline.rows[visible[index]].key
            // A click on the fold marker folds; elsewhere it selects.
            if state.timeline.selectedKey == key || mouse.x < 2 * (timeline.rows[visible[index]].depth + 1) {
                state.timeline.selectedKey = key
                _ = reduceTimelineKey(&state, arn: arn, .enter, cache: cache)
            } else {
                state.timeline.selectedKey = key
            }
        }
    case .events(let arn):
        switch mouse.kind {
        case .scrollUp: _ = reduceEventsKey(&state, arn: arn, .up, cache: cache)
        case .scrollDown: _ = reduceEventsKey(&state, arn: arn, .down, cache: cache)
        case .click:
            guard let summary = state.asOfReplay.execution(arn) else { return }
            let window = EventsWindow(state.asOfReplay, summary, cache: cache, width: state.width, room: EventsLayout.visibleRows(state.height))
            let lines = window.lines
            let index = mouse.y - EventsLayout.firstRowY
            guard mouse.y >= EventsLayout.firstRowY, lines.indices.contains(index) else { return }
            let id = lines[index].eventId
            if state.eventsView.selectedId == id, lines[index].isEventRow {
                _ = reduceEventsKey(&state, arn: arn, .enter, cache: cache)
            } else {
                state.eventsView.selectedId = id
            }
        }
    default:
        break
    }
}

/// Where ↑↓ (j k), PgUp PgDn, Home and End move a list's selection from `current`; nil for any
/// other key. (During a replay Home and End move its cursor and never get here.)
private func listTarget(_ key: Key, current: Int, count: Int) -> Int? {
    switch key {
    case .up, .character("k"): return current - 1
    case .down, .character("j"): return current + 1
    case .pageUp: return current - 10
    case .pageDown: return current + 10
    case .home: return 0
    case .end: return count - 1
    default: return nil
    }
}
