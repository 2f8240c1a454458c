/// Every key the dashboard knows, as the help overlay lists them (with the quick start's key
/// after `n` when there is one).
func dashboardKeyHelp(_ quickStart: QuickStart?) -> [(keys: String, what: String)] {
    var keys: [(keys: String, what: String)] = [("n", "start an execution: the form")]
    if let quickStart { keys.append((String(quickStart.key), quickStart.help)) }
    keys += [
        ("d", "dead-letter queues and their messages"),
        ("space  c", "mark executions / compare the marked ones"),
        ("/", "filter by name, machine, status or label (Esc clears)"),
        ("↑ ↓  j k", "select an execution / a state / scroll"),
        ("PgUp PgDn", "move or scroll by ten"),
        ("Enter", "drill in: execution → graph → detail → state details, run → compare"),
        ("Esc", "back: close a view, focus the previous pane"),
        ("Tab  Shift-Tab", "next / previous pane"),
        ("s", "stop the selected execution (ABORTED)"),
        ("t", "timeline: state runs on a time axis (+/- zoom, ←→ h l scroll)"),
        ("timeline: Enter", "a run's details (every processing step); an iteration alone on the graph"),
        ("timeline: space  f", "fold / unfold branches and iterations; failed iterations first"),
        ("e", "events: the history as a table (/ filter, Enter details, f unfold all)"),
        ("r", "replay the execution (a run: all of it in lockstep)"),
        ("replay: ← →  [ ]", "one event / one state change back or on"),
        ("replay: Home End space", "first / last event, play or pause at the clock speed"),
        (":", "command line: " + dashboardCommands.map(\.name).joined(separator: " ") + " (Tab completes, ↑↓ history)"),
        ("y", "copy the execution's ARN to the clipboard (OSC 52)"),
        ("+  -", "clock speed faster / slower (… 100x, instant); zoom on the timeline"),
        ("mouse", "click selects a row or a state; wheel scrolls"),
        ("?", "this help (↑↓ scroll it, any other key closes it)"),
        ("q  Ctrl-C", "quit"),
        ("form: Tab Shift-Tab", "move between fields"),
        ("form: ← → space", "choose the state machine / a choice"),
        ("form: Enter  Esc", "start / cancel"),
    ]
    return keys
}

/// The help overlay, centred over whatever is on screen.
func drawHelp(_ state: DashboardState, _ canvas: inout Canvas) {
    let dashboardKeyHelp = dashboardKeyHelp(state.quickStart)
    let keyWidth = (dashboardKeyHelp.map(\.keys.count).max() ?? 0) + 2
    let width = min(canvas.width - 2, keyWidth + (dashboardKeyHelp.map(\.what.count).max() ?? 0) + 4)
    let height = min(canvas.height - 2, dashboardKeyHelp.count + 3)
    let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
    canvas.dialog(rect, title: "Keys")
    let room = max(0, height - 3)
    let first = clamp(state.helpScroll, 0, max(0, dashboardKeyHelp.count - room))
    for (i, entry) in dashboardKeyHelp.dropFirst(first).prefix(room).enumerated() {
        canvas.write(entry.keys.fitted(keyWidth), x: rect.x + 2, y: rect.y + 1 + i, style: CellStyle(foreground: .cyan, bold: true))
        canvas.write(entry.what.clipped(width - keyWidth - 4), x: rect.x + 2 + keyWidth, y: rect.y + 1 + i)
    }
    let more = dashboardKeyHelp.count > room ? "\(first + 1)-\(min(dashboardKeyHelp.count, first + room))/\(dashboardKeyHelp.count), ↑↓ scroll · " : ""
    canvas.write((more + "any other key closes this help").clipped(width - 4), x: rect.x + 2, y: rect.maxY - 2, style: CellStyle(dim: true))
}

/// The start form, centred: the machine, then one row per field; a bad value's message
/// (for JSON, with its line and column) under its field.
func drawForm(_ form: StartForm, _ canvas: inout Canvas) {
    let width = min(canvas.width - 2, 72)
    let height = min(canvas.height - 2, 5 + form.rowCount * 2)
    let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
    canvas.dialog(rect, title: "Start an execution")
    let labelWidth = 16
    let valueWidth = max(4, width - labelWidth - 6)
    let rows = [("state machine", "◂ " + form.machineTitle + " ▸")] + zip(form.description.fields, form.values).enumerated().map { index, pair in
        let (field, value) = pair
        switch field.kind {
        case .text, .json: return (field.label, "[" + (value + (form.focus == index + 1 ? "▏" : "")).fitted(valueWidth - 2) + "]")
        case .choice: return (field.label, "◂ " + value + " ▸")
        }
    }
    for (row, (label, value)) in rows.enumerated() {
        let y = rect.y + 1 + row * 2
        guard y < rect.maxY - 2 else { break }
        let focused = form.focus == row
        canvas.write((focused ? "▸ " : "  ") + label.fitted(labelWidth), x: rect.x + 1, y: y, style: CellStyle(bold: focused))
        canvas.write(value.clipped(valueWidth), x: rect.x + 3 + labelWidth, y: y, style: CellStyle(foreground: focused ? .cyan : .default, underline: focused))
        if row > 0, let error = form.error, error.key == form.description.fields[row - 1].key {
            canvas.write("✗ \(label): \(error.message)".clipped(width - labelWidth - 4), x: rect.x + 3 + labelWidth, y: y + 1,
                         style: CellStyle(foreground: .red, bold: true))
        }
    }
    let hint = "Tab/Shift-Tab fields · ←→ choose · Enter start · Esc cancel"
    canvas.write(hint.clipped(width - 4), x: rect.x + 2, y: rect.maxY - 2, style: CellStyle(dim: true))
}
