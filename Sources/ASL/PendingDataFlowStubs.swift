// TEMPORARY: replaced by the real JSONPath / template implementation when branch `paths` merges.
public enum PathEvaluator {
    public static func value(at path: String, input: JSONValue, context: JSONValue) throws(StatesError) -> JSONValue {
        var current = path.hasPrefix("$$") ? context : input
        let body = path.hasPrefix("$$") ? String(path.dropFirst(2)) : String(path.dropFirst(1))
        for part in body.split(separator: ".") where !part.isEmpty {
            guard let next = current[String(part)] else { throw StatesError.runtime("Invalid path '\(path)'") }
            current = next
        }
        return current
    }
    public static func setting(_ result: JSONValue, at resultPath: String, in input: JSONValue) throws(StatesError) -> JSONValue {
        if resultPath == "$" { return result }
        guard case .object(var o) = input else { throw StatesError.resultPathMatchFailure("x") }
        o[String(resultPath.dropFirst(2))] = result
        return .object(o)
    }
}
public enum PayloadTemplate {
    public static func evaluate(_ template: JSONValue, input: JSONValue, context: JSONValue) throws(StatesError) -> JSONValue {
        switch template {
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (k, v) in members {
                if k.hasSuffix(".$"), case .string(let p) = v { out[String(k.dropLast(2))] = try PathEvaluator.value(at: p, input: input, context: context) }
                else { out[k] = try evaluate(v, input: input, context: context) }
            }
            return .object(out)
        case .array(let a): return .array(try a.map { v throws(StatesError) in try evaluate(v, input: input, context: context) })
        default: return template
        }
    }
}
