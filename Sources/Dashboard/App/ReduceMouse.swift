/// A click selects what it lands on: an order row, a state of the graph, a compare row; the
/// wheel scrolls. Any click closes the help overlay; the form ignores the mouse.
func reduceMouse(_ state: inout DashboardState, _ mouse: MouseEvent, cache: ViewCache) {
    if state.showHelp {
        if mouse.kind == .click { state.showHelp = false }
        return
    }
    guard state.form == nil else { return }
    let geometry = PaneGeometry(width: state.width, height: state.height)
    guard geometry.isUsable else { return }
    let point = GridPoint(x: mouse.x, y: mouse.y)
    switch state.mode {
    case .timeline, .events:
        reduceViewMouse(&state, mouse, cache: cache)
    case .queues:
        if mouse.kind == .scrollUp { state.queueScroll = max(0, state.queueScroll - 3) }
        if mouse.kind == .scrollDown { state.queueScroll += 3 }
    case .compare(let group):
        guard mouse.kind == .click else { return }
        let row = mouse.y - CompareLayout.firstRowY
        if row >= 0, row < state.compareMembers(group).count { state.compareRow = row }
    case .main:
        guard let pane = Pane.allCases.first(where: { geometry.rect(of: $0).contains(point) }) else { return }
        switch mouse.kind {
        case .scrollUp, .scrollDown:
            if pane == .detail { state.detailScroll = max(0, state.detailScroll + (mouse.kind == .scrollUp ? -3 : 3)) }
        case .click:
            state.focus = pane
            if pane == .orders {
                let index = mouse.y - (geometry.orders.y + 2) + geometry.ordersScroll(selected: state.selectedRow.flatMap(state.orderRowIndex(of:)))
                if mouse.y >= geometry.orders.y + 2, let row = state.orderRow(at: index) {
                    state.selectedRow = row
                    state.selectedState = nil
                    state.detailScroll = 0
                }
            } else if pane == .graph, case .success(let view)? = GraphPaneView.make(state, geometry: geometry, cache: cache),
                      let name = view.state(atScreen: mouse.x, mouse.y) {
                state.selectedState = name
                state.detailScroll = 0
            }
        }
    }
}
