import ASL
import Dashboard
import Foundation
import History
import StepFunctions

/// What the dashboard asks of the shell (``DashboardEffect``), done through the service's async
/// operations: each answer comes back through the inbox as an action, on the loop's thread.
/// What changes the service (StartExecution, StopExecution, RedriveExecution, creating or
/// updating a machine) is refused when read-only and, when the loop confirms actions, waits
/// for `y` (any other key keeps things as they are).
extension ServiceDashboardLoop {
    func perform(_ effect: DashboardEffect) {
        switch effect {
        case .quit:
            quit = true
        case .start(let request):
            startExecution(machineArn: request.machineArn, machineName: request.machineName, name: request.values[StartRequest.nameKey],
                           inputText: request.values[StartRequest.inputKey] ?? "{}",
                           testCase: request.values[StartRequest.testCaseKey].flatMap { $0 == FormDescription.noTestCase ? nil : $0 }) { [unowned self] result in
                switch result {
                case .success(let message): dispatch(.startAccepted(message: message))
                case .failure(let error): dispatch(.startRefused(error))
                }
            }
        case .startExecution(let machineArn, let input):
            let machineName = state.machine(machineArn)?.name ?? String(machineArn.split(separator: ":").last ?? "")
            startExecution(machineArn: machineArn, machineName: machineName, name: nil, inputText: input, testCase: nil) { [unowned self] result in
                switch result {
                case .success(let message): dispatch(.startAccepted(message: message))
                case .failure(let error): dispatch(.failed(":start: \(error.message)"))
                }
            }
        case .stop(let arn):
            stop(arn)
        case .redrive(let arn):
            redrive(arn)
        case .setSpeed(let mode):
            // The service runs at its own pace: the speed is the replay's alone.
            dispatch(.message("replays play at \(mode.label); the service's executions run at their own pace"))
        case .openDefinition(let path):
            open(path)
        case .export(let format, let path, let machineArn, let machineName, let arn):
            let execution = arn.flatMap(state.execution)
            let definition = execution.flatMap(state.definition(of:)) ?? state.definition(ofMachine: machineArn)
            dispatch(.message(DashboardFiles.export(format: format, path: path, machineName: machineName, definition: definition, events: execution?.events)))
        case .copyToClipboard(let text):
            copied.append(text)
            screen?.copyToClipboard(text)
        case .inspectState(let request):
            inspect(request)
        }
    }

    /// Runs `action` unless read-only (then `refuse` gets the line saying so); when actions are
    /// confirmed, only after `y` to `question` (else `cancel`).
    private func guarded(_ operation: String, question: String, refuse: (String) -> Void, cancel: @escaping () -> Void, _ action: @escaping () -> Void) {
        guard !readOnly else {
            refuse("read-only: \(operation) is turned off (--read-only)")
            return
        }
        guard confirmsActions else {
            action()
            return
        }
        let line = "\(question)? y: yes, any other key: no"
        confirmation = (question: line, yes: action, no: cancel)
        dispatch(.message(line))
    }

    /// The last part of an ARN: an execution's name (or an express execution's id).
    private func shortName(_ arn: String) -> String { String(arn.split(separator: ":").last ?? "") }

