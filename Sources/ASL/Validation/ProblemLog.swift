/// Collects validation problems in the order they are found.
struct ProblemLog {
    private(set) var problems: [ValidationProblem] = []

    mutating func add(_ location: String, _ message: String) {
        problems.append(ValidationProblem(location: location, message: message))
    }
}

/// `base` extended by one JSON Pointer segment.
func pointer(_ base: String, _ segment: String) -> String { base + "/" + escape(segment) }

/// `base` extended by an array index.
func pointer(_ base: String, _ index: Int) -> String { "\(base)/\(index)" }

/// A value as a message shows it: strings quoted, numbers and literals as JSON, containers by type.
func shown(_ value: JSONValue) -> String {
    switch value {
    case .string(let s): return "\"\(s)\""
    case .number, .bool, .null: return value.description
    case .array, .object: return value.typeName
    }
}

/// `"A", "B" and "C"`-style list of quoted names.
func quotedList(_ names: [String]) -> String {
    names.map { "\"\($0)\"" }.joined(separator: ", ")
}
