import History

/// The executions list: one row per execution, newest first, a run as a header row over its
/// members.
func drawOrdersPane(_ state: DashboardState, _ geometry: PaneGeometry, _ canvas: inout Canvas) {
    let rect = geometry.orders
    let focused = state.focus == .orders
    let filtered = state.filter.isEmpty && !state.isEditingFilter ? "" : " · /\(state.filter)\(state.isEditingFilter ? "▏" : "")"
    let loaded: String
    switch state.olderExecutions {
    case .none: loaded = "\(state.executions.count)"
    case .more: loaded = "\(state.executions.count) loaded, more below"
    case .loading: loaded = "\(state.executions.count) loaded, loading more…"
    }
    canvas.box(rect, title: "Executions (\(loaded))\(filtered)", focused: focused)
    let columns = OrderColumns(innerWidth: rect.width - 2, labels: state.labelColumns)
    let x = rect.x + 1
    canvas.writeFitted(columns.titles, x: x, y: rect.y + 1, width: rect.width - 2, style: CellStyle(dim: true, underline: true))
    if state.orderRowCount == 0, !state.filter.isEmpty {
        canvas.write("Nothing matches /\(state.filter): Esc clears the filter.".clipped(rect.width - 4), x: x + 1, y: rect.y + 2, style: CellStyle(dim: true))
        return
    }
    if state.orderRowCount == 0 {
        let quick = state.quickStart.map { ", \($0.key) for \($0.footer)" } ?? ""
        canvas.write("No executions yet: press n to start one\(quick).".clipped(rect.width - 4), x: x + 1, y: rect.y + 2, style: CellStyle(dim: true))
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
            let title = members.first?.group?.title ?? "#\(group)"
            let text = (selected ? "▸" : " ") + "▾ \(title)  \(members.count) executions  \(tally)  (Enter: compare)"
            canvas.writeFitted(text, x: x, y: y, width: rect.width - 2, style: selected ? highlight : CellStyle(bold: true))
        case .execution(let arn):
            guard let summary = state.execution(arn) else { continue }
            let last = summary.group.map { state.groupMembers($0.id).last?.arn == arn } ?? false
            let tree = state.marked.contains(arn) ? "●" : summary.group == nil || !state.filter.isEmpty ? " " : (last ? "└" : "├")
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

/// How wide each column of the executions list is for a pane width: the machine's name, then
/// the label columns sharing what is left. A list without label columns (a service's
/// executions, which carry no labels) gives the room to the id column instead: the execution's
/// name, up to a UUID's 36 characters, cut in the middle when longer.
struct OrderColumns {
    let machine: Int
    let labels: [(column: LabelColumn, width: Int)]
    /// The id column's width, the space after it included.
    let id: Int

    static let narrowestId = 7
    static let widestId = 37

    init(innerWidth: Int, labels all: [LabelColumn]) {
        // The machine's name always shows (any machine may be listed); label columns that do
        // not fit even at their narrowest are left out, last first.
        machine = innerWidth >= 62 ? 14 : 10
        let fixed = 2 + Self.narrowestId + machine + 1 + 12 + 6
        id = all.isEmpty ? min(Self.widestId, max(Self.narrowestId, Self.narrowestId + innerWidth - fixed)) : Self.narrowestId
        var columns = all
        while !columns.isEmpty, columns.map({ $0.minWidth + 1 }).reduce(0, +) > innerWidth - fixed { columns.removeLast() }
        var rest = max(0, innerWidth - fixed)
        var widths = columns.map(\.minWidth)
        rest -= widths.reduce(0, +) + widths.count
        // The room left goes round the columns a cell at a time, so they grow evenly to their maximum.
        var grew = true
        while rest > 0, grew {
            grew = false
            for index in widths.indices where rest > 0 && widths[index] < columns[index].maxWidth {
                widths[index] += 1
                rest -= 1
                grew = true
            }
        }
        labels = Array(zip(columns, widths))
    }

    var titles: String {
        "  " + "id".fitted(id) + "machine".fitted(machine + 1)
            + labels.map { $0.column.title.fitted($0.width + 1) }.joined() + "status".fitted(12) + "time"
    }

    /// The row's pieces; the flag marks the status (drawn in its colour).
    func cells(_ summary: ExecutionSummary, now: Double, marker: String) -> [(String, Bool)] {
        var cells = [(marker + (id == Self.narrowestId ? summary.label.fitted(id) : summary.label.middleFitted(id - 1) + " "), false)]
        cells.append((summary.machineName.fitted(machine) + " ", false))
        for (column, width) in labels { cells.append(((summary.label(column.key) ?? "–").fitted(width) + " ", false)) }
        cells.append((summary.status.label.fitted(12), true))
        cells.append((formatElapsed(summary.elapsed(now: now)).fitted(6), false))
        return cells
    }
}
