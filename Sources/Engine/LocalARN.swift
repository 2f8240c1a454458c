/// The ARNs of local resources. Region and account are the ones Step Functions Local uses.
public enum LocalARN {
    public static let region = "us-east-1"
    public static let account = "123456789012"

    public static func stateMachine(_ name: String) -> String {
        var text = stateMachinePrefix
        text += name
        return text
    }

    public static func execution(machine: String, name: String) -> String {
        var text = ""
        text.reserveCapacity(executionPrefix.utf8.count + machine.utf8.count + 1 + name.utf8.count)
        text += executionPrefix
        text += machine
        text += ":"
        text += name
        return text
    }

    /// An Express execution: `express:MACHINE:NAME:ID` (its name need not be unique, the id is).
    public static func expressExecution(machine: String, name: String, id: String) -> String {
        "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(id)"
    }

    /// Whether an execution ARN is an Express execution's.
    public static func isExpressExecution(_ arn: String) -> Bool { arn.contains(":express:") }

    /// A distributed Map's Map Run: `mapRun:MACHINE/LABEL:ID`.
    public static func mapRun(_ name: String, id: String) -> String { "arn:aws:states:\(region):\(account):mapRun:\(name):\(id)" }
    public static func queueURL(_ name: String) -> String { "https://sqs.\(region).amazonaws.com/\(account)/\(name)" }
    /// The role `$$.Execution.RoleArn` names (nothing checks it locally).
    public static let executionRole = "arn:aws:iam::\(account):role/StepFunctionsLocal"
    /// An activity: `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    public static func activity(_ name: String) -> String { "arn:aws:states:\(region):\(account):activity:\(name)" }
    public static func lambda(_ name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }

    // Every execution makes both ARNs: concatenated, not interpolated.
    private static let stateMachinePrefix = "arn:aws:states:\(region):\(account):stateMachine:"
    private static let executionPrefix = "arn:aws:states:\(region):\(account):execution:"
}
