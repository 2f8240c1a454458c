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
    /// executions` lists): ListStateMachines, ListExecutions of each, then DescribeExecution of
    /// each, `concurrency` at a time (a remote service answers them side by side; a throttled one
    /// is retried by the client).
    public func describeAllExecutions(concurrency: Int = 8) async throws(ServiceError) -> [ExecutionDescription] {
        var arns: [String] = []
        for machine in try await listStateMachines() where machine.listsExecutions {
            arns += try await listExecutions(stateMachineArn: machine.stateMachineArn, status: nil).reversed().map(\.executionArn)
        }
        let listed = arns
        let found: [ExecutionDescription]
        do {
            found = try await withThrowingTaskGroup(of: (Int, ExecutionDescription).self) { group in
                var described = [ExecutionDescription?](repeating: nil, count: listed.count)
                var next = 0, inFlight = 0
                while true {
                    while next < listed.count, inFlight < max(1, concurrency) {
                        let index = next
                        group.addTask { (index, try await self.describeExecution(arn: listed[index])) }
                        next += 1
                        inFlight += 1
                    }
                    guard let (index, description) = try await group.next() else { break }
                    inFlight -= 1
                    described[index] = description
                }
                return described.compactMap { $0 }
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.unreachable, "describing the executions was interrupted: \(error)")
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
