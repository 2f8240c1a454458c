import ASL

/// Pass 1: turns a definition into a ``StateGraph`` with one scope per machine, branch and
/// Map processor. Branch scopes get a fork node before the start state and a join node that
/// every End state leads to (Fail states end the branch without joining).
enum GraphExtraction {
    static func graph(of definition: StateMachineDefinition) -> StateGraph {
        var graph = StateGraph()
        addScope(definition, container: nil, into: &graph)
        return graph
    }

    @discardableResult
    private static func addScope(_ machine: StateMachineDefinition, container: Int?, into graph: inout StateGraph) -> Int {
        let scopeID = graph.scopes.count
        graph.scopes.append(GraphScope(id: scopeID, container: container))
        var ids: [String: Int] = [:]
        var fork: Int?
        var join: Int?
        if container != nil {
            fork = addNode(&graph, name: "", kind: .fork, typeName: "", scope: scopeID)
        }
        let names = machine.stateNames + machine.states.keys.filter { !machine.stateNames.contains($0) }.sorted()
        for name in names {
            guard let state = machine.states[name] else { continue }
            ids[name] = addNode(&graph, name: name, kind: .state, typeName: state.typeName, scope: scopeID)
            graph.nodes[ids[name]!].hasRetry = !state.retry.isEmpty
            graph.nodes[ids[name]!].ends = state.end || state.kind == .succeed || state.typeName == "Fail"
        }
        if container != nil {
            join = addNode(&graph, name: "", kind: .join, typeName: "", scope: scopeID)
        }
        graph.scopes[scopeID].entry = fork ?? ids[machine.startAt] ?? graph.scopes[scopeID].nodes.first ?? 0
        if let fork, let start = ids[machine.startAt] { addEdge(&graph, fork, start, .fork, nil) }
        for name in names {
            guard let state = machine.states[name], let from = ids[name] else { continue }
            if let next = state.next, let to = ids[next] { addEdge(&graph, from, to, .next, nil) }
            if case .choice(let choice) = state.kind {
                for (index, rule) in choice.rules.enumerated() {
                    if let to = ids[rule.next] {
                        addEdge(&graph, from, to, .choice, ChoiceLabel.text(rule.condition, index: index))
                    }
                }
                if let d = choice.defaultNext, let to = ids[d] { addEdge(&graph, from, to, .default, "default") }
            }
            for catcher in state.catchers {
                if let to = ids[catcher.next] {
                    addEdge(&graph, from, to, .catch, "catch " + catcher.errorEquals.joined(separator: ","))
                }
            }
            if let join, state.end || state.kind == .succeed { addEdge(&graph, from, join, .join, nil) }
            switch state.kind {
            case .parallel(let branches):
                for branch in branches {
                    let child = addScope(branch, container: from, into: &graph)
                    graph.nodes[from].childScopes.append(child)
                }
            case .map(let map):
                let child = addScope(map.itemProcessor, container: from, into: &graph)
                graph.nodes[from].childScopes.append(child)
            default:
                break
            }
        }
        return scopeID
    }

    private static func addNode(_ graph: inout StateGraph, name: String, kind: GraphNodeKind, typeName: String, scope: Int) -> Int {
        let id = graph.nodes.count
        graph.nodes.append(GraphNode(id: id, name: name, kind: kind, typeName: typeName, scope: scope))
        graph.scopes[scope].nodes.append(id)
        return id
    }

    private static func addEdge(_ graph: inout StateGraph, _ from: Int, _ to: Int, _ kind: GraphEdgeKind, _ label: String?) {
        let id = graph.edges.count
        graph.edges.append(GraphEdge(id: id, from: from, to: to, kind: kind, label: label))
        graph.scopes[graph.nodes[from].scope].edges.append(id)
    }
}

/// Short text for a Choice rule's arrow: the last step of the variable, an operator and the
/// operand, e.g. `isValid = true`; a JSONata Condition's expression without `$states.input.`;
/// compound rules are named by their position.
enum ChoiceLabel {
    static func text(_ condition: ChoiceCondition, index: Int) -> String {
        if case .jsonata(let template) = condition {
            return template.quotedText.replacingOccurrences(of: "$states.input.", with: "")
        }
        guard case .comparison(let variable, let comparator, let operand) = condition else { return "rule \(index + 1)" }
        let field = variable.split(whereSeparator: { $0 == "." || $0 == "[" }).last.map(String.init) ?? variable
        let value: String
        switch operand {
        case .literal(let v): value = v.serialized()
        case .path(let p): value = p
        }
        switch comparator {
        case .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp:
            return "\(field) \(comparator.rawValue) \(value)"
        default:
            return "\(field) \(symbol(comparator)) \(value)"
        }
    }

    private static func symbol(_ c: Comparator) -> String {
        switch c {
        case .stringEquals, .numericEquals, .booleanEquals, .timestampEquals: return "="
        case .stringLessThan, .numericLessThan, .timestampLessThan: return "<"
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return ">"
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return "≤"
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: return "≥"
        case .stringMatches: return "~"
        default: return c.rawValue
        }
    }
}
