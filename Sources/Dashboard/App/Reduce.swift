import History

/// The dashboard's update function: how `action` changes `state`, and what the shell must do
/// as a result. Pure: it reads no clock and touches no engine (`cache` memoizes pure
/// functions, such as the graph layout that tells which state a click hit).
public func reduce(_ state: inout DashboardState, _ action: DashboardAction, cache: ViewCache) -> [DashboardEffect] {
    var effects = reduceAction(&state, action, cache: cache)
    // The detail pane shows a finished run of a state: ask the service once for its steps.
    if case .input = action, let request = state.inspectionToRequest(cache: cache) {
        state.inspectionsAsked.insert(request.key)
        effects.append(.inspectState(request))
    }
    return effects
}

private func reduceAction(_ state: inout DashboardState, _ action: DashboardAction, cache: ViewCache) -> [DashboardEffect] {
    switch action {
    case .executionStarted(var summary):
        summary.events = (state.earlyEvents.removeValue(forKey: summary.arn) ?? []) + summary.events
        // Listed older executions (a page of them) take their place by start date, and leave
        // the selection where it is; the newest one is selected.
        guard state.insertByStart(summary, beforeTies: false) else { return [] }
        if let group = summary.group?.id {
            if state.selectedRow != .group(group) { state.selectedRow = .group(group) }
            if state.awaitingGroup {
                state.awaitingGroup = false
                state.message = nil
                state.mode = .compare(group: group)
                state.compareRow = 0
            }
        } else {
            state.selectedRow = .execution(summary.arn)
        }
        state.selectedState = nil
        state.detailScroll = 0
        return []
    case .olderExecutionListed(var summary):
        summary.events = (state.earlyEvents.removeValue(forKey: summary.arn) ?? []) + summary.events
        state.insertByStart(summary, beforeTies: true)
        return []
    case .events(let observed):
        for item in observed {
            if let index = state.position(of: item.arn) {
                state.executions[index].events.append(item.event)
            } else {
                state.earlyEvents[item.arn, default: []].append(item.event)
            }
        }
        return []
    case .machineAdded(let arn, let name, let definition):
        state.addMachine(arn: arn, name: name, definition: definition)
        return []
    case .executionDefinition(let arn, let definition):
        guard let index = state.position(of: arn) else { return [] }
        let key = definition.map { state.intern($0, machineArn: state.executions[index].machineArn) } ?? ExecutionSummary.noDefinition
        state.executions[index].definitionKey = key
        return []
    case .olderExecutions(let older):
        state.olderExecutions = older
        return []
    case .queueMessage(let message):
        state.deadLetters.append(message)
        return []
    case .note(let arn, let text):
        state.notes[arn] = text
        return []
    case .startRefused(let error):
        state.awaitingGroup = false
        guard var form = state.form else {
            state.message = "not started: \(error.key) \(error.message)"
            return []
        }
        form.error = error
        if let index = form.description.fields.firstIndex(where: { $0.key == error.key }) { form.focus = index + 1 }
        state.form = form
        return []
    case .startAccepted(let message):
        if let form = state.form { state.lastValues[form.machineName] = form.request.values }
        state.form = nil
        state.message = message
        return []
    case .tick(let now):
        state.now = now
        return []
    case .animate(let seconds):
        let engineSeconds: Double
        switch state.speed {
        case .instant: engineSeconds = 0
        case .scaled(let speed): engineSeconds = seconds * speed
        }
        advanceReplay(&state, by: engineSeconds)
        return []
    case .failed(let why):
        state.message = why
        state.awaitingGroup = false
        return []
    case .message(let text):
        state.message = text
        return []
    case .status(let text):
        state.statusLine = text
        return []
    case .stateInspected(let key, let inspection):
        state.inspections[key] = inspection
        return []
    case .input(.resize(let width, let height)):
        state.width = max(0, width)
        state.height = max(0, height)
        return []
    case .input(.key(let key)):
        return reduceKey(&state, key, cache: cache)
    case .input(.mouse(let mouse)):
        if mouse.kind == .click, mouse.y == state.height - 1, state.message == nil, state.form == nil, !state.showHelp,
           state.commandLine == nil, let key = footerKey(at: mouse.x, state) {
            return reduceKey(&state, key, cache: cache)
        }
        reduceMouse(&state, mouse, cache: cache)
        return []
    }
}

