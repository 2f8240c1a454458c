import Engine

/// A state machine ARN, perhaps qualified: `...:stateMachine:NAME` names the machine (its latest
/// revision), `...:stateMachine:NAME:12` its version 12, `...:stateMachine:NAME:PROD` its alias
/// PROD (an alias name is never all digits, so the two cannot be confused).
enum QualifiedARN: Equatable {
    case machine(String)
    case version(machine: String, number: Int)
    case alias(machine: String, name: String)

    /// nil: not a local state machine ARN at all.
    init?(_ arn: String) {
        let prefix = LocalARN.stateMachine("")
        guard arn.hasPrefix(prefix) else { return nil }
        let parts = arn.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { return nil }
        let machine = String(parts[0])
        guard parts.count == 2 else {
            self = .machine(machine)
            return
        }
        let qualifier = parts[1]
        if !qualifier.isEmpty, qualifier.allSatisfy(\.isASCII), qualifier.allSatisfy(\.isNumber) {
            guard let number = Int(qualifier), number > 0 else { return nil }
            self = .version(machine: machine, number: number)
        } else if !qualifier.isEmpty {
            self = .alias(machine: machine, name: String(qualifier))
        } else {
            return nil
        }
    }

    var machineName: String {
        switch self {
        case .machine(let name), .version(let name, _), .alias(let name, _): return name
        }
    }

    static func version(_ machine: String, _ number: Int) -> String { LocalARN.stateMachine(machine) + ":" + String(number) }
    static func alias(_ machine: String, _ name: String) -> String { LocalARN.stateMachine(machine) + ":" + name }
}
