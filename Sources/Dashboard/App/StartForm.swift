import ASL

/// One field of a start form: free text, JSON (checked as it is typed), or a fixed choice.
public struct FormFieldDescription: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text
        /// Must parse as JSON; the parser's message and position show under the field.
        case json
        /// One of these values (shown as they are); left/right/space move through them.
        case choice([String])
    }

    /// What the shell receives the value under.
    public var key: String
    public var label: String
    public var kind: Kind
    /// The text (or the choice) the field starts with.
    public var initial: String

    public init(key: String, label: String? = nil, kind: Kind = .text, initial: String = "") {
        self.key = key
        self.label = label ?? key
        self.kind = kind
        self.initial = initial
    }
}

/// The fields the form asks for one state machine. The first field of every form is the
/// state machine itself (added by the dashboard); these follow it.
public struct FormDescription: Sendable, Hashable {
    public var fields: [FormFieldDescription]

    public init(fields: [FormFieldDescription]) {
        self.fields = fields
    }

    /// The test case choice that runs without mocks.
    public static let noTestCase = "(none)"

    /// Any state machine: an optional execution name, the input as JSON, and a mock test case
    /// when the machine has some.
    public static func generic(testCases: [String] = []) -> FormDescription {
        var fields = [FormFieldDescription(key: StartRequest.nameKey, label: "execution name"),
                      FormFieldDescription(key: StartRequest.inputKey, label: "input (JSON)", kind: .json, initial: "{}")]
        if !testCases.isEmpty {
            fields.append(FormFieldDescription(key: StartRequest.testCaseKey, label: "mock test case", kind: .choice([noTestCase] + testCases),
                                               initial: noTestCase))
        }
        return FormDescription(fields: fields)
    }
}

/// A key that starts something at once with the last values of a machine's form (e.g. every
/// outcome of a workflow), then shows what it started side by side.
public struct QuickStart: Sendable, Hashable {
    public var key: Character
    public var machineName: String
    /// Values that replace the remembered ones.
    public var values: [String: String]
    /// What the help overlay and the footer say about the key.
    public var help: String
    public var footer: String
    /// What the footer says while it starts.
    public var message: String

    public init(key: Character, machineName: String, values: [String: String], help: String, footer: String, message: String) {
        self.key = key
        self.machineName = machineName
        self.values = values
        self.help = help
        self.footer = footer
        self.message = message
    }
}

/// What the form asks the shell to start: the machine and each field's value by key.
public struct StartRequest: Sendable, Hashable {
    public static let nameKey = "name"
    public static let inputKey = "input"
    public static let testCaseKey = "testCase"

    /// The machine to start (its ARN: names need not be unique), and its name.
    public var machineArn: String
    public var machineName: String
    public var values: [String: String]

    public init(machineArn: String, machineName: String, values: [String: String]) {
        self.machineArn = machineArn
        self.machineName = machineName
        self.values = values
    }
}

/// A bad value: which field (by key), and what it must be. Nothing is started.
public struct FieldError: Error, Sendable, Hashable {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }
}

/// The open form (`n`): the chosen machine, each field's text, the focused row (0 is the
/// machine), and the error shown under a field.
public struct StartForm: Sendable, Hashable {
    /// The machines' names, as the form shows them, and their ARNs.
    public var machines: [String]
    public var machineArns: [String]
    public var machineIndex: Int
    public var description: FormDescription
    public var values: [String]
    public var focus: Int
    public var error: FieldError?

    public init(machines: [String], machineArns: [String], machineIndex: Int, description: FormDescription, values: [String: String], focus: Int = 1) {
        self.machines = machines
        self.machineArns = machineArns
        self.machineIndex = machineIndex
        self.description = description
        self.values = description.fields.map { values[$0.key] ?? $0.initial }
        self.focus = min(focus, description.fields.count)
        self.error = nil
    }

    public var machineName: String { machines[machineIndex] }

    /// What the form's first row shows: the name, and where it is when another machine has the
    /// same name (`orders (eu-west-1)`: the region and account of its ARN).
    public var machineTitle: String {
        guard machines.filter({ $0 == machineName }).count > 1 else { return machineName }
        let parts = machineArns[machineIndex].split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 4 ? "\(machineName) (\(parts[3]) \(parts[4]))" : "\(machineName) (\(machineArns[machineIndex]))"
    }

    /// Rows: the machine, then the fields.
    public var rowCount: Int { description.fields.count + 1 }

    public var request: StartRequest {
        StartRequest(machineArn: machineArns[machineIndex], machineName: machineName, values: Dictionary(uniqueKeysWithValues: zip(description.fields.map(\.key), values)))
    }

    /// The first JSON field that does not parse, with the parser's message (which says where).
    public func jsonError() -> FieldError? {
        for (field, value) in zip(description.fields, values) where field.kind == .json {
            do {
                _ = try JSONValue(parsing: value)
            } catch {
                return FieldError(key: field.key, message: "\(error)")
            }
        }
        return nil
    }
}
