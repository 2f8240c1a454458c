import Engine

/// The orders list: one row per execution, newest first, an ALL run as a header row over its
/// eight executions.
func drawOrdersPane(_ state: DashboardState, _ geometry: PaneGeometry, _ canvas: inout Canvas) {
    let rect = geometry.orders
    let focused = state.focus == .orders
    canvas.box(rect, title: "Orders (\(state.executions.count))", focused: focused)
    let columns = OrderColumns(innerWidth: rect.width - 2)
    let x = rect.x + 1
    canvas.writeFitted(columns.titles, x: x, y: rect.y + 1, width: rect.width - 2, style: CellStyle(dim: true, underline: true))
    if state.orderRowCount == 0 {
        canvas.write("No orders yet: press n to order, a to run ALL.".clipped(rect.width - 4), x: x + 1, y: rect.y + 2, style: CellStyle(dim: true))
        return
    }
    let selectedIndex = state.selectedRow.flatMap(state.orderRowIndex(of:))
    let first = geometry.ordersScroll(selected: selectedIndex)
    for (offset, row) in state.orderRows(from: first, count: geometry.visibleOrderRows).enumerated() {
        let y = rect.y + 2 + offset
        let selected = row == state.selectedRow
        let highlight = CellStyle(bold: true, reverse: focused)
        switch row {
        case .group(let group):
            let members = state.groupMembers(group)
            let tally = [ExecutionStatus.running, .succeeded, .failed, .timedOut, .aborted].compactMap { status -> String? in
                let n = members.filter { $0.status == status }.count
                return n > 0 ? "\(status.glyph)\(n)" : nil
            }.joined(separator: " ")
            let text = (selected ? "▸" : " ") + "▾ ALL #\(group)  \(members.count) orders  \(tally)  (Enter: compare)"
            canvas.writeFitted(text, x: x, y: y, width: rect.width - 2, style: selected ? highlight : CellStyle(bold: true))
        case .execution(let arn):
            guard let summary = state.execution(arn) else { continue }
            let last = summary.allGroup.map { state.groupMembers($0).last?.arn == arn } ?? false
            let tree = summary.allGroup == nil ? " " : (last ? "└" : "├")
            let cells = columns.cells(summary, now: state.now, marker: (selected ? "▸" : " ") + tree)
            var cx = x
            for (text, isStatus) in cells {
                let base = selected ? highlight : CellStyle.plain
                var style = base
                if isStatus { style.foreground = summary.status.color; style.bold = true }
                canvas.write(text, x: cx, y: y, style: style)
                cx += text.count
            }
        }
    }
}

/// How wide each column of the orders list is for a pane width.
struct OrderColumns {
    let showWorkflow: Bool
    let flavour: Int
    let step: Int

    init(innerWidth: Int) {
        showWorkflow = innerWidth >= 62
        let rest = max(0, innerWidth - 32 + (showWorkflow ? 0 : 5))
        step = min(22, max(8, rest * 6 / 10))
        flavour = max(3, min(20, rest - step))
    }

    var titles: String {
        "  " + "id".fitted(5) + (showWorkflow ? "flow ".fitted(5) : "") + "flavour".fitted(flavour + 1)
            + "errorOnStep".fitted(step + 1) + "status".fitted(12) + "time"
    }

    /// The row's pieces; the flag marks the status (drawn in its colour).
    func cells(_ summary: ExecutionSummary, now: Double, marker: String) -> [(String, Bool)] {
        let step = summary.errorOnStep.map { "\($0) \(ErrorStepName.name($0))" } ?? "–"
        return [
            (marker + summary.label.fitted(5), false),
            (showWorkflow ? summary.workflow.shortName.fitted(5) : "", false),
            (summary.flavour.fitted(flavour) + " ", false),
            (step.fitted(self.step) + " ", false),
            (summary.status.label.fitted(12), true),
            (formatElapsed(summary.elapsed(now: now)).fitted(6), false),
        ]
    }
}
