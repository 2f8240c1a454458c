/// `Retry` and `Catch` entries of Task, Parallel and Map states.
extension ValidationRun {
    static let retrierFields: Set<String> = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"]
    static let catcherFields: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"]

    mutating func retriers(_ entries: [JSONValue], at location: String) {
        for (i, entry) in entries.enumerated() {
            let here = pointer(location, i)
            guard let object = entry.objectValue else {
                log.add(here, "a retrier must be an object, not \(entry.typeName)")
                continue
            }
            for key in object.keys.sorted() {
                let field = pointer(here, key), value = object[key]!
                switch key {
                case "IntervalSeconds", "MaxDelaySeconds": log.check(value, is: .positiveInteger, at: field)
                case "MaxAttempts": log.check(value, is: .nonNegativeInteger, at: field)
                case "Comment": log.check(value, is: .string, at: field)
                case "BackoffRate":
                    if let rate = value.numberValue {
                        if rate < 1 { log.add(field, "must be a number >= 1, not \(shown(value))") }
                    } else {
                        log.add(field, "must be a number >= 1, not \(value.typeName)")
                    }
                case "JitterStrategy":
                    if value != "FULL", value != "NONE" { log.add(field, "must be \"FULL\" or \"NONE\", not \(shown(value))") }
                case _ where !Self.retrierFields.contains(key):
                    log.add(field, "field \"\(key)\" is not allowed in a retrier")
                default: break
                }
            }
            if errorEquals(object, at: here), i != entries.count - 1 {
                log.add(here, "a retrier with \"States.ALL\" must be the last one")
            }
        }
    }

    mutating func catchers(_ entries: [JSONValue], at location: String, scope: Set<String>, language: QueryLanguage) {
        for (i, entry) in entries.enumerated() {
            let here = pointer(location, i)
            guard let object = entry.objectValue else {
                log.add(here, "a catcher must be an object, not \(entry.typeName)")
                continue
            }
            for key in object.keys.sorted() {
                let field = pointer(here, key), value = object[key]!
                switch key {
                case "Next", "Comment": log.check(value, is: .string, at: field)
                case "ResultPath" where language == .jsonata:
                    log.add(field, "field \"ResultPath\" is only supported for the JSONPath query language; a JSONata catcher has Output")
                case "ResultPath": log.check(value, is: .referencePath(nullable: true), at: field)
                case "Output" where language == .jsonata:
                    log.check(value, is: .template, at: field)
                    statesReferences(value, at: field, result: false, errorOutput: true)
                case "Output":
                    log.add(field, "field \"Output\" is only supported for the JSONata query language; this catcher's state is JSONPath")
                case "Assign" where language == .jsonata:
                    log.check(value, is: .jsonataAssign, at: field)
                    statesReferences(value, at: field, result: false, errorOutput: true)
                case "Assign": log.check(value, is: .assign, at: field)
                case _ where !Self.catcherFields.contains(key):
                    log.add(field, "field \"\(key)\" is not allowed in a catcher")
                default: break
                }
            }
            if let next = require(object, "Next", at: here) { target(next, at: pointer(here, "Next"), scope: scope) }
            if errorEquals(object, at: here), i != entries.count - 1 {
                log.add(here, "a catcher with \"States.ALL\" must be the last one")
            }
        }
    }

    /// Checks `ErrorEquals`; returns whether it names `States.ALL`.
    mutating func errorEquals(_ object: [String: JSONValue], at location: String) -> Bool {
        guard let value = require(object, "ErrorEquals", at: location) else { return false }
        let here = pointer(location, "ErrorEquals")
        guard let names = value.arrayValue else {
            log.add(here, "must be an array, not \(value.typeName)")
            return false
        }
        if names.isEmpty { log.add(here, "must be a non-empty array") }
        for (i, name) in names.enumerated() { log.check(name, is: .string, at: pointer(here, i)) }
        let hasAll = names.contains(.string(StatesError.Name.all))
        if hasAll, names.count > 1 { log.add(here, "\"States.ALL\" must be the only error name") }
        return hasAll
    }
}
