/// Marking executions to compare any of them (space, then `c`), and filtering the list (`/`).
extension DashboardState {
    /// The compare view's id for the marked executions (runs have ids from 1).
    public static let markedGroup = -1

    /// The executions the compare view shows for `group`: a run's members by rank, or the marked ones.
    public func compareMembers(_ group: Int) -> [ExecutionSummary] {
        group == Self.markedGroup ? marked.compactMap(execution) : groupMembers(group)
    }

    /// Positions in `executions` of those the filter matches, newest first.
    func filteredPositions() -> [Int] {
        let needle = filter.lowercased()
        return executions.indices.reversed().filter { Self.matches(executions[$0], needle) }
    }

    /// Whether `needle` (lower case) is in the execution's name, machine, status, label or a label's value.
    static func matches(_ summary: ExecutionSummary, _ needle: String) -> Bool {
        if summary.arn.split(separator: ":").last?.lowercased().contains(needle) == true { return true }
        if summary.machineName.lowercased().contains(needle) || summary.status.rawValue.lowercased().contains(needle) { return true }
        if summary.label.lowercased().contains(needle) { return true }
        return summary.labels.contains { $0.value.lowercased().contains(needle) || $0.key.lowercased().contains(needle) }
    }
}

/// Space on a row: marks or unmarks its execution (a run's header: all its members).
func toggleMark(_ state: inout DashboardState) {
    let arns: [String]
    switch state.selectedRow {
    case .execution(let arn): arns = [arn]
    case .group(let group): arns = state.groupMembers(group).map(\.arn)
    case nil: return
    }
    if arns.allSatisfy(state.marked.contains) {
        state.marked.removeAll { arns.contains($0) }
    } else {
        state.marked += arns.filter { !state.marked.contains($0) }
    }
    state.message = state.marked.isEmpty ? nil : "\(state.marked.count) marked: c compares them"
}

/// `c`: the marked executions side by side, if they are of one state machine.
func compareMarked(_ state: inout DashboardState) {
    let members = state.compareMembers(DashboardState.markedGroup)
    guard members.count >= 1 else {
        state.message = "mark executions with space first, then c compares them"
        return
    }
    guard Set(members.map(\.machineArn)).count == 1 else {
        state.message = "the marked executions run different state machines: mark those of one machine"
        return
    }
    state.mode = .compare(group: DashboardState.markedGroup)
    state.compareRow = 0
}

/// Keys while the filter is being typed: text edits it (the list follows at once), Enter keeps
/// it, Esc clears it.
func reduceFilterKey(_ state: inout DashboardState, _ key: Key) {
    switch key {
    case .enter: state.isEditingFilter = false
    case .escape:
        state.isEditingFilter = false
        state.filter = ""
    case .backspace, .delete: if !state.filter.isEmpty { state.filter.removeLast() }
    case .ctrl("u"): state.filter = ""
    case .character(let c) where state.filter.count < 60: state.filter.append(c)
    default: return
    }
    // The selection stays if it still shows; else the first row is selected.
    if let row = state.selectedRow, state.orderRowIndex(of: row) != nil { return }
    state.selectedRow = state.orderRow(at: 0)
    state.selectedState = nil
}
