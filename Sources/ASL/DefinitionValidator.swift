/// Checks a definition as AWS's ValidateStateMachineDefinition would, before anything runs.
public enum DefinitionValidator {
    /// Every problem found, each naming its JSON location; empty when the definition is valid.
    public static func validate(_ definition: JSONValue) -> [ValidationProblem] {
        // TODO(validation helper): the full rule set.
        guard definition.objectValue != nil else { return [ValidationProblem(location: "", message: "a definition must be a JSON object")] }
        return []
    }
}
