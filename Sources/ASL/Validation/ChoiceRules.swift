/// A Choice state's rules: top-level rules lead somewhere (`Next`), nested ones (inside And, Or,
/// Not) do not; each rule is exactly one comparison of `Variable`, or one of And / Or / Not.
extension ValidationRun {
    static let logicalOperators: Set<String> = ["And", "Or", "Not"]

    /// The comparator and whether the operand is its `...Path` form, for an operator field name.
    static func comparator(named key: String) -> (Comparator, isPath: Bool)? {
        if let c = Comparator(rawValue: key) { return (c, false) }
        if key.hasSuffix("Path"), let c = Comparator(rawValue: String(key.dropLast(4))), c.hasPathForm { return (c, true) }
        return nil
    }

    mutating func choiceState(_ object: [String: JSONValue], at location: String, scope: Set<String>, language: QueryLanguage) {
        target(object["Default"], at: pointer(location, "Default"), scope: scope)
        guard let rules = require(object, "Choices", at: location)?.arrayValue else { return }
        let here = pointer(location, "Choices")
        if rules.isEmpty { log.add(here, "must be a non-empty array") }
        for (i, rule) in rules.enumerated() {
            if language == .jsonata {
                jsonataChoiceRule(rule, at: pointer(here, i), scope: scope)
            } else {
                choiceRule(rule, at: pointer(here, i), topLevel: true, scope: scope)
            }
        }
    }

    static let jsonataRuleFields: Set<String> = ["Condition", "Next", "Assign", "Output", "Comment"]

    /// A JSONata rule: a `Condition` (a boolean, or an expression giving one), `Next`, and
    /// optionally the `Output` and `Assign` used when the rule is taken.
    mutating func jsonataChoiceRule(_ json: JSONValue, at location: String, scope: Set<String>) {
        guard let object = json.objectValue else { return log.add(location, "a choice rule must be an object, not \(json.typeName)") }
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "Condition": log.check(value, is: .expressionOr(.boolean), at: here)
            case "Next", "Comment": log.check(value, is: .string, at: here)
            case "Output": log.check(value, is: .template, at: here)
            case "Assign": log.check(value, is: .jsonataAssign, at: here)
            case _ where Self.logicalOperators.contains(key) || Self.comparator(named: key) != nil || key == "Variable":
                log.add(here, "field \"\(key)\" is only supported for the JSONPath query language; a JSONata rule has a \"Condition\"")
            default:
                log.add(here, "field \"\(key)\" is not allowed in a choice rule")
            }
            if Self.jsonataRuleFields.contains(key) { statesReferences(value, at: here, result: false, errorOutput: false) }
        }
        require(object, "Condition", at: location)
        if let next = require(object, "Next", at: location) { target(next, at: pointer(location, "Next"), scope: scope) }
    }

    mutating func choiceRule(_ json: JSONValue, at location: String, topLevel: Bool, scope: Set<String>) {
        guard let object = json.objectValue else { return log.add(location, "a choice rule must be an object, not \(json.typeName)") }
        var operators: [String] = []
        for key in object.keys.sorted() {
            let here = pointer(location, key)
            if Self.logicalOperators.contains(key) || Self.comparator(named: key) != nil {
                operators.append(key)
            } else if key == "Next" || key == "Assign" {
                if !topLevel { log.add(here, "a nested rule cannot have \"\(key)\"") }
            } else if key == "Comment" {
                log.check(object[key]!, is: .string, at: here)
            } else if key != "Variable" {
                log.add(here, "field \"\(key)\" is not allowed in a choice rule")
            }
        }
        if topLevel {
            if let next = require(object, "Next", at: location) {
                log.check(next, is: .string, at: pointer(location, "Next"))
                target(next, at: pointer(location, "Next"), scope: scope)
            }
            if let assign = object["Assign"] { log.check(assign, is: .assign, at: pointer(location, "Assign")) }
        }
        guard operators.count == 1, let op = operators.first else {
            if operators.isEmpty {
                log.add(location, "needs a comparison operator with \"Variable\", or one of \"And\", \"Or\", \"Not\"")
            } else {
                log.add(location, "must have exactly one operator, found \(quotedList(operators))")
            }
            return
        }
        let operand = object[op]!
        let operandLocation = pointer(location, op)
        if let (comparator, isPath) = Self.comparator(named: op) {
            if let variable = require(object, "Variable", at: location) {
                log.check(variable, is: .path(nullable: false), at: pointer(location, "Variable"))
            }
            if isPath {
                log.check(operand, is: .referencePath(nullable: false), at: operandLocation)
            } else if comparator.rawValue.hasPrefix("Timestamp") {
                log.check(operand, is: .timestamp, at: operandLocation)
            } else {
                switch comparator.operandType {
                case "number": log.check(operand, is: .number, at: operandLocation)
                case "boolean": log.check(operand, is: .boolean, at: operandLocation)
                default: log.check(operand, is: .string, at: operandLocation)
                }
            }
            return
        }
        if object["Variable"] != nil {
            log.add(pointer(location, "Variable"), "field \"Variable\" is not allowed with \"\(op)\"")
        }
        if op == "Not" {
            guard operand.objectValue != nil else { return log.add(operandLocation, "must be an object, not \(operand.typeName)") }
            choiceRule(operand, at: operandLocation, topLevel: false, scope: scope)
        } else {
            guard let rules = operand.arrayValue else { return log.add(operandLocation, "must be an array, not \(operand.typeName)") }
            if rules.isEmpty { log.add(operandLocation, "must be a non-empty array") }
            for (i, rule) in rules.enumerated() {
                choiceRule(rule, at: pointer(operandLocation, i), topLevel: false, scope: scope)
            }
        }
    }
}
