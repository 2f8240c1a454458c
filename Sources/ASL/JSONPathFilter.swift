/// A filter expression, the `…` in `[?(…)]`.
///
/// Operands are literals (strings, numbers, `true`, `false`, `null`), paths relative to the
/// current element (`@.price`, `@['a'].b`, `@`) or to the document root (`$.limit`).
/// A bare operand tests existence (`[?(@.isbn)]`). A missing operand compares equal only to
/// another missing operand; ordering comparisons need two numbers or two strings.
indirect enum JSONPathFilter: Sendable, Hashable {
    case or(JSONPathFilter, JSONPathFilter)
    case and(JSONPathFilter, JSONPathFilter)
    case not(JSONPathFilter)
    case exists(JSONPathOperand)
    case compare(JSONPathOperand, JSONPathComparison, JSONPathOperand)

    func matches(_ current: JSONValue, root: JSONValue) -> Bool {
        switch self {
        case .or(let l, let r): return l.matches(current, root: root) || r.matches(current, root: root)
        case .and(let l, let r): return l.matches(current, root: root) && r.matches(current, root: root)
        case .not(let e): return !e.matches(current, root: root)
        case .exists(let operand):
            guard let value = operand.resolve(current, root: root) else { return false }
            if case .literal = operand { return value != .bool(false) && value != .null }
            return true
        case .compare(let l, let op, let r):
            return op.apply(l.resolve(current, root: root), r.resolve(current, root: root))
        }
    }
}

/// One side of a filter comparison.
enum JSONPathOperand: Sendable, Hashable {
    case literal(JSONValue)
    /// A path starting at `@`.
    case relative(JSONPath)
    /// A path starting at `$`.
    case absolute(JSONPath)

    /// The operand's value, or nil when its path selects nothing. An indefinite path gives
    /// the array of its matches (nil when there are none).
    func resolve(_ current: JSONValue, root: JSONValue) -> JSONValue? {
        let path: JSONPath
        let start: JSONValue
        switch self {
        case .literal(let v): return v
        case .relative(let p): path = p; start = current
        case .absolute(let p): path = p; start = root
        }
        switch path.evaluate(start, root: root) {
        case .notFound: return nil
        case .found(let value):
            if !path.isDefinite, case .array(let a) = value, a.isEmpty { return nil }
            return value
        }
    }
}

/// A comparison operator in a filter.
enum JSONPathComparison: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func apply(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch self {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        default: break
        }
        guard let lhs, let rhs else { return false }
        let order: Int
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .string(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
        default: return false
        }
        switch self {
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        case .equal, .notEqual: return false
        }
    }
}
