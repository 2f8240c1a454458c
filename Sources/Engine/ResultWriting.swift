import ASL

/// A distributed Map's `ResultWriter`, as the developer guide's "ResultWriter (Map)" describes it.
/// Once every child execution has ended, and before MapRunSucceeded:
///
/// - with `Resource` (`s3:putObject`) the results go to S3 under `PREFIX/MAP_RUN_ID/`: one file
///   per status that has executions (`SUCCEEDED_0.json`, `FAILED_0.json`; `.jsonl` with
///   `OutputType: JSONL`), then `manifest.json` naming them with their sizes; the state's result is
///   `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key": ".../manifest.json"}}`;
/// - with `WriterConfig` alone the results, transformed, are the state's result.
///
/// Each write is a call of the S3 action like any task resource's (``ItemReading``'s reads): the
/// Map state's mocked response, else the handler registered for `arn:aws:states:::s3:putObject`
/// (``LocalS3``'s with `--s3-root`). A write that fails, or a `Bucket`/`Prefix` that cannot be
/// evaluated, fails the Map Run (MapRunFailed) and then the state with `States.ResultWriterFailed`.
/// A Map Run that exceeds its tolerated failures writes too (``failMapRun``), with PENDING items.
extension Engine {
    /// Ends a Map Run whose children all ended: MapRunSucceeded and the state's result (the
    /// children's outputs, or what the ResultWriter gives), or MapRunFailed when writing failed.
    /// Without a ResultWriter this is MapRunSucceeded with the outputs, at once.
    func completeMapRun(_ state: StateDefinition, results: MapRunResults?, outputs: [JSONValue], input: JSONValue, run: MachineRun,
                        enteredTime: Double, settle: @escaping (MapRunOutcome) -> Void) {
        guard let results else {
            let id = emit(run.execution, .mapRunSucceeded, previous: run.lastEventId, Details(stateName: state.name))
            return settle(.succeeded(.array(outputs), mapRunSucceededId: id))
        }
        writeResults(results, state: state, input: input, run: run, enteredTime: enteredTime) { [unowned self] result in
            guard run.isLive else { return }
            switch result {
            case .success(let value):
                let id = self.emit(run.execution, .mapRunSucceeded, previous: run.lastEventId, Details(stateName: state.name))
                settle(.succeeded(value, mapRunSucceededId: id))
            case .failure(let error):
                self.emit(run, .mapRunFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                settle(.failed(error))
            }
        }
    }

    /// Ends a Map Run that exceeded its tolerated failures: its running children are stopped
    /// (ABORTED), the results so far are written (SUCCEEDED, FAILED with the stopped ones, PENDING
    /// with the items never started), then MapRunFailed, and the state fails with the Map Run's
    /// error (a write that fails too does not change it). Only S3 writes: WriterConfig alone gives
    /// no result. The caller has marked the run settled, so the stopped children's ends are ignored.
    func failMapRun(_ state: StateDefinition, results: MapRunResults, error: StatesError, stopping running: [Int: Execution],
                    pending: ArraySlice<JSONValue>, input: JSONValue, run: MachineRun, enteredTime: Double,
                    finished: @escaping (MapRunOutcome) -> Void) {
        for (index, child) in running.sorted(by: { $0.key < $1.key }) where child.status == .running {
            end(child, status: .aborted, abortCause: "The Map Run was stopped.")
            results.record(index, child)
        }
        let fail = { [unowned self] in
            guard run.isLive else { return }
            self.emit(run, .mapRunFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
            finished(.failed(error))
        }
        guard results.writer.resource != nil else { return fail() }
        results.pending = Array(pending)
        writeResults(results, state: state, input: input, run: run, enteredTime: enteredTime) { _ in fail() }
    }

    private func writeResults(_ results: MapRunResults, state: StateDefinition, input: JSONValue, run: MachineRun, enteredTime: Double,
                              done: @escaping (Result<JSONValue, StatesError>) -> Void) {
        let writer = results.writer
        guard let resource = writer.resource else { return done(.success(.array(results.inline()))) }
        let location: JSONValue
        do throws(StatesError) {
            let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
            if let arguments = writer.arguments {
                location = try evaluate(arguments, field: "ResultWriter/Arguments", scope: statesScope(input, run: run, context: context), run: run)
            } else {
                let parameters = writer.parameters ?? .object([:])
                location = try evaluateTemplate(parameters, input: input, context: parameters.mentionsContextObject ? context() : .null,
                                                variables: run.variables)
            }
        } catch {
            return done(.failure(error))
        }
        guard let bucket = location["Bucket"]?.stringValue, !bucket.isEmpty else {
            return done(.failure(Self.writerFailure("The ResultWriter's Bucket must be a non-empty string, not \(location["Bucket"]?.serialized() ?? "missing")")))
        }
        let prefix: String
        switch location["Prefix"] {
        case nil, .null?: prefix = ""
        case .string(let text)?: prefix = text
        case let other?: return done(.failure(Self.writerFailure("The ResultWriter's Prefix must be a string, not \(other.serialized())")))
        }
        let files = results.files(prefix: prefix)
        let manifestKey = results.directory(prefix: prefix) + "manifest.json"
        let manifest: JSONValue = [
            "DestinationBucket": .string(bucket), "MapRunArn": .string(results.mapRunArn),
            "ResultFiles": .object(Dictionary(uniqueKeysWithValues: MapRunResults.Group.allCases.map { group in
                (group.rawValue, JSONValue.array(files.filter { $0.group == group }.map { ["Key": .string($0.key), "Size": .number(Double($0.body.utf8.count))] }))
            })),
        ]
        let objects = files.map { ($0.key, $0.body) } + [(manifestKey, manifest.serialized())]
        let mocked = run.execution.mocks?.response(state: state.name, invocation: results.mockInvocation)
        let handler = handlers.handler(forResource: resource)
        if mocked == nil, handler == nil {
            return done(.failure(Self.writerFailure(
                "No local handler for \(resource), which the ResultWriter of \"\(state.name)\" calls (run with --s3-root DIR to write DIR/BUCKET/KEY)")))
        }
        let execution = run.execution
        // One PutObject after the other, the manifest last.
        func put(_ index: Int) {
            guard index < objects.count else {
                return done(.success(["MapRunArn": .string(results.mapRunArn),
                                      "ResultWriterDetails": ["Bucket": .string(bucket), "Key": .string(manifestKey)]]))
            }
            let answer: (Result<JSONValue, StatesError>) -> Void = { result in
                switch result {
                case .success: put(index + 1)
                case .failure(let error): done(.failure(Self.writerFailure("\(error.error): \(error.cause)")))
                }
            }
            switch mocked {
            case .returns?: return answer(.success(.object([:])))
            case .throwsError(let error)?: return answer(.failure(error))
            case nil: break
            }
            let request: JSONValue = ["Bucket": .string(bucket), "Key": .string(objects[index].0), "Body": .string(objects[index].1)]
            handler?(TaskInvocation(resource: resource, input: request, stateName: state.name, executionArn: execution.arn,
                                    executionName: execution.name, attempt: 0, taskToken: nil, scheduler: scheduler, completion: answer))
        }
        put(0)
    }

    static func writerFailure(_ cause: String) -> StatesError { StatesError(StatesError.Name.resultWriterFailed, cause) }
}

/// What a Map Run with a ResultWriter keeps of each child execution, in item order, and the
/// result files and inline results made of them.
final class MapRunResults {
    /// The result files' statuses, as the manifest's `ResultFiles` names them.
    enum Group: String, CaseIterable { case succeeded = "SUCCEEDED", failed = "FAILED", pending = "PENDING" }

    /// A child execution as DescribeExecution would show it when it ended.
    struct Child {
        var arn: String, name: String, stateMachineArn: String
        var input: JSONValue, output: JSONValue?
        var status: ExecutionStatus
        var error: String?, cause: String?
        var startDate: Double, stopDate: Double
        var redriveCount: Int
    }

    let writer: ResultWriter
    let mapRunArn: String
    /// The Map state's mocked response for the writes comes after its ItemReader's read, if any.
    let mockInvocation: Int
    private var children: [Child?]
    /// The inputs of the children a failed Map Run never started.
    var pending: [JSONValue] = []

    init(writer: ResultWriter, mapRunArn: String, count: Int, readsItems: Bool) {
        self.writer = writer
        self.mapRunArn = mapRunArn
        mockInvocation = readsItems ? 1 : 0
        children = Array(repeating: nil, count: count)
    }

    func record(_ index: Int, _ child: Execution) {
        children[index] = Child(arn: child.arn, name: child.name, stateMachineArn: child.stateMachineArn, input: child.input,
                                output: child.output, status: child.status, error: child.error, cause: child.cause,
                                startDate: child.startDate, stopDate: child.stopDate ?? child.startDate, redriveCount: child.redriveCount)
    }

    /// The Map Run's id: the last part of its ARN.
    var id: String { String(mapRunArn[mapRunArn.index(after: mapRunArn.lastIndex(of: ":") ?? mapRunArn.startIndex)...]) }

    /// `PREFIX/MAP_RUN_ID/` (no leading slash for an empty prefix, none doubled after one ending in `/`).
    func directory(prefix: String) -> String {
        (prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/") + id + "/"
    }

    /// The results as the state's result (WriterConfig alone): every child in item order.
    func inline() -> [JSONValue] {
        children.compactMap { $0 }.flatMap { transformed($0) }
    }

    /// One file per status that has executions, each a JSON array (or JSON lines); a PENDING entry
    /// is the item's input alone (`{"Input", "InputDetails", "Status": "PENDING"}`).
    func files(prefix: String) -> [(group: Group, key: String, body: String)] {
        let ended = children.compactMap { $0 }
        let groups: [(Group, [JSONValue])] = [
            (.succeeded, ended.filter { $0.status == .succeeded }.flatMap { transformed($0) }),
            (.failed, ended.filter { $0.status != .succeeded }.map { Self.metadata($0) }),
            (.pending, pending.map { ["Input": .string($0.serialized()), "InputDetails": ["Included": true], "Status": "PENDING"] }),
        ]
        let jsonl = writer.outputType == .jsonl
        return groups.filter { !$0.1.isEmpty }.map { group, entries in
            let body = jsonl ? entries.map { $0.serialized() + "\n" }.joined() : JSONValue.array(entries).serialized()
            return (group, directory(prefix: prefix) + "\(group.rawValue)_0." + (jsonl ? "jsonl" : "json"), body)
        }
    }

    /// A child's entries under the Transformation: a failed child is always its metadata (NONE).
    private func transformed(_ child: Child) -> [JSONValue] {
        guard child.status == .succeeded, writer.transformation != .none else { return [Self.metadata(child)] }
        let output = child.output ?? .null
        if writer.transformation == .flatten, let elements = output.arrayValue { return elements }
        return [output]
    }

    /// The execution's metadata as Step Functions writes it in a result file: input and output as
    /// JSON text, a succeeded execution's redrive status, a failed one's error and cause.
    static func metadata(_ child: Child) -> JSONValue {
        var entry: [String: JSONValue] = [
            "ExecutionArn": .string(child.arn), "Name": .string(child.name), "StateMachineArn": .string(child.stateMachineArn),
            "Input": .string(child.input.serialized()), "InputDetails": ["Included": true], "OutputDetails": ["Included": true],
            "RedriveCount": .number(Double(child.redriveCount)), "Status": .string(child.status.rawValue),
            "StartDate": .string(Timestamp.format(child.startDate)), "StopDate": .string(Timestamp.format(child.stopDate)),
        ]
        if child.status == .succeeded {
            entry["Output"] = .string((child.output ?? .null).serialized())
            entry["RedriveStatus"] = "NOT_REDRIVABLE"
            entry["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
        } else {
            entry["RedriveStatus"] = "REDRIVABLE_BY_MAP_RUN"
            if let error = child.error { entry["Error"] = .string(error) }
            if let cause = child.cause { entry["Cause"] = .string(cause) }
        }
        return .object(entry)
    }
}
