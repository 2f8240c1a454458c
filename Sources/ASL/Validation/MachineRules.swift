/// One validation pass over a whole definition: the top-level machine, and recursively the
/// sub-machines of Parallel branches and Map item processors.
struct ValidationRun {
    var log = ProblemLog()
    /// Every state name seen so far anywhere in the definition, with its location.
    var usedNames: [String: String] = [:]
    /// The top-level `QueryLanguage`: every state's unless it names its own.
    var topLanguage = QueryLanguage.jsonPath

    enum MachineKind { case top, branch, processor }

    static let maxStateNameLength = 80

    mutating func machine(_ json: JSONValue, at location: String, kind: MachineKind) {
        guard let object = json.objectValue else {
            log.add(location, kind == .top ? "a definition must be a JSON object, not \(json.typeName)" : "must be an object, not \(json.typeName)")
            return
        }
        if kind == .top, let language = object["QueryLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:)) { topLanguage = language }
        let allowed: Set<String>
        switch kind {
        case .top: allowed = ["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"]
        case .branch: allowed = ["StartAt", "States", "Comment"]
        case .processor: allowed = ["StartAt", "States", "Comment", "ProcessorConfig"]
        }
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case _ where !allowed.contains(key): log.add(here, "unknown field \"\(key)\"")
            case "StartAt", "Comment", "Version": log.check(value, is: .string, at: here)
            case "TimeoutSeconds": log.check(value, is: .positiveInteger, at: here)
            case "QueryLanguage": log.check(value, is: .queryLanguage, at: here)
            case "ProcessorConfig": processorConfig(value, at: here)
            default: break
            }
        }
        if object["StartAt"] == nil { log.add(location, "missing required field \"StartAt\"") }
        guard let statesValue = object["States"] else {
            log.add(location, "missing required field \"States\"")
            return
        }
        let statesLocation = pointer(location, "States")
        guard let states = statesValue.objectValue else {
            log.add(statesLocation, "must be an object, not \(statesValue.typeName)")
            return
        }
        if states.isEmpty { log.add(statesLocation, "must contain at least one state") }
        let scope = Set(states.keys)
        for name in states.keys.sorted() {
            let here = pointer(statesLocation, name)
            if name.count > Self.maxStateNameLength {
                log.add(here, "state name must be at most \(Self.maxStateNameLength) characters, not \(name.count)")
            }
            if let earlier = usedNames[name] {
                log.add(here, "state name \"\(name)\" is already used at \(earlier)")
            } else {
                usedNames[name] = here
            }
            state(states[name]!, at: here, scope: scope)
        }
        if let startAt = object["StartAt"]?.stringValue, !states.isEmpty {
            if scope.contains(startAt) {
                GraphChecks.check(states: states, startAt: startAt, at: statesLocation, log: &log)
            } else {
                log.add(pointer(location, "StartAt"), "no state named \"\(startAt)\"")
            }
        }
    }

    /// `ProcessorConfig` of a Map's ItemProcessor: INLINE, or DISTRIBUTED with its ExecutionType.
    mutating func processorConfig(_ json: JSONValue, at location: String) {
        guard let object = json.objectValue else { return log.add(location, "must be an object, not \(json.typeName)") }
        let mode = object["Mode"]?.stringValue
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "Mode":
                guard let s = value.stringValue else {
                    log.add(here, "must be a string, not \(value.typeName)")
                    continue
                }
                switch s {
                case "INLINE", "DISTRIBUTED": break
                default: log.add(here, "must be \"INLINE\" or \"DISTRIBUTED\", not \"\(s)\"")
                }
            case "ExecutionType":
                if mode != "DISTRIBUTED" { log.add(here, "field \"ExecutionType\" is only allowed with Mode \"DISTRIBUTED\"") }
                if let s = value.stringValue, s != "STANDARD", s != "EXPRESS" { log.add(here, "must be \"STANDARD\" or \"EXPRESS\", not \"\(s)\"") }
                else if value.stringValue == nil { log.add(here, "must be a string, not \(value.typeName)") }
            default:
                log.add(here, "unknown field \"\(key)\"")
            }
        }
    }

    /// Reports a missing required field at the object's location; returns the value when present.
    @discardableResult
    mutating func require(_ object: [String: JSONValue], _ key: String, at location: String) -> JSONValue? {
        guard let value = object[key] else {
            log.add(location, "missing required field \"\(key)\"")
            return nil
        }
        return value
    }

    /// Reports when both of two mutually exclusive fields are present.
    mutating func exclusive(_ object: [String: JSONValue], _ a: String, _ b: String, at location: String) {
        if object[a] != nil, object[b] != nil { log.add(location, "cannot have both \"\(a)\" and \"\(b)\"") }
    }

    /// Reports a transition target (Next, Default, a rule's or catcher's Next) that names no state in scope.
    mutating func target(_ value: JSONValue?, at location: String, scope: Set<String>) {
        if let name = value?.stringValue, !scope.contains(name) { log.add(location, "no state named \"\(name)\"") }
    }
}
