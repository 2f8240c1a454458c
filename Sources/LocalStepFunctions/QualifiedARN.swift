import Engine

/// A state machine ARN of any region, perhaps qualified: `...:stateMachine:NAME` names the
/// machine (its latest revision), `...:stateMachine:NAME:12` its version 12,
/// `...:stateMachine:NAME:PROD` its alias PROD (an alias name is never all digits, so the two
/// cannot be confused). Each case holds the unqualified machine ARN, the registry's key.
enum QualifiedARN: Equatable {
    case machine(String)
    case version(machine: String, number: Int)
    case alias(machine: String, name: String)

    /// nil: not a local state machine ARN at all.
    init?(_ arn: String) {
        guard let (_, type, parts) = LocalARN.parts(of: arn), type == "stateMachine",
              (1...2).contains(parts.count), !parts[0].isEmpty else { return nil }
        let machine = parts.count == 1 ? arn : String(arn.dropLast(parts[1].count + 1))
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

    /// The unqualified machine ARN.
    var machineArn: String {
        switch self {
        case .machine(let arn), .version(let arn, _), .alias(let arn, _): return arn
        }
    }

    static func version(_ machineArn: String, _ number: Int) -> String { machineArn + ":" + String(number) }
    static func alias(_ machineArn: String, _ name: String) -> String { machineArn + ":" + name }
}
