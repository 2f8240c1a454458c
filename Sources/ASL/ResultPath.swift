extension PathEvaluator {
    /// Applies a ResultPath: places `result` into `input` at `resultPath`.
    ///
    /// `$` replaces the whole input with the result. `$.a.b` (or `$['a']['b']`) sets a nested
    /// field, creating missing intermediate objects; `[n]` replaces an existing array element.
    /// Only reference paths are allowed (names and indices, no wildcards, filters, slices,
    /// unions, `..` or `$$`). A `null` ResultPath (discard the result) is the caller's business.
    ///
    /// - Throws: `States.ResultPathMatchFailure` when a value on the way is not an object (or
    ///   not an array holding the index), with a cause like AWS's
    ///   (`Unable to apply ResultPath "$.a.b" to input {"a":1}`);
    ///   `States.Runtime` when `resultPath` is not a valid reference path.
    public static func setting(_ result: JSONValue, at resultPath: String, in input: consuming JSONValue) throws(StatesError) -> JSONValue {
        if isContextPath(resultPath) {
            throw .runtime("Invalid ResultPath '\(resultPath)': a ResultPath cannot refer to the context object")
        }
        let path = try JSONPath.cached(resultPath)
        guard path.isReferencePath else {
            throw .runtime("Invalid ResultPath '\(resultPath)': a ResultPath must be a reference path (names and indices only)")
        }
        if path.isRoot { return result }
        var document = input
        guard assign(result, path.steps[...], into: &document) else {
            // `assign` leaves the document unchanged when it fails.
            throw .resultPathMatchFailure("Unable to apply ResultPath \"\(resultPath)\" to input \(document.serialized())")
        }
        return document
    }

    /// Sets `value` at `steps` below `node`, in place; returns false (leaving `node` as it
    /// was) when the path cannot be applied.
    private static func assign(_ value: JSONValue, _ steps: ArraySlice<JSONPathStep>, into node: inout JSONValue) -> Bool {
        guard let step = steps.first else {
            node = value
            return true
        }
        switch step.selector {
        case .name(let name):
            guard case .object(var members) = node else { return false }
            node = .null  // drop our reference so `members` is uniquely owned and mutates in place
            let existing = members.removeValue(forKey: name)
            var child = existing ?? .object([:])
            let ok = assign(value, steps.dropFirst(), into: &child)
            if ok { members[name] = child } else if let existing { members[name] = existing }
            node = .object(members)
            return ok
        case .index(let index):
            guard case .array(var elements) = node, let i = JSONPath.resolve(index, count: elements.count) else { return false }
            node = .null
            var child = elements[i]
            elements[i] = .null
            let ok = assign(value, steps.dropFirst(), into: &child)
            elements[i] = child
            node = .array(elements)
            return ok
        default:
            return false
        }
    }
}
