import ASL

/// Evaluates a Choice rule's condition against the state's effective input.
enum ChoiceEvaluator {
    static func matches(_ condition: ChoiceCondition, input: JSONValue, context: () -> JSONValue, variables: [String: JSONValue]) throws(StatesError) -> Bool {
        switch condition {
        case .and(let all):
            for c in all where try !matches(c, input: input, context: context, variables: variables) { return false }
            return true
        case .or(let any):
            for c in any where try matches(c, input: input, context: context, variables: variables) { return true }
            return false
        case .not(let inner):
            return try !matches(inner, input: input, context: context, variables: variables)
        case .comparison(let variable, let comparator, let operand):
            return try compare(variable: variable, comparator: comparator, operand: operand, input: input, context: context, variables: variables)
        case .jsonata:
            // Only a JSONata Choice has Conditions, and runJSONataChoice evaluates them.
            throw StatesError.runtime("A JSONata Condition in a JSONPath Choice state")
        }
    }

    private static func read(_ path: String, input: JSONValue, context: () -> JSONValue, variables: [String: JSONValue]) throws(StatesError) -> JSONValue {
        try PathEvaluator.value(at: path, input: input, context: PathEvaluator.isContextPath(path) ? context() : .null, variables: variables)
    }

    private static func compare(variable: String, comparator: Comparator, operand: ComparisonOperand,
                                input: JSONValue, context: () -> JSONValue, variables: [String: JSONValue]) throws(StatesError) -> Bool {
        if comparator == .isPresent {
            let present = (try? read(variable, input: input, context: context, variables: variables)) != nil
            return present == (operandValue(operand)?.boolValue ?? true)
        }
        let value: JSONValue
        do throws(StatesError) {
            value = try read(variable, input: input, context: context, variables: variables)
        } catch {
            throw StatesError.runtime("Invalid path '\(variable)': The choice state's condition path references an invalid value.")
        }
        let expected: JSONValue
        switch operand {
        case .literal(let literal): expected = literal
        case .path(let path):
            do throws(StatesError) {
                expected = try read(path, input: input, context: context, variables: variables)
            } catch {
                throw StatesError.runtime("Invalid path '\(path)': The choice state's condition path references an invalid value.")
            }
        }
        switch comparator {
        case .isNull: return value.isNull == (expected.boolValue ?? true)
        case .isNumeric: return (value.numberValue != nil) == (expected.boolValue ?? true)
        case .isString: return (value.stringValue != nil) == (expected.boolValue ?? true)
        case .isBoolean: return (value.boolValue != nil) == (expected.boolValue ?? true)
        case .isTimestamp: return (value.stringValue.flatMap(Timestamp.parse) != nil) == (expected.boolValue ?? true)
        case .isPresent: return true
        case .booleanEquals:
            guard let a = value.boolValue, let b = expected.boolValue else { return false }
            return a == b
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals:
            guard let a = value.stringValue, let b = expected.stringValue else { return false }
            return order(a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1), comparator)
        case .stringMatches:
            guard let a = value.stringValue, let pattern = expected.stringValue else { return false }
            return wildcardMatch(a, pattern: pattern)
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            guard let a = value.numberValue, let b = expected.numberValue else { return false }
            return order(a < b ? -1 : (a == b ? 0 : 1), comparator)
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals, .timestampGreaterThanEquals:
            guard let a = value.stringValue.flatMap(Timestamp.parse), let b = expected.stringValue.flatMap(Timestamp.parse) else { return false }
            return order(a < b ? -1 : (a == b ? 0 : 1), comparator)
        }
    }

    private static func operandValue(_ operand: ComparisonOperand) -> JSONValue? {
        if case .literal(let v) = operand { return v }
        return nil
    }

    /// Maps a three-way comparison to the comparator's verdict.
    private static func order(_ sign: Int, _ comparator: Comparator) -> Bool {
        switch comparator {
        case .stringEquals, .numericEquals, .timestampEquals: return sign == 0
        case .stringLessThan, .numericLessThan, .timestampLessThan: return sign < 0
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return sign > 0
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return sign <= 0
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: return sign >= 0
        default: return false
        }
    }

    /// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
    static func wildcardMatch(_ text: String, pattern: String) -> Bool {
        enum Token: Equatable { case literal(Character), star }
        var tokens: [Token] = []
        var escaping = false
        for c in pattern {
            if escaping { tokens.append(.literal(c)); escaping = false } else if c == "\\" { escaping = true } else if c == "*" { tokens.append(.star) } else { tokens.append(.literal(c)) }
        }
        if escaping { tokens.append(.literal("\\")) }
        let chars = Array(text)
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < chars.count {
            if p < tokens.count, tokens[p] == .literal(chars[t]) {
                t += 1; p += 1
            } else if p < tokens.count, tokens[p] == .star {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }
}