/// Keys: the help overlay and the form take them first; then the current mode.
func reduceKey(_ state: inout DashboardState, _ key: Key, cache: ViewCache) -> [DashboardEffect] {
    if key == .ctrl("c") { return [.quit] }
    if state.showHelp {
        switch key {
        case .character("q"): return [.quit]
        case .up, .character("k"): state.helpScroll = max(0, state.helpScroll - 1)
        case .down, .character("j"): state.helpScroll = min(state.helpScroll + 1, dashboardKeyHelp(state.quickStart).count - 1)
        case .pageUp: state.helpScroll = max(0, state.helpScroll - 10)
        case .pageDown: state.helpScroll = min(state.helpScroll + 10, dashboardKeyHelp(state.quickStart).count - 1)
        default: state.showHelp = false; state.helpScroll = 0
        }
        return []
    }
    if state.form != nil { return reduceFormKey(&state, key) }
    if state.commandLine != nil { return reduceCommandLineKey(&state, key) }
    if state.isEditingFilter {
        reduceFilterKey(&state, key)
        return []
    }
    state.message = nil
    if case .events(let arn) = state.mode, state.eventsView.isEditingFilter {
        _ = reduceEventsKey(&state, arn: arn, key, cache: cache)
        return []
    }
    if reduceReplayKey(&state, key) { return [] }
    switch state.mode {
    case .timeline(let arn): if reduceTimelineKey(&state, arn: arn, key, cache: cache) { return [] }
    case .events(let arn): if reduceEventsKey(&state, arn: arn, key, cache: cache) { return [] }
    default: break
    }
    switch key {
    case .character("q"): return [.quit]
    case .character("?"): state.showHelp = true
    case .character("n"):
        guard !state.machines.isEmpty else {
            state.message = "no state machine to start"
            return []
        }
        let selected = state.selectedExecution.flatMap { summary in state.machines.firstIndex { $0.arn == summary.machineArn } }
        state.form = state.startForm(machineIndex: selected ?? 0)
    case .character(let c) where c == state.quickStart?.key:
        guard let quick = state.quickStart, let machine = state.machines(named: quick.machineName).first else { break }
        var values = state.forms[quick.machineName].map { Dictionary(uniqueKeysWithValues: $0.fields.map { ($0.key, $0.initial) }) } ?? [:]
        values.merge(state.lastValues[quick.machineName] ?? [:]) { _, last in last }
        values.merge(quick.values) { _, quick in quick }
        state.awaitingGroup = true
        state.message = quick.message
        return [.start(StartRequest(machineArn: machine.arn, machineName: quick.machineName, values: values))]
    case .character("d"): state.mode = state.mode == .queues ? .main : .queues
    case .character("t"): openExecutionView(&state, timeline: true)
    case .character("e"): openExecutionView(&state, timeline: false)
    case .character("r"): toggleReplay(&state)
    case .character(":"): state.commandLine = CommandLineState()
    case .character("y"):
        guard let arn = state.focusedExecutionArn else {
            state.message = "select an execution to copy its ARN"
            return []
        }
        state.message = "copied \(arn)"
        return [.copyToClipboard(arn)]
    case .character(" ") where state.mode == .main && state.focus == .orders: toggleMark(&state)
    case .character("c") where state.mode == .main: compareMarked(&state)
    case .character("/") where state.mode == .main:
        state.isEditingFilter = true
        state.focus = .orders
    case .character("s"):
        guard let summary = state.selectedExecutionForStop, summary.status == .running else {
            state.message = "nothing running is selected"
            return []
        }
        state.message = "stopping \(summary.label)"
        return [.stop(arn: summary.arn)]
    case .character("+"), .character("="): return changeSpeed(&state, faster: true)
    case .character("-"), .character("_"): return changeSpeed(&state, faster: false)
    case .escape: goBack(&state)
    case .tab, .backTab:
        guard state.mode == .main else { break }
        let panes = Pane.allCases
        let step = key == .tab ? 1 : panes.count - 1
        state.focus = panes[(state.focus.rawValue + step) % panes.count]
    case .up, .character("k"): move(&state, by: -1)
    case .down, .character("j"): move(&state, by: 1)
    case .pageUp: move(&state, by: -10)
    case .pageDown: move(&state, by: 10)
    case .enter: drillIn(&state)
    default: break
    }
    return []
}

private let speedSteps: [Double] = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]

