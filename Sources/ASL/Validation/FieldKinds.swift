import JSONata

/// What a field's value must be, and the check for it.
enum FieldKind {
    case string
    case boolean
    case object
    case array
    case any
    case positiveInteger
    case nonNegativeInteger
    case number
    case percentage
    /// A JSONPath (may select several values); `nullable` allows JSON null.
    case path(nullable: Bool)
    /// A reference path (a single node: no wildcards, filters or slices).
    case referencePath(nullable: Bool)
    /// A reference path or an intrinsic function call (Fail's ErrorPath / CausePath).
    case pathOrIntrinsic
    case timestamp
    /// A payload template of any JSON type (`Parameters` of Pass, Task, Parallel).
    case payload
    /// A payload template that must be an object (`ResultSelector`, `ItemSelector`).
    case payloadObject
    /// `Assign`: an object of workflow variable names (with `.$` for a path or intrinsic function).
    case assign
    case queryLanguage
    /// JSONata: a `{% %}` expression string, or else a value of the wrapped kind.
    indirect case expressionOr(FieldKind)
    /// JSONata: any JSON whose `{% %}` strings, at any depth, are expressions (Output, Arguments...).
    case template
    /// JSONata `Assign`: an object of variable names, each value a template.
    case jsonataAssign
}

extension ProblemLog {
    /// Checks `value` against `kind`, reporting at `location`.
    mutating func check(_ value: JSONValue, is kind: FieldKind, at location: String) {
        switch kind {
        case .any: return
        case .string: expectType(value, "string", value.stringValue != nil, at: location)
        case .boolean: expectType(value, "boolean", value.boolValue != nil, at: location)
        case .object: expectType(value, "object", value.objectValue != nil, at: location)
        case .array: expectType(value, "array", value.arrayValue != nil, at: location)
        case .number: expectType(value, "number", value.numberValue != nil, at: location)
        case .positiveInteger: integer(value, minimum: 1, name: "a positive integer", at: location)
        case .nonNegativeInteger: integer(value, minimum: 0, name: "a non-negative integer", at: location)
        case .percentage:
            guard let n = value.numberValue else { return add(location, "must be a number, not \(value.typeName)") }
            if n < 0 || n > 100 { add(location, "must be a number from 0 to 100, not \(shown(value))") }
        case .path(let nullable):
            if nullable, value.isNull { return }
            guard let s = value.stringValue else { return add(location, "must be a path string\(nullable ? " or null" : ""), not \(value.typeName)") }
            if let problem = JSONPathSyntax.pathProblem(s) { add(location, problem) }
        case .referencePath(let nullable):
            if nullable, value.isNull { return }
            guard let s = value.stringValue else { return add(location, "must be a reference path string\(nullable ? " or null" : ""), not \(value.typeName)") }
            if let problem = JSONPathSyntax.referencePathProblem(s) { add(location, problem) }
        case .pathOrIntrinsic:
            guard let s = value.stringValue else { return add(location, "must be a path string or intrinsic function, not \(value.typeName)") }
            if s.hasPrefix("States.") {
                if let problem = JSONPathSyntax.intrinsicProblem(s) { add(location, problem) }
            } else if let problem = JSONPathSyntax.referencePathProblem(s) {
                add(location, problem)
            }
        case .timestamp:
            guard let s = value.stringValue else { return add(location, "must be a string, not \(value.typeName)") }
            if !RFC3339.isValid(s) { add(location, "must be an RFC 3339 timestamp such as \"2024-01-31T18:00:00Z\", not \"\(s)\"") }
        case .payload: payloadTemplate(value, at: location)
        case .payloadObject:
            guard value.objectValue != nil else { return add(location, "must be an object, not \(value.typeName)") }
            payloadTemplate(value, at: location)
        case .assign:
            guard let members = value.objectValue else { return add(location, "must be an object, not \(value.typeName)") }
            for key in members.keys.sorted() {
                let name = key.hasSuffix(".$") ? String(key.dropLast(2)) : key
                if let problem = VariableName.problem(name) { add(pointer(location, key), problem) }
            }
            payloadTemplate(value, at: location)
        case .queryLanguage:
            guard let s = value.stringValue else { return add(location, "must be a string, not \(value.typeName)") }
            if QueryLanguage(rawValue: s) == nil { add(location, "must be \"JSONPath\" or \"JSONata\", not \"\(s)\"") }
        case .expressionOr(let literal):
            if let s = value.stringValue, JSONataTemplate.isExpression(s) { return template(value, at: location) }
            check(value, is: literal, at: location)
        case .template: template(value, at: location)
        case .jsonataAssign:
            guard let members = value.objectValue else { return add(location, "must be an object, not \(value.typeName)") }
            for key in members.keys.sorted() {
                if let problem = VariableName.problem(key) { add(pointer(location, key), problem) }
            }
            template(value, at: location)
        }
    }

    /// Parses every `{% %}` expression of a JSONata field; a syntax error is reported at the
    /// string that holds it, with JSONata's code and the position in the expression.
    mutating func template(_ value: JSONValue, at location: String) {
        switch value {
        case .string(let text) where JSONataTemplate.isExpression(text):
            do {
                _ = try JSONataExpression(JSONataTemplate.expressionText(text), options: .stepFunctions)
            } catch {
                let position = error.position.map { " at position \($0)" } ?? ""
                add(location, "JSONata syntax error \(error.code)\(position): \(error.message)")
            }
        case .object(let members):
            for key in members.keys.sorted() { template(members[key]!, at: pointer(location, key)) }
        case .array(let items):
            for (i, item) in items.enumerated() { template(item, at: pointer(location, i)) }
        default:
            return
        }
    }

    private mutating func expectType(_ value: JSONValue, _ name: String, _ ok: Bool, at location: String) {
        if !ok { add(location, "must be \(name == "array" || name == "object" ? "an" : "a") \(name), not \(value.typeName)") }
    }

    private mutating func integer(_ value: JSONValue, minimum: Int, name: String, at location: String) {
        guard value.numberValue != nil else { return add(location, "must be \(name), not \(value.typeName)") }
        guard let n = value.intValue, n >= minimum else { return add(location, "must be \(name), not \(shown(value))") }
    }

    /// Walks a payload template: every key ending in `.$` needs a path or intrinsic function, and
    /// `"x.$"` may not sit beside `"x"`.
    mutating func payloadTemplate(_ value: JSONValue, at location: String) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let here = pointer(location, key)
                let member = members[key]!
                if key.hasSuffix(".$") {
                    let plain = String(key.dropLast(2))
                    if members[plain] != nil { add(here, "field \"\(key)\" conflicts with \"\(plain)\"") }
                    guard let s = member.stringValue else {
                        add(here, "must be a path or intrinsic function string, not \(member.typeName)")
                        continue
                    }
                    if s.hasPrefix("States.") {
                        if let problem = JSONPathSyntax.intrinsicProblem(s) { add(here, problem) }
                    } else if let problem = JSONPathSyntax.pathProblem(s) {
                        add(here, problem)
                    }
                } else {
                    payloadTemplate(member, at: here)
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() { payloadTemplate(item, at: pointer(location, i)) }
        default:
            return
        }
    }
}
