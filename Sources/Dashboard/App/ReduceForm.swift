/// Keys while the start form is open: Tab / Shift-Tab (or up/down) between rows, typing into
/// text and JSON fields, left/right (or space) through choices, Enter to start, Esc to cancel.
/// Row 0 is the state machine: choosing another one swaps in its fields.
func reduceFormKey(_ state: inout DashboardState, _ key: Key) -> [DashboardEffect] {
    guard var form = state.form else { return [] }
    switch key {
    case .escape:
        state.form = nil
        state.message = "start cancelled"
        return []
    case .tab, .down:
        form.focus = (form.focus + 1) % form.rowCount
    case .backTab, .up:
        form.focus = (form.focus + form.rowCount - 1) % form.rowCount
    case .enter:
        if let error = form.jsonError() {
            form.error = error
            form.focus = 1 + (form.description.fields.firstIndex { $0.key == error.key } ?? 0)
        } else {
            state.form = form
            return [.start(form.request)]
        }
    default:
        if form.focus == 0 {
            guard let step = choiceStep(key) else { return [] }
            let index = (form.machineIndex + step + form.machines.count) % form.machines.count
            form = state.startForm(machineIndex: index, focus: 0)
        } else {
            editField(&form, key)
            // JSON is checked as it is typed, so its error (with the position) is always current.
            if form.description.fields[form.focus - 1].kind == .json { form.error = form.jsonError() }
        }
    }
    state.form = form
    return []
}

/// +1 / -1 for the keys that move through a choice.
private func choiceStep(_ key: Key) -> Int? {
    switch key {
    case .right, .character(" "), .character("l"): return 1
    case .left, .character("h"): return -1
    default: return nil
    }
}

private func editField(_ form: inout StartForm, _ key: Key) {
    let index = form.focus - 1
    let field = form.description.fields[index]
    switch field.kind {
    case .text, .json:
        var text = form.values[index]
        switch key {
        case .character(let c) where text.count < 400: text.append(c)
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        default: return
        }
        form.values[index] = text
    case .choice(let options):
        guard !options.isEmpty else { return }
        let current = options.firstIndex(of: form.values[index]) ?? 0
        if let step = choiceStep(key) {
            form.values[index] = options[(current + step + options.count) % options.count]
        } else if case .character(let c) = key, let match = options.firstIndex(where: { $0.first == c }) {
            // A choice's first character picks it: `2` for "2 processPayment", `A` for "ALL".
            form.values[index] = options[match]
        } else {
            return
        }
    }
    if form.error?.key == field.key { form.error = nil }
}

extension DashboardState {
    /// The form for the machine at `machineIndex`, with the values last started on it.
    func startForm(machineIndex: Int, focus: Int = 1) -> StartForm {
        let machine = machines[machineIndex].name
        let description = forms[machine] ?? .generic(testCases: testCases[machine] ?? [])
        return StartForm(machines: machines.map(\.name), machineArns: machines.map(\.arn), machineIndex: machineIndex, description: description,
                         values: lastValues[machine] ?? [:], focus: focus)
    }
}
