/// The live graph of the selected execution: the overlay of its history on the definition's
/// layout, the selected state in reverse video, the legend underneath.
func drawGraphPane(_ state: DashboardState, _ geometry: PaneGeometry, _ cache: ViewCache, _ canvas: inout Canvas) {
    let rect = geometry.graph
    let summary = state.selectedExecution
    var title = summary.map { "Graph: \($0.shortLabel) \($0.machineName)" + $0.labels.dropFirst().map { " \($0.key) \($0.value)" }.joined() } ?? "Graph"
    if let focus = state.iterationFocus, focus.arn == summary?.arn { title += " · \(focus.title) (Esc: all)" }
    canvas.box(rect, title: title, focused: state.focus == .graph)
    let inner = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    guard let made = GraphPaneView.make(state, geometry: geometry, cache: cache) else {
        let text: String
        switch summary?.definitionKey {
        case _ where summary == nil: text = "Select an execution to watch its state machine."
        case nil: text = "Reading the definition of \(summary!.machineName) this execution ran…"
        default: text = "No definition for \(summary!.machineName)."
        }
        for (i, line) in wrapped(text, width: inner.width - 2).enumerated() {
            canvas.write(line, x: inner.x + 1, y: inner.y + i, style: CellStyle(dim: true))
        }
        return
    }
    switch made {
    case .failure:
        // Too narrow for boxes and arrows: the states as a list, each with its status.
        guard let summary, let definition = state.definition(of: summary) else { return }
        let overlay = ExecutionOverlay(events: summary.events, definition: definition)
        let names = statesInReadingOrder(definition)
        canvas.write("(widen for the graph)".clipped(inner.width), x: inner.x, y: inner.maxY - 1, style: CellStyle(dim: true))
        let rows = max(0, inner.height - 1)
        let focusIndex = (state.selectedState ?? overlay.activeStates.first).flatMap(names.firstIndex(of:)) ?? 0
        let first = clamp(focusIndex - rows / 2, 0, max(0, names.count - rows))
        for (i, name) in names.dropFirst(first).prefix(rows).enumerated() {
            let status = overlay.status(of: name)
            let attempts = overlay.attempts(of: name)
            var style = status.style
            style.reverse = name == state.selectedState
            let text = "\(status.glyph) \(name)" + (attempts > 1 ? " ×\(attempts)" : "")
            canvas.writeFitted(text, x: inner.x, y: inner.y + i, width: inner.width, style: style)
        }
    case .success(let view):
        let drawing = renderGraph(view.layout, overlay: view.overlay, viewport: (view.viewport.width, view.viewport.height), focus: view.focus)
        canvas.blit(drawing, x: view.viewport.x, y: view.viewport.y)
        if let selected = view.focus, let box = view.layout.box(named: selected) {
            let left = box.x - view.offset.x + view.viewport.x, top = box.y - view.offset.y + view.viewport.y
            let height = view.layout.boxHeight == 1 || box.height <= 3 ? box.height : 1
            for y in top..<(top + height) where y >= view.viewport.y && y < view.viewport.maxY {
                for x in left..<(left + box.width) where x >= view.viewport.x && x < view.viewport.maxX {
                    var cell = canvas[x, y]
                    cell.style.reverse = true
                    canvas[x, y] = cell
                }
            }
        }
        let legendRows = GraphPaneView.legendRows(geometry)
        if legendRows > 0 {
            let legend = renderGraphLegend(width: inner.width)
            var clipped = Canvas(width: inner.width, height: legendRows)
            clipped.blit(legend, x: 0, y: 0)
            canvas.blit(clipped, x: inner.x, y: inner.maxY - legendRows)
        }
    }
}
