import ASL

/// The states of a definition in reading order: depth first from `StartAt`, the normal next
/// state before Choice targets and Catch targets, and each Parallel's or Map's inner states
/// right after it. The compare view's columns and the graph pane's up/down keys use it.
public func statesInReadingOrder(_ definition: StateMachineDefinition) -> [String] {
    var order: [String] = []
    var seen: Set<String> = []
    func visit(_ machine: StateMachineDefinition, _ name: String) {
        guard let state = machine.states[name], seen.insert(name).inserted else { return }
        order.append(name)
        switch state.kind {
        case .parallel(let branches): for branch in branches { visit(branch, branch.startAt) }
        case .map(let map): visit(map.itemProcessor, map.itemProcessor.startAt)
        default: break
        }
        if let next = state.next { visit(machine, next) }
        if case .choice(let choice) = state.kind {
            for rule in choice.rules { visit(machine, rule.next) }
            if let other = choice.defaultNext { visit(machine, other) }
        }
        for catcher in state.catchers { visit(machine, catcher.next) }
    }
    visit(definition, definition.startAt)
    // States nothing leads to still get a column, in the definition's order.
    func rest(_ machine: StateMachineDefinition) {
        for name in machine.stateNames where !seen.contains(name) { visit(machine, name) }
        for state in machine.stateNames.compactMap({ machine.states[$0] }) {
            switch state.kind {
            case .parallel(let branches): branches.forEach(rest)
            case .map(let map): rest(map.itemProcessor)
            default: break
            }
        }
    }
    rest(definition)
    return order
}