    /// StartExecution of the machine `machineArn` (named `machineName`) with this input; the new
    /// execution is shown at once.
    private func startExecution(machineArn: String, machineName: String, name: String?, inputText: String, testCase: String?,
                                report: @escaping (Result<String, FieldError>) -> Void) {
        let input: JSONValue
        do {
            input = try JSONValue(parsing: inputText)
        } catch {
            report(.failure(FieldError(key: StartRequest.inputKey, message: "\(error)")))
            return
        }
        guard poller.machines[machineArn] != nil else {
            report(.failure(FieldError(key: StartRequest.nameKey, message: "the service has no state machine \(machineName) (\(machineArn))")))
            return
        }
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespaces)
        let request = StartExecutionInput(stateMachineArn: machineArn, name: trimmed.isEmpty ? nil : trimmed, input: input, testCase: testCase)
        let service = self.service
        guarded("StartExecution", question: "Start an execution of \(machineName) on the service",
                refuse: { report(.failure(FieldError(key: StartRequest.nameKey, message: $0))) },
                cancel: { report(.failure(FieldError(key: StartRequest.nameKey, message: "not started: not confirmed"))) }) { [unowned self] in
            dispatch(.message("starting an execution of \(machineName)…"))
            launch({ () async throws(ServiceError) -> StartExecutionOutput in try await service.startExecution(request) }) { [unowned self] result in
                switch result {
                case .success(let output):
                    poller.adopt(executionArn: output.executionArn, machineArn: machineArn, startDate: output.startDate)
                    if state.execution(output.executionArn) == nil {
                        let name = request.name ?? shortName(output.executionArn)
                        dispatch(.executionStarted(ExecutionSummary(arn: output.executionArn, machineArn: machineArn, machineName: machineName, label: name,
                                                                    startDate: output.startDate)))
                    }
                    report(.success("started \(shortName(output.executionArn)) of \(machineName)"))
                case .failure(let error):
                    let key = error.kind == .validation && testCase != nil ? StartRequest.testCaseKey : StartRequest.nameKey
                    report(.failure(FieldError(key: key, message: ServiceBackoff.oneLine(error))))
                }
            }
        }
    }

    private func stop(_ arn: String) {
        let name = shortName(arn)
        let service = self.service
        guarded("StopExecution", question: "Stop \(name) on the service", refuse: { [unowned self] in dispatch(.failed($0)) },
                cancel: { [unowned self] in dispatch(.message("not stopped: \(name)")) }) { [unowned self] in
            dispatch(.message("stopping \(name)…"))
            launch({ () async throws(ServiceError) -> Double in
                try await service.stopExecution(arn: arn, error: "Stopped", cause: "stopped from the dashboard")
            }) { [unowned self] result in
                switch result {
                case .success:
                    poller.readSoon(arn)
                    dispatch(.message("stopped \(name)"))
                case .failure(let error):
                    dispatch(.failed("not stopped: \(name): \(ServiceBackoff.oneLine(error))"))
                }
            }
        }
    }

    private func redrive(_ arn: String) {
        let name = shortName(arn)
        let service = self.service
        guarded("RedriveExecution", question: "Redrive \(name) on the service", refuse: { [unowned self] in dispatch(.failed(":redrive: \($0)")) },
                cancel: { [unowned self] in dispatch(.message("not redriven: \(name)")) }) { [unowned self] in
            dispatch(.message("redriving \(name)…"))
            launch({ () async throws(ServiceError) -> Double in try await service.redriveExecution(arn: arn, clientToken: nil) }) { [unowned self] result in
                switch result {
                case .success:
                    poller.readSoon(arn)
                    dispatch(.message("redriven \(name)"))
                case .failure(let error):
                    dispatch(.failed(":redrive: \(ServiceBackoff.oneLine(error))"))
                }
            }
        }
    }

    /// `:open FILE`: creates the state machine named after the file on the service, or updates
    /// it if the service has one of that name; it is then described again for the graph.
    private func open(_ path: String) {
        let expanded = NSString(string: path).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded), let text = String(data: data, encoding: .utf8) else {
            dispatch(.failed(":open: cannot read \(path)"))
            return
        }
        let name = DashboardFiles.machineName(forFile: expanded)
        guard !name.isEmpty else {
            dispatch(.failed(":open: \(path): the file name gives no state machine name"))
            return
        }
        let named = poller.machineArns(named: name)
        guard named.count <= 1 else {
            dispatch(.failed(":open: \(path): \(named.count) state machines are named \(name) (\(named.joined(separator: ", "))): not updated"))
            return
        }
        let existing = named.first
        let service = self.service
        guarded(existing == nil ? "CreateStateMachine" : "UpdateStateMachine",
                question: existing == nil ? "Create the state machine \(name) on the service" : "Update the state machine \(name) on the service",
                refuse: { [unowned self] in dispatch(.failed(":open: \($0)")) },
                cancel: { [unowned self] in dispatch(.message("not opened: \(path)")) }) { [unowned self] in
            launch({ () async throws(ServiceError) -> StateMachineDescription in
                if let existing { return try await service.updateStateMachine(arn: existing, definition: text) }
                return try await service.createStateMachine(name: name, definition: text)
            }) { [unowned self] result in
                switch result {
                case .success(let description):
                    poller.redescribe(machineArn: description.stateMachineArn, name: name)
                    dispatch(.message("opened \(name) from \(path): n starts it"))
                case .failure(let error):
                    dispatch(.failed(":open: \(path): \(ServiceBackoff.oneLine(error))"))
                }
            }
        }
    }

    /// Runs the state again on its own through the service's TestState, from the run's input
    /// and its recorded result (or error), and hands the dashboard the value after each step.
    private func inspect(_ request: StateInspectionRequest) {
        let key = request.key
        // The definition the execution ran, and its role (DescribeStateMachineForExecution).
        guard let execution = poller.executions[request.executionArn], let text = execution.definitionText else {
            dispatch(.stateInspected(key: key, nil))
            return
        }
        var mock: TestStateInput.Mock?
        if let error = request.error {
            mock = TestStateInput.Mock(error: error, cause: request.cause ?? "", hasErrorOutput: true)
        } else if let result = request.result {
            mock = TestStateInput.Mock(result: result.serialized())
        }
        let input = TestStateInput(definition: text, roleArn: execution.roleArn, input: request.input.serialized(), inspectionLevel: .debug,
                                   variables: request.variables.isEmpty ? nil : JSONValue.object(request.variables).serialized(),
                                   stateName: request.stateName, mock: mock, context: request.context.serialized(),
                                   stateConfiguration: request.retryCount > 0 ? TestStateInput.StateConfiguration(retrierRetryCount: request.retryCount) : nil)
        let service = self.service
        launch({ () async throws(ServiceError) -> TestStateOutput in try await service.testState(input) }) { [unowned self] result in
            dispatch(.stateInspected(key: key, (try? result.get())?.inspection))
        }
    }
}
