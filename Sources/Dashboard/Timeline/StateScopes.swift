import ASL

/// Where each state of a definition lives: at the top level, in one branch of a Parallel, or in
/// a Map's item processor. State names are unique across a whole state machine (AWS refuses a
/// definition that repeats one), so a name alone says where its events belong.
struct StateScopes: Sendable {
    enum Scope: Sendable, Hashable {
        case root
        case branch(parallel: String, index: Int)
        case processor(map: String)
    }

    private(set) var scopes: [String: Scope] = [:]
    private(set) var types: [String: String] = [:]

    init(_ definition: StateMachineDefinition?) {
        guard let definition else { return }
        add(definition, scope: .root)
    }

    private mutating func add(_ machine: StateMachineDefinition, scope: Scope) {
        for name in machine.stateNames {
            guard let state = machine.states[name] else { continue }
            scopes[name] = scope
            types[name] = state.typeName
            switch state.kind {
            case .parallel(let branches):
                for (index, branch) in branches.enumerated() { add(branch, scope: .branch(parallel: name, index: index)) }
            case .map(let map):
                add(map.itemProcessor, scope: .processor(map: name))
            default:
                break
            }
        }
    }

    /// The scope of a state (the top level for a name the definition does not know).
    func scope(of name: String) -> Scope { scopes[name] ?? .root }
}