/// `+` and `-` step through 0.25x … 100x, then instant.
private func changeSpeed(_ state: inout DashboardState, faster: Bool) -> [DashboardEffect] {
    let next: ClockMode
    switch state.speed {
    case .instant:
        guard !faster else { return [] }
        next = .scaled(speed: speedSteps.last!)
    case .scaled(let speed):
        if faster {
            next = speedSteps.first { $0 > speed }.map { ClockMode.scaled(speed: $0) } ?? .instant
        } else {
            guard let slower = speedSteps.last(where: { $0 < speed }) else { return [] }
            next = .scaled(speed: slower)
        }
    }
    state.speed = next
    state.message = "clock speed \(next.label)"
    return [.setSpeed(next)]
}

/// Esc: end a replay, close a view, else move focus back towards the orders list.
private func goBack(_ state: inout DashboardState) {
    if state.replay != nil {
        state.replay = nil
        return
    }
    switch state.mode {
    case .timeline, .events, .stateDetails:
        state.mode = state.returnMode ?? .main
        state.returnMode = nil
    case .compare, .queues: state.mode = .main
    case .main:
        if state.iterationFocus != nil {
            // Back from an opened iteration to the timeline it was opened from.
            state.iterationFocus = nil
            if let back = state.returnMode { state.mode = back }
            state.returnMode = nil
            return
        }
        if let back = state.returnMode, state.focus == .detail {
            state.mode = back
            state.returnMode = nil
            return
        }
        switch state.focus {
        case .detail: state.focus = .graph
        case .graph: state.focus = .orders; state.selectedState = nil
        case .orders: state.selectedState = nil
        }
    }
}

/// Up/down in whatever has the focus.
private func move(_ state: inout DashboardState, by delta: Int) {
    switch state.mode {
    case .compare(let group):
        let count = state.compareMembers(group).count
        state.compareRow = clamp(state.compareRow + delta, 0, max(0, count - 1))
    case .queues:
        state.queueScroll = max(0, state.queueScroll + delta)
    case .stateDetails:
        state.detailScroll = max(0, state.detailScroll + delta)
    case .timeline, .events:
        break
    case .main:
        switch state.focus {
        case .orders:
            let count = state.orderRowCount
            guard count > 0 else { return }
            let current = state.selectedRow.flatMap(state.orderRowIndex(of:)) ?? (delta > 0 ? -1 : count)
            state.selectedRow = state.orderRow(at: clamp(current + delta, 0, count - 1))
            state.selectedState = nil
            state.detailScroll = 0
        case .graph:
            guard let summary = state.selectedExecution, let definition = state.definition(of: summary) else { return }
            let names = statesInReadingOrder(definition)
            guard !names.isEmpty else { return }
            let current = state.selectedState.flatMap(names.firstIndex(of:)) ?? (delta > 0 ? -1 : names.count)
            state.selectedState = names[clamp(current + delta, 0, names.count - 1)]
            state.detailScroll = 0
        case .detail:
            state.detailScroll = max(0, state.detailScroll + delta)
        }
    }
}

/// Enter: open what is selected.
private func drillIn(_ state: inout DashboardState) {
    switch state.mode {
    case .compare(let group):
        let members = state.compareMembers(group)
        guard members.indices.contains(state.compareRow) else { return }
        state.selectedRow = .execution(members[state.compareRow].arn)
        state.mode = .main
        state.focus = .graph
        state.selectedState = nil
    case .queues, .timeline, .events, .stateDetails:
        break
    case .main:
        switch state.focus {
        case .orders:
            if case .group(let group) = state.selectedRow {
                state.mode = .compare(group: group)
                state.compareRow = 0
            } else if state.selectedRow != nil {
                state.focus = .graph
            }
        case .graph:
            state.focus = .detail
            state.detailScroll = 0
        case .detail:
            // The selected state's details full screen.
            guard state.selectedState != nil, let arn = state.selectedExecution?.arn else { break }
            state.returnMode = .main
            state.mode = .stateDetails(arn: arn)
            state.detailScroll = 0
        }
    }
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }

/// `2`, `0.5`: seconds without a needless `.0`.
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() && abs(seconds) < 1e9 ? String(Int(seconds)) : String(seconds)
}

extension DashboardState {
    /// What `s` stops: the execution in focus (the compare view's row, the timeline's
    /// execution), else the selected one.
    var selectedExecutionForStop: ExecutionSummary? {
        focusedExecutionArn.flatMap(execution)
    }
}
