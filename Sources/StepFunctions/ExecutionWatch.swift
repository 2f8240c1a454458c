import Engine

/// Follows one execution until it ends, through DescribeExecution and an
/// ``IncrementalHistoryReader`` over any implementation of the seam (the local store, a remote
/// endpoint), telling each state entered and left as ``WatchNarration`` words it.
public enum ExecutionWatch {
    /// Describes the execution being watched.
    public typealias Describe = () async throws(ServiceError) -> ExecutionDescription

    /// Describes the execution (an unknown one fails here, before any output), then reads its new
    /// events every `pace.interval` seconds and passes each line to `emit`, until the event
    /// that ends it; answers its final description. A throttled read (`ThrottlingException`)
    /// waits longer, with jitter, and tries again; any other error ends the watch.
    public static func follow(executionArn: String, pace: PollPace, describe: Describe,
                              fetch: IncrementalHistoryReader.Fetch, emit: (String) -> Void) async throws(ServiceError) -> ExecutionDescription {
        var pace = pace
        var described = try await describe()
        var narration = WatchNarration(startDate: described.startDate)
        var reader = IncrementalHistoryReader(executionArn: executionArn)
        while !reader.sawEnd {
            let wait: Double
            do throws(ServiceError) {
                let events = try await reader.readNew(fetch)
                for event in events { narration.lines(for: event).forEach(emit) }
                if reader.sawEnd { break }
                if events.isEmpty {
                    // No end event but already ended (a service that writes none): one last read, then stop.
                    described = try await describe()
                    if described.status.isFinished {
                        for event in try await reader.readNew(fetch) { narration.lines(for: event).forEach(emit) }
                        if !reader.sawEnd { emit(described.status.rawValue) }
                        return described
                    }
                }
                wait = pace.succeeded()
            } catch where error.kind == .throttling {
                wait = pace.throttled()
            }
            if Task.isCancelled { throw ServiceError(.unreachable, "the watch of \(executionArn) was cancelled") }
            await PollPace.sleep(wait)
        }
        return try await describe()
    }
}

extension StepFunctionsService {
    /// Every execution of every state machine, described, oldest first (what `pizzadash
    /// executions` lists): ListStateMachines, ListExecutions of each, DescribeExecution of each.
    public func describeAllExecutions() async throws(ServiceError) -> [ExecutionDescription] {
        var found: [ExecutionDescription] = []
        for machine in try await listStateMachines() where machine.listsExecutions {
            for item in try await listExecutions(stateMachineArn: machine.stateMachineArn, status: nil).reversed() {
                found.append(try await describeExecution(arn: item.executionArn))
            }
        }
        // A stable sort: ties keep the order above.
        return found.enumerated().sorted { ($0.element.startDate, $0.offset) < ($1.element.startDate, $1.offset) }.map(\.element)
    }

    /// An execution's whole history, oldest first, page after page.
    public func wholeHistory(of arn: String) async throws(ServiceError) -> [HistoryEvent] {
        var reader = IncrementalHistoryReader(executionArn: arn)
        return try await reader.readNew(from: self)
    }
}
