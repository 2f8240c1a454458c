import ASL

/// Mocked task results in AWS Step Functions Local's MockConfigFile format:
///
/// ```json
/// {"StateMachines": {"Machine": {"TestCases": {"HappyPath": {"State": "MockedResponseName"}}}},
///  "MockedResponses": {"MockedResponseName": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": "E", "Cause": "C"}}}}}
/// ```
///
/// The keys of a mocked response are invocation numbers of that state within one execution
/// (0 is the first attempt); a range `"1-2"` covers both ends.
public struct MockConfig: Sendable, Equatable {
    public enum Response: Sendable, Equatable {
        case returns(JSONValue)
        case throwsError(StatesError)
    }

    /// For one test case: state name -> responses by invocation number ranges.
    public struct TestCase: Sendable, Equatable {
        public var responses: [String: [(ClosedRange<Int>, Response)]]

        public static func == (lhs: TestCase, rhs: TestCase) -> Bool {
            lhs.responses.keys == rhs.responses.keys && lhs.responses.allSatisfy { key, value in
                let other = rhs.responses[key]!
                return value.count == other.count && zip(value, other).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            }
        }

        /// The response for the `invocation`-th call of `state`, nil when the state is not mocked.
        /// Past the last range, the last response repeats (as Step Functions Local does).
        public func response(state: String, invocation: Int) -> Response? {
            guard let ranges = responses[state], !ranges.isEmpty else { return nil }
            if let hit = ranges.first(where: { $0.0.contains(invocation) }) { return hit.1 }
            return ranges.max(by: { $0.0.upperBound < $1.0.upperBound })?.1
        }
    }

    public var testCases: [String: [String: TestCase]]

    /// Reads and checks a MockConfigFile; problems name their JSON location.
    public init(json: JSONValue) throws(DefinitionError) {
        var problems: [ValidationProblem] = []
        var responsesByName: [String: [(ClosedRange<Int>, Response)]] = [:]
        if let mocked = json["MockedResponses"]?.objectValue {
            for (name, value) in mocked {
                let location = "/MockedResponses/\(name)"
                guard let entries = value.objectValue else {
                    problems.append(ValidationProblem(location: location, message: "must be an object keyed by invocation numbers"))
                    continue
                }
                var ranges: [(ClosedRange<Int>, Response)] = []
                for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                    guard let range = Self.range(key) else {
                        problems.append(ValidationProblem(location: "\(location)/\(key)", message: "key must be an invocation number like \"0\" or a range like \"1-2\""))
                        continue
                    }
                    if let value = entry["Return"] {
                        ranges.append((range, .returns(value)))
                    } else if let thrown = entry["Throw"] {
                        guard let error = thrown["Error"]?.stringValue else {
                            problems.append(ValidationProblem(location: "\(location)/\(key)/Throw/Error", message: "missing required string"))
                            continue
                        }
                        ranges.append((range, .throwsError(StatesError(error, thrown["Cause"]?.stringValue ?? ""))))
                    } else {
                        problems.append(ValidationProblem(location: "\(location)/\(key)", message: "needs \"Return\" or \"Throw\""))
                    }
                }
                responsesByName[name] = ranges.sorted { $0.0.lowerBound < $1.0.lowerBound }
            }
        } else if json["MockedResponses"] != nil {
            problems.append(ValidationProblem(location: "/MockedResponses", message: "must be an object"))
        }
        var cases: [String: [String: TestCase]] = [:]
        guard let machines = json["StateMachines"]?.objectValue else {
            throw DefinitionError(problems: problems + [ValidationProblem(location: "/StateMachines", message: "missing or not an object")])
        }
        for (machine, value) in machines {
            guard let testCases = value["TestCases"]?.objectValue else {
                problems.append(ValidationProblem(location: "/StateMachines/\(machine)/TestCases", message: "missing or not an object"))
                continue
            }
            for (caseName, mapping) in testCases {
                var testCase = TestCase(responses: [:])
                for (state, responseName) in mapping.objectValue ?? [:] {
                    let location = "/StateMachines/\(machine)/TestCases/\(caseName)/\(state)"
                    guard let name = responseName.stringValue else {
                        problems.append(ValidationProblem(location: location, message: "must name a mocked response"))
                        continue
                    }
                    guard let responses = responsesByName[name] else {
                        problems.append(ValidationProblem(location: location, message: "no mocked response named \"\(name)\""))
                        continue
                    }
                    testCase.responses[state] = responses
                }
                cases[machine, default: [:]][caseName] = testCase
            }
        }
        if !problems.isEmpty { throw DefinitionError(problems: problems.sorted { $0.location < $1.location }) }
        testCases = cases
    }

    /// The test case `name` of state machine `machine`.
    public func testCase(machine: String, name: String) -> TestCase? {
        testCases[machine]?[name]
    }

    static func range(_ key: String) -> ClosedRange<Int>? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let n = Int(parts[0]), n >= 0 { return n...n }
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b >= a { return a...b }
        return nil
    }
}
