import ASL
import History

/// What the shell needs to inspect one finished run of a state (the service's TestState runs
/// the state again on its own, from the run's input and its recorded result), so that the
/// detail pane can show the value after each processing step as the console's advanced view does.
public struct StateInspectionRequest: Sendable, Equatable {
    /// Where the answer goes: ``DashboardState/inspections`` under this key.
    public var key: String
    /// The execution whose run this is: TestState runs the state of the definition it ran.
    public var executionArn: String
    public var machineArn: String
    public var machineName: String
    public var stateName: String
    public var input: JSONValue
    /// The task's result as the history recorded it (a Task that succeeded).
    public var result: JSONValue?
    /// The error the run ended with (a Task whose last attempt failed).
    public var error: String?
    public var cause: String?
    /// Failed attempts before the last one (TestState's `retrierRetryCount`).
    public var retryCount: Int
    /// The variables in scope when the run began, as far as the history tells them.
    public var variables: [String: JSONValue]
    /// The context object (`$$`) as it was: the execution's and the state's.
    public var context: JSONValue
}

extension DashboardState {
    /// The run whose details the detail pane shows, when the service should inspect it: a
    /// finished run of a Task, Pass or Choice state not inspected or asked for yet.
    func inspectionToRequest(cache: ViewCache) -> StateInspectionRequest? {
        guard mode == .main || mode == .stateDetails(arn: selectedExecution?.arn ?? ""), let name = selectedState, let summary = selectedExecution,
              let definition = definition(of: summary), let stateDefinition = findState(name, in: definition) else { return nil }
        switch stateDefinition.kind {
        case .task, .pass, .choice: break
        default: return nil
        }
        let events = focusingIteration(cache: cache).execution(summary.arn)?.events ?? summary.events
        let timeline = cache.timeline(arn: summary.arn, events: summary.events, definition: definition)
        guard let run = StateRun(name, key: detailRunKey, summary: summary, timeline: timeline, cache: cache), run.row.end != nil else { return nil }
        let key = inspectionKey(summary.arn, run.row.key)
        guard inspections[key] == nil, !inspectionsAsked.contains(key),
              let entered = run.events.first(where: { $0.type.isStateEntered }), let input = entered.details.input else { return nil }
        var request = StateInspectionRequest(key: key, executionArn: summary.arn, machineArn: summary.machineArn, machineName: summary.machineName, stateName: name, input: input, retryCount: 0,
                                             variables: [:], context: .null)
        if case .task = stateDefinition.kind {
            let outcomes = run.events.filter { $0.type.schedulesTask == false && ($0.details.error != nil || $0.type.rawValue.hasSuffix("Succeeded")) }
            guard let last = outcomes.last else { return nil }
            if last.details.error != nil || last.details.cause != nil {
                request.error = last.details.error ?? ""
                request.cause = last.details.cause ?? ""
            } else {
                request.result = last.details.output ?? .null
            }
            request.retryCount = max(0, run.row.attempts.count - 1)
        }
        // Variables: every assignment recorded before the run began, in order.
        for event in events.prefix(while: { $0.id < entered.id }) {
            for (variable, value) in event.details.assignedVariables ?? [:] { request.variables[variable] = value }
        }
        let executionInput = summary.events.first { $0.type == .executionStarted }?.details.input ?? .object([:])
        request.context = .object([
            "Execution": .object(["Id": .string(summary.arn), "Input": executionInput, "Name": .string(String(summary.arn.split(separator: ":").last ?? "")),
                                  "StartTime": .string(Timestamp.format(summary.startDate))]),
            "State": .object(["Name": .string(name), "EnteredTime": .string(Timestamp.format(entered.timestamp)),
                              "RetryCount": .number(Double(request.retryCount))]),
            "StateMachine": .object(["Name": .string(summary.machineName)]),
        ])
        return request
    }
}
