import History

/// One Map iteration (or Parallel branch) opened on the graph: the graph and the detail pane
/// show its run alone, with what happened around its Map, not the other iterations.
public struct IterationFocus: Sendable, Equatable {
    public var arn: String
    /// The iteration's (or branch's) row on the execution's timeline.
    public var rowKey: String
    /// `iteration 3 of Toppings`.
    public var title: String
}

extension DashboardState {
    /// The dashboard with the focused iteration's execution cut to that iteration's events
    /// (in the main view; the timeline and events views always show the whole history).
    func focusingIteration(cache: ViewCache) -> DashboardState {
        guard let focus = iterationFocus, mode == .main, let position = position(of: focus.arn) else { return self }
        let summary = executions[position]
        let timeline = cache.timeline(arn: summary.arn, events: summary.events, definition: definition(of: summary))
        guard let row = timeline.rows.firstIndex(where: { $0.key == focus.rowKey }) else { return self }
        var focused = self
        focused.executions[position].events = timeline.events(summary.events, focusedOn: row)
        return focused
    }
}

/// Enter on an iteration or branch row of the timeline: the graph shows that run alone.
func openIteration(_ state: inout DashboardState, arn: String, row: TimelineRow) {
    state.iterationFocus = IterationFocus(arn: arn, rowKey: row.key, title: "\(row.title) of \(row.stateName)")
    state.returnMode = .timeline(arn: arn)
    state.mode = .main
    state.selectedRow = .execution(arn)
    state.selectedState = nil
    state.focus = .graph
}
