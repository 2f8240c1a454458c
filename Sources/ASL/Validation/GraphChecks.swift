/// Checks of one machine's transition graph: every state reachable from StartAt, and every state
/// able to reach an end (Succeed, Fail or `"End": true`).
enum GraphChecks {
    static func check(states: [String: JSONValue], startAt: String, at location: String, log: inout ProblemLog) {
        var successors: [String: [String]] = [:]
        var canEnd: Set<String> = []
        for (name, json) in states {
            guard let object = json.objectValue else {
                canEnd.insert(name) // reported already; do not pile on
                continue
            }
            let targets = transitions(object)
            successors[name] = targets.filter { states[$0] != nil }
            let type = object["Type"]?.stringValue
            let terminal = type == "Succeed" || type == "Fail" || object["End"]?.boolValue == true
            // A state with no transition, or one to a missing state, is already reported as such.
            let broken = targets.isEmpty || targets.contains { states[$0] == nil }
            if terminal || broken { canEnd.insert(name) }
        }

        var reachable: Set<String> = [startAt]
        var queue = [startAt]
        while let name = queue.popLast() {
            for next in successors[name] ?? [] where !reachable.contains(next) {
                reachable.insert(next)
                queue.append(next)
            }
        }

        var changed = true
        while changed {
            changed = false
            for (name, targets) in successors where !canEnd.contains(name) && targets.contains(where: canEnd.contains) {
                canEnd.insert(name)
                changed = true
            }
        }

        for name in states.keys.sorted() where successors[name] != nil {
            let here = pointer(location, name)
            if !reachable.contains(name) { log.add(here, "state \"\(name)\" is not reachable from StartAt") }
            if !canEnd.contains(name) { log.add(here, "state \"\(name)\" has no path to an end state") }
        }
    }

    /// Every state name a state can transition to: Next, Default, top-level Choice rules' Next, Catch Next.
    static func transitions(_ object: [String: JSONValue]) -> [String] {
        var names: [String] = []
        if let next = object["Next"]?.stringValue { names.append(next) }
        if let name = object["Default"]?.stringValue { names.append(name) }
        for rule in object["Choices"]?.arrayValue ?? [] {
            if let next = rule["Next"]?.stringValue { names.append(next) }
        }
        for catcher in object["Catch"]?.arrayValue ?? [] {
            if let next = catcher["Next"]?.stringValue { names.append(next) }
        }
        return names
    }
}
