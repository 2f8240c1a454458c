/// Checks a definition as AWS's ValidateStateMachineDefinition would, before anything runs.
///
/// The rules live in `Validation/`: the machine and its sub-machines (`MachineRules`), each
/// state's fields (`StateFieldTables`, `FieldKinds`, `StateRules`), Choice rules, Retry and
/// Catch, paths (`JSONPathSyntax`) and the transition graph (`GraphChecks`).
public enum DefinitionValidator {
    /// Every problem found, each naming its JSON location; empty when the definition is valid.
    public static func validate(_ definition: JSONValue) -> [ValidationProblem] {
        var run = ValidationRun()
        run.machine(definition, at: "", kind: .top)
        return run.log.problems
    }
}
