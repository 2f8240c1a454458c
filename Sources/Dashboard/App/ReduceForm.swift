/// Keys while the order form is open: Tab / Shift-Tab between fields, typing into text fields,
/// left/right (or space) through pickers, Enter to place, Esc to cancel.
func reduceFormKey(_ state: inout DashboardState, _ key: Key) -> [DashboardEffect] {
    guard var form = state.form else { return [] }
    let fields = FormField.allCases
    switch key {
    case .escape:
        state.form = nil
        state.message = "order cancelled"
        return []
    case .tab, .down:
        form.focus = fields[(form.focus.rawValue + 1) % fields.count]
    case .backTab, .up:
        form.focus = fields[(form.focus.rawValue + fields.count - 1) % fields.count]
    case .enter:
        switch form.validated() {
        case .failure(let error):
            form.error = error
            form.focus = error.field
        case .success(let spec):
            state.form = nil
            if spec.workflow == .orderSaga {
                state.lastFlavour = spec.flavour
                state.lastDelay = spec.perStepDelaySeconds
            }
            state.awaitingAllRun = spec.workflow == .orderSaga && spec.errorOnStep == ErrorStepName.all
            state.message = "placing \(spec.workflow.rawValue): \(spec.flavour)"
            return [.placeOrder(spec)]
        }
    default:
        editField(&form, key)
    }
    state.form = form
    return []
}

private func editField(_ form: inout OrderForm, _ key: Key) {
    let choices = ErrorStepName.choices
    switch form.focus {
    case .flavour, .delay:
        var text = form.focus == .flavour ? form.flavour : form.delay
        switch key {
        case .character(let c) where text.count < 80: text.append(c)
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        default: return
        }
        if form.focus == .flavour { form.flavour = text } else { form.delay = text }
    case .errorOnStep:
        switch key {
        case .right, .character(" "), .character("l"): form.errorChoice = (form.errorChoice + 1) % choices.count
        case .left, .character("h"): form.errorChoice = (form.errorChoice + choices.count - 1) % choices.count
        case .character(let c) where c.isNumber:
            guard let value = c.wholeNumberValue, let index = choices.firstIndex(of: value) else { return }
            form.errorChoice = index
        case .character("a"), .character("A"): form.errorChoice = choices.count - 1
        default: return
        }
    case .workflow:
        switch key {
        case .right, .left, .character(" "), .character("l"), .character("h"):
            form.workflow = form.workflow == .orderSaga ? .pineappleCheck : .orderSaga
        default: return
        }
    }
    if form.error?.field == form.focus { form.error = nil }
}
