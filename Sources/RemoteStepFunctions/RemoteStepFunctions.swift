import Engine
import Foundation
import JSON
import StepFunctions

/// The Step Functions service seam over HTTP: every call is the AWS API operation of the same
/// name, sent to a remote endpoint (AWS in any region, LocalStack, moto, another
/// `pizzadash serve`) by ``AWSJSONClient`` and read back into the seam's values with their
/// `init(awsJSON:)`. List operations page through `nextToken` to the end; GetExecutionHistory is
/// one page as asked (``IncrementalHistoryReader`` reads only new events of a running execution).
/// The live feed (``subscribe(_:)``) polls, see RemoteStepFunctions+Feed.swift. Every
/// operation of the seam is offered.
public final class RemoteStepFunctions: StepFunctionsService {
    public let client: AWSJSONClient
    /// StartSyncExecution's client: AWS serves it on `sync-states.REGION.amazonaws.com`; any other
    /// endpoint serves it where it serves the rest.
    private let syncClient: AWSJSONClient
    /// The feed's pace: between polling rounds, and its backoff when throttled.
    public let feedPace: PollPace

    public init(endpoint: RemoteEndpoint, feedPace: PollPace = PollPace(interval: 2, maxBackoff: 60)) {
        client = AWSJSONClient(endpoint: endpoint)
        var sync = endpoint
        if let host = endpoint.url.host, host.hasPrefix("states."), host.hasSuffix(".amazonaws.com"),
           let url = URL(string: endpoint.url.absoluteString.replacingOccurrences(of: "://states.", with: "://sync-states.")) {
            sync.url = url
        }
        syncClient = sync.url == endpoint.url ? client : AWSJSONClient(endpoint: sync)
        self.feedPace = feedPace
    }

    /// The endpoint and region, for a header or a message.
    public var endpoint: RemoteEndpoint { client.endpoint }

    // MARK: calls

    /// Calls `operation` and reads its answer with `read`; an answer of the wrong shape is an
    /// error naming the operation and the endpoint.
    func call<T>(_ operation: String, _ input: [String: JSONValue], on client: AWSJSONClient? = nil, timeout: Double? = nil,
                 _ read: (JSONValue) throws(AWSShapeError) -> T) async throws(ServiceError) -> T {
        let answer = try await (client ?? self.client).call(operation, input, timeout: timeout)
        do { return try read(answer) } catch {
            throw ServiceError(.unreachable, "\(operation) on \(endpoint.url.absoluteString) answered something that is not AWS's shape: \(error)")
        }
    }

    /// Calls a List operation page after page (`nextToken`) and gathers the items under `member`.
    func callPaged<T>(_ operation: String, _ input: [String: JSONValue], member: String,
                      _ read: (JSONValue) throws(AWSShapeError) -> T) async throws(ServiceError) -> [T] {
        var items: [T] = []
        var input = input
        var tokens = Set<String>()
        while true {
            let answer = try await client.call(operation, input)
            guard let page = answer[member]?.arrayValue else {
                throw ServiceError(.unreachable, "\(operation) on \(endpoint.url.absoluteString) answered no \"\(member)\" list")
            }
            for item in page {
                do { items.append(try read(item)) } catch {
                    throw ServiceError(.unreachable, "\(operation) on \(endpoint.url.absoluteString) answered something that is not AWS's shape: \(error)")
                }
            }
            // A token seen before would page for ever.
            guard let token = answer["nextToken"]?.stringValue, tokens.insert(token).inserted else { return items }
            input["nextToken"] = .string(token)
        }
    }

    // MARK: state machines

    public func createStateMachine(name: String, definition: String, type: String, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        guard let roleArn else { throw ServiceError(.validation, "CreateStateMachine on a remote endpoint needs a roleArn (the role its executions run as)") }
        let created = try await call("CreateStateMachine", ["name": .string(name), "definition": .string(definition), "type": .string(type),
                                                             "roleArn": .string(roleArn)]) { json throws(AWSShapeError) in
            try AWSJSON.string(json, "stateMachineArn", in: "CreateStateMachine's answer")
        }
        return try await describeStateMachine(arn: created)
    }

    public func describeStateMachine(arn: String) async throws(ServiceError) -> StateMachineDescription {
        try await call("DescribeStateMachine", ["stateMachineArn": .string(arn)], StateMachineDescription.init(awsJSON:))
    }

