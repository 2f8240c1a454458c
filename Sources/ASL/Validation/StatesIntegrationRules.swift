/// Task states on Step Functions' own optimized integration (`arn:aws:states:::states:ACTION`):
/// AWS offers StartExecution only, in its four patterns, and its validator refuses any other
/// action and any parameter StartExecution does not take (SCHEMA_VALIDATION_FAILED).
enum StatesIntegration {
    /// The actions (with their pattern) the engine runs (NestedExecutions.swift in the engine).
    static let actions: Set<String> = ["startExecution", "startExecution.sync", "startExecution.sync:2", "startExecution.waitForTaskToken"]
    /// StartExecution's parameters, as the task names them.
    static let parameters: Set<String> = ["StateMachineArn", "Input", "Name"]

    /// The action (with its pattern) of a resource on the Step Functions integration
    /// (`arn:PARTITION:states:::states:ACTION`); nil: another resource.
    static func action(_ resource: String) -> Substring? {
        let parts = resource.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty, parts[5] == "states" else { return nil }
        return parts[6]
    }
}

extension ValidationRun {
    /// A Task on `arn:aws:states:::states:...`: one of the four startExecution resources, with
    /// only StartExecution's parameters (`Parameters`' keys may end in `.$`; JSONata's
    /// `Arguments` given as one expression are checked when they run).
    mutating func statesIntegration(_ resource: String, _ object: [String: JSONValue], at location: String) {
        guard let action = StatesIntegration.action(resource) else { return }
        guard StatesIntegration.actions.contains(String(action)) else {
            let forms = StatesIntegration.actions.sorted().map { "\"arn:aws:states:::states:\($0)\"" }.joined(separator: ", ")
            return log.add(pointer(location, "Resource"), "The resource provided \(resource) is not recognized: Step Functions' own integration is startExecution (\(forms))")
        }
        for field in ["Parameters", "Arguments"] {
            guard let members = object[field]?.objectValue else { continue }
            for key in members.keys.sorted() {
                let name = field == "Parameters" && key.hasSuffix(".$") ? String(key.dropLast(2)) : key
                if !StatesIntegration.parameters.contains(name) {
                    log.add(pointer(pointer(location, field), key), "The field \"\(name)\" is not supported by Step Functions (startExecution takes \"StateMachineArn\", \"Input\" and \"Name\")")
                }
            }
        }
    }
}
