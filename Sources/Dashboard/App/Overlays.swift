/// Every key the dashboard knows, as the help overlay lists them.
public let dashboardKeyHelp: [(keys: String, what: String)] = [
    ("n", "new order: the form"),
    ("a", "ALL: place the eight outcomes at once, compare them"),
    ("d", "dead-letter queues and their messages"),
    ("↑ ↓  j k", "select an order / a state / scroll"),
    ("PgUp PgDn", "move or scroll by ten"),
    ("Enter", "drill in: order → graph → detail, ALL → compare"),
    ("Esc", "back: close a view, focus the previous pane"),
    ("Tab  Shift-Tab", "next / previous pane"),
    ("s", "stop the selected execution (ABORTED)"),
    ("+  -", "clock speed faster / slower (… 100x, instant)"),
    ("mouse", "click selects a row or a state; wheel scrolls"),
    ("?", "this help (any key closes it)"),
    ("q  Ctrl-C", "quit"),
    ("form: Tab Shift-Tab", "move between fields"),
    ("form: ← → space", "choose errorOnStep / workflow"),
    ("form: Enter  Esc", "place the order / cancel"),
]

/// The help overlay, centred over whatever is on screen.
func drawHelp(_ canvas: inout Canvas) {
    let keyWidth = (dashboardKeyHelp.map(\.keys.count).max() ?? 0) + 2
    let width = min(canvas.width - 2, keyWidth + (dashboardKeyHelp.map(\.what.count).max() ?? 0) + 4)
    let height = min(canvas.height - 2, dashboardKeyHelp.count + 3)
    let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
    canvas.dialog(rect, title: "Keys")
    for (i, entry) in dashboardKeyHelp.prefix(height - 3).enumerated() {
        canvas.write(entry.keys.fitted(keyWidth), x: rect.x + 2, y: rect.y + 1 + i, style: CellStyle(foreground: .cyan, bold: true))
        canvas.write(entry.what.clipped(width - keyWidth - 4), x: rect.x + 2 + keyWidth, y: rect.y + 1 + i)
    }
    canvas.write("any key closes this help".clipped(width - 4), x: rect.x + 2, y: rect.maxY - 2, style: CellStyle(dim: true))
}

/// The order form, centred: one row per field, a bad value's message under its field.
func drawForm(_ form: OrderForm, _ canvas: inout Canvas) {
    let width = min(canvas.width - 2, 66)
    let height = min(canvas.height - 2, 13)
    let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
    canvas.dialog(rect, title: "New order")
    let labelWidth = 16
    let valueWidth = max(4, width - labelWidth - 6)
    for field in FormField.allCases {
        let y = rect.y + 1 + field.rawValue * 2
        let focused = form.focus == field
        canvas.write((focused ? "▸ " : "  ") + field.label.fitted(labelWidth), x: rect.x + 1, y: y, style: CellStyle(bold: focused))
        let value: String
        switch field {
        case .flavour: value = "[" + (form.flavour + (focused ? "▏" : "")).fitted(valueWidth - 2) + "]"
        case .delay: value = "[" + (form.delay + (focused ? "▏" : "")).fitted(valueWidth - 2) + "]"
        case .errorOnStep:
            let step = form.errorOnStep
            value = "◂ " + (step == ErrorStepName.all ? "100 ALL (eight executions)" : "\(step) \(ErrorStepName.name(step))") + " ▸"
        case .workflow: value = "◂ " + form.workflow.rawValue + " ▸"
        }
        canvas.write(value.clipped(valueWidth), x: rect.x + 3 + labelWidth, y: y, style: CellStyle(foreground: focused ? .cyan : .default, underline: focused))
        if let error = form.error, error.field == field {
            canvas.write("✗ \(field.label): \(error.message)".clipped(width - labelWidth - 4), x: rect.x + 3 + labelWidth, y: y + 1,
                         style: CellStyle(foreground: .red, bold: true))
        }
    }
    let hint = "Tab/Shift-Tab fields · ←→ choose · Enter place · Esc cancel"
    canvas.write(hint.clipped(width - 4), x: rect.x + 2, y: rect.maxY - 2, style: CellStyle(dim: true))
}
