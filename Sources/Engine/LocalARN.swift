/// The ARNs of local resources. The account is the one Step Functions Local uses; the region is
/// the request's (the API server takes it from the credential scope, as AWS does), us-east-1 when
/// nothing names one.
public enum LocalARN {
    public static let region = "us-east-1"
    public static let account = "123456789012"

    public static func stateMachine(_ name: String, region: String = region) -> String {
        var text = region == Self.region ? stateMachinePrefix : "arn:aws:states:\(region):\(account):stateMachine:"
        text += name
        return text
    }

    public static func execution(machine: String, name: String, region: String = region) -> String {
        let prefix = region == Self.region ? executionPrefix : "arn:aws:states:\(region):\(account):execution:"
        var text = ""
        text.reserveCapacity(prefix.utf8.count + machine.utf8.count + 1 + name.utf8.count)
        text += prefix
        text += machine
        text += ":"
        text += name
        return text
    }

    /// An Express execution: `express:MACHINE:NAME:ID` (its name need not be unique, the id is).
    public static func expressExecution(machine: String, name: String, id: String, region: String = region) -> String {
        "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(id)"
    }

    /// Whether an execution ARN is an Express execution's.
    public static func isExpressExecution(_ arn: String) -> Bool { arn.contains(":express:") }

    /// The region an ARN names (its fourth field); nil: not an ARN.
    public static func region(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "arn", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }

    /// The resource name an ARN ends with (`...:stateMachine:NAME`, `...:activity:NAME`; a Map
    /// Run child's machine `...:stateMachine:MACHINE/LABEL`).
    public static func name(of arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        return parts.count == 7 ? String(parts[6]) : arn
    }

    /// The machine and the name in a local state machine or execution ARN of any region
    /// (`...:stateMachine:MACHINE`, `...:execution:MACHINE:NAME`, `...:express:MACHINE:NAME:ID`).
    public static func parts(of arn: String) -> (region: String, type: Substring, rest: [Substring])? {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "states", !parts[3].isEmpty, parts[4] == Substring(account) else { return nil }
        return (String(parts[3]), parts[5], parts[6].split(separator: ":", omittingEmptySubsequences: false))
    }

    /// A distributed Map's Map Run: `mapRun:MACHINE/LABEL:ID`.
    public static func mapRun(_ name: String, id: String, region: String = region) -> String { "arn:aws:states:\(region):\(account):mapRun:\(name):\(id)" }
    public static func queueURL(_ name: String) -> String { "https://sqs.\(region).amazonaws.com/\(account)/\(name)" }
    /// The role `$$.Execution.RoleArn` names (nothing checks it locally).
    public static let executionRole = "arn:aws:iam::\(account):role/StepFunctionsLocal"
    /// An activity: `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    public static func activity(_ name: String, region: String = region) -> String { "arn:aws:states:\(region):\(account):activity:\(name)" }
    public static func lambda(_ name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }

    // Every execution makes both ARNs: concatenated, not interpolated.
    private static let stateMachinePrefix = "arn:aws:states:\(region):\(account):stateMachine:"
    private static let executionPrefix = "arn:aws:states:\(region):\(account):execution:"
}
