import ASL

/// ValidateStateMachineDefinition: the validator's problems as AWS's diagnostics. A definition
/// that is not JSON is `INVALID_JSON_DESCRIPTION`; every other problem is
/// `SCHEMA_VALIDATION_FAILED` at its JSON pointer. `result` is `FAIL` when there is an error.
enum DefinitionDiagnostics {
    @Sendable static func validate(_ call: APICall) async throws(APIFault) -> JSONValue {
        let definition = try call.required("definition")
        let limit = (call.int("maxResults") ?? 0) == 0 ? 100 : call.int("maxResults")!
        var diagnostics: [JSONValue] = []
        do {
            _ = try StateMachineDefinition.load(text: definition)
        } catch {
            let notJSON = (try? JSONValue(parsing: definition)) == nil
            diagnostics = error.problems.map { problem in
                var item: [String: JSONValue] = [
                    "severity": "ERROR",
                    "code": .string(notJSON ? "INVALID_JSON_DESCRIPTION" : "SCHEMA_VALIDATION_FAILED"),
                    "message": .string(problem.message),
                ]
                if !problem.location.isEmpty { item["location"] = .string(problem.location) }
                return .object(item)
            }
        }
        return [
            "result": .string(diagnostics.isEmpty ? "OK" : "FAIL"),
            "diagnostics": .array(Array(diagnostics.prefix(limit))),
            "truncated": .bool(diagnostics.count > limit),
        ]
    }
}