    public func describeStateMachineForExecution(executionArn: String) async throws(ServiceError) -> StateMachineDescription {
        try await call("DescribeStateMachineForExecution", ["executionArn": .string(executionArn)], StateMachineDescription.init(awsJSON:))
    }

    public func listStateMachines() async throws(ServiceError) -> [StateMachineListItem] {
        try await callPaged("ListStateMachines", ["maxResults": 1000], member: "stateMachines", StateMachineListItem.init(awsJSON:))
    }

    public func updateStateMachine(arn: String, definition: String?, roleArn: String?) async throws(ServiceError) -> StateMachineDescription {
        var input: [String: JSONValue] = ["stateMachineArn": .string(arn)]
        if let definition { input["definition"] = .string(definition) }
        if let roleArn { input["roleArn"] = .string(roleArn) }
        _ = try await client.call("UpdateStateMachine", input)
        return try await describeStateMachine(arn: arn)
    }

    public func deleteStateMachine(arn: String) async throws(ServiceError) {
        _ = try await client.call("DeleteStateMachine", ["stateMachineArn": .string(arn)])
    }

    // MARK: executions

    /// A nil name is a fresh UUID (AWS's own default, sent explicitly: some emulators name it "None").
    /// A `testCase` is appended to the machine's ARN as `#NAME`, as Step Functions Local reads it.
    public func startExecution(_ input: StartExecutionInput) async throws(ServiceError) -> StartExecutionOutput {
        try await call("StartExecution", Self.startInput(input), StartExecutionOutput.init(awsJSON:))
    }

    /// StartSyncExecution; with `anyType`, a machine the service will not run synchronously
    /// (a STANDARD one) is started and then described, paced, until it has ended.
    public func startSyncExecution(_ input: StartExecutionInput, anyType: Bool) async throws(ServiceError) -> ExecutionDescription {
        do {
            return try await call("StartSyncExecution", Self.startInput(input), on: syncClient, ExecutionDescription.init(awsJSON:))
        } catch where anyType && error.kind == .stateMachineTypeNotSupported {
            let started = try await startExecution(input)
            var pace = PollPace(interval: 0.5, maxBackoff: 10)
            while true {
                do {
                    let described = try await describeExecution(arn: started.executionArn)
                    if described.status.isFinished { return described }
                    await PollPace.sleep(pace.succeeded())
                } catch where error.kind == .throttling {
                    await PollPace.sleep(pace.throttled())
                }
            }
        }
    }

    static func startInput(_ input: StartExecutionInput) -> [String: JSONValue] {
        ["stateMachineArn": .string(input.stateMachineArn + (input.testCase.map { "#" + $0 } ?? "")),
         "name": .string(input.name ?? UUID().uuidString.lowercased()), "input": .string(input.input.serialized())]
    }

    public func describeExecution(arn: String) async throws(ServiceError) -> ExecutionDescription {
        try await call("DescribeExecution", ["executionArn": .string(arn)], ExecutionDescription.init(awsJSON:))
    }

    /// Every page, newest first as AWS lists them.
    public func listExecutions(stateMachineArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        var input: [String: JSONValue] = ["stateMachineArn": .string(stateMachineArn), "maxResults": 1000]
        if let status { input["statusFilter"] = .string(status.rawValue) }
        if let redriveFilter { input["redriveFilter"] = .string(redriveFilter.rawValue) }
        return try await callPaged("ListExecutions", input, member: "executions", ExecutionListItem.init(awsJSON:))
    }

    /// A Map Run's child executions, every page, newest first.
    public func listExecutions(mapRunArn: String, status: ExecutionStatus?, redriveFilter: ExecutionRedriveFilter?) async throws(ServiceError) -> [ExecutionListItem] {
        var input: [String: JSONValue] = ["mapRunArn": .string(mapRunArn), "maxResults": 1000]
        if let status { input["statusFilter"] = .string(status.rawValue) }
        if let redriveFilter { input["redriveFilter"] = .string(redriveFilter.rawValue) }
        return try await callPaged("ListExecutions", input, member: "executions", ExecutionListItem.init(awsJSON:))
    }

    // MARK: Map Runs

    public func describeMapRun(arn: String) async throws(ServiceError) -> MapRunDescription {
        try await call("DescribeMapRun", ["mapRunArn": .string(arn)]) { json throws(AWSShapeError) in try MapRunDescription(awsJSON: json) }
    }

    /// ListMapRuns, then DescribeMapRun of each (the seam's values carry the counts and settings).
    public func listMapRuns(executionArn: String) async throws(ServiceError) -> [MapRunDescription] {
        let listed = try await callPaged("ListMapRuns", ["executionArn": .string(executionArn), "maxResults": 1000], member: "mapRuns") {
            json throws(AWSShapeError) in
            (try AWSJSON.string(json, "mapRunArn", in: "a ListMapRuns entry"), json["stateMachineArn"]?.stringValue ?? "")
        }
        var described: [MapRunDescription] = []
        for (arn, machine) in listed {
            var mapRun = try await describeMapRun(arn: arn)
            mapRun.stateMachineArn = machine
            described.append(mapRun)
        }
        return described
    }

    public func updateMapRun(arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?,
                             toleratedFailureCount: Int?) async throws(ServiceError) {
        var input: [String: JSONValue] = ["mapRunArn": .string(arn)]
        if let maxConcurrency { input["maxConcurrency"] = .number(Double(maxConcurrency)) }
        if let toleratedFailurePercentage { input["toleratedFailurePercentage"] = .number(toleratedFailurePercentage) }
        if let toleratedFailureCount { input["toleratedFailureCount"] = .number(Double(toleratedFailureCount)) }
        _ = try await client.call("UpdateMapRun", input)
    }

    /// One page of ListExecutions (newest first), for a screen that pages as the user scrolls.
    public func listExecutionsPage(stateMachineArn: String, maxResults: Int = 100,
                                   nextToken: String? = nil) async throws(ServiceError) -> (items: [ExecutionListItem], nextToken: String?) {
        var input: [String: JSONValue] = ["stateMachineArn": .string(stateMachineArn), "maxResults": .number(Double(maxResults))]
        if let nextToken { input["nextToken"] = .string(nextToken) }
        return try await call("ListExecutions", input) { json throws(AWSShapeError) in
            guard let items = json["executions"]?.arrayValue else { throw AWSShapeError(shape: "ListExecutions' answer", member: "executions") }
            var page: [ExecutionListItem] = []
            for item in items { page.append(try ExecutionListItem(awsJSON: item)) }
            return (page, json["nextToken"]?.stringValue)
        }
    }

    public func stopExecution(arn: String, error: String?, cause: String?) async throws(ServiceError) -> Double {
        var input: [String: JSONValue] = ["executionArn": .string(arn)]
        if let error { input["error"] = .string(error) }
        if let cause { input["cause"] = .string(cause) }
        return try await call("StopExecution", input) { json throws(AWSShapeError) in try AWSJSON.date(json, "stopDate", in: "StopExecution's answer") }
    }

    public func getExecutionHistory(arn: String, page: HistoryPageRequest) async throws(ServiceError) -> HistoryPage {
        var input: [String: JSONValue] = ["executionArn": .string(arn), "maxResults": .number(Double(page.maxResults)),
                                          "reverseOrder": .bool(page.reverseOrder)]
        if let token = page.nextToken { input["nextToken"] = .string(token) }
        return try await call("GetExecutionHistory", input, HistoryPage.init(awsJSON:))
    }

    public func redriveExecution(arn: String, clientToken: String?) async throws(ServiceError) -> Double {
        var input: [String: JSONValue] = ["executionArn": .string(arn)]
        if let clientToken { input["clientToken"] = .string(clientToken) }
        return try await call("RedriveExecution", input) { json throws(AWSShapeError) in
            try AWSJSON.date(json, "redriveDate", in: "RedriveExecution's answer")
        }
    }

    // MARK: task tokens

    public func sendTaskSuccess(token: String, output: JSONValue) async throws(ServiceError) {
        _ = try await client.call("SendTaskSuccess", ["taskToken": .string(token), "output": .string(output.serialized())])
    }

    public func sendTaskFailure(token: String, error: String, cause: String) async throws(ServiceError) {
        _ = try await client.call("SendTaskFailure", ["taskToken": .string(token), "error": .string(error), "cause": .string(cause)])
    }

    public func sendTaskHeartbeat(token: String) async throws(ServiceError) {
        _ = try await client.call("SendTaskHeartbeat", ["taskToken": .string(token)])
    }

    // MARK: testing a state

    public func testState(_ input: TestStateInput) async throws(ServiceError) -> TestStateOutput {
        let request = input.awsJSON.objectValue ?? [:]
        return try await call("TestState", request) { json throws(AWSShapeError) in try TestStateOutput(awsJSON: json, for: input) }
    }
}
