import Engine
import StepFunctions

/// How the polling feed is doing, for a screen to say when it is behind instead of freezing.
public enum RemoteFeedStatus: Sendable, Equatable {
    /// The last round read everything.
    case current
    /// The last round failed (throttled, unreachable, refused): the feed waits longer, with
    /// jitter, and tries again; what was shown is as of the last good round.
    case behind(ServiceError)
}

extension RemoteStepFunctions {
    /// The live feed, by polling (a remote service pushes nothing). Each round, every
    /// ``feedPace`` interval: ListStateMachines (machines created and deleted since the last
    /// round), the first page of ListExecutions of each machine (the 100 newest: executions
    /// started since, each described once for its input), and GetExecutionHistory of each
    /// execution still running, reading only its new events (``IncrementalHistoryReader``).
    /// What exists when subscribing is the baseline and is not reported, as the local feed
    /// reports only changes from now on. A failed round (`ThrottlingException` above all) backs
    /// off with jitter (``PollPace``) and the next one catches up.
    public func subscribe(_ handler: @escaping @Sendable (ServiceChange) -> Void) async -> ServiceSubscription {
        await subscribe(handler, status: { _ in })
    }

    /// The feed, and its status after every round that changed it.
    public func subscribe(_ handler: @escaping @Sendable (ServiceChange) -> Void,
                          status: @escaping @Sendable (RemoteFeedStatus) -> Void) async -> ServiceSubscription {
        let task = Task { [self] in
            var poller = FeedPoller(service: self)
            var pace = feedPace
            var last: RemoteFeedStatus?
            while !Task.isCancelled {
                let wait: Double
                let now: RemoteFeedStatus
                do throws(ServiceError) {
                    try await poller.round(handler)
                    (wait, now) = (pace.succeeded(), .current)
                } catch {
                    (wait, now) = (pace.throttled(), .behind(error))
                }
                if now != last { status(now); last = now }
                await PollPace.sleep(wait)
            }
        }
        return ServiceSubscription { task.cancel() }
    }
}

/// What the feed has seen so far, and one round of polling against it.
struct FeedPoller {
    let service: RemoteStepFunctions
    private var baselined = false
    private var machines: Set<String> = []
    private var executions: Set<String> = []
    /// Readers of the executions still running.
    private var running: [String: IncrementalHistoryReader] = [:]

    init(service: RemoteStepFunctions) { self.service = service }

    /// One round; the first takes the baseline and reports nothing.
    mutating func round(_ report: (ServiceChange) -> Void) async throws(ServiceError) {
        let quiet = !baselined
        let listed = try await service.listStateMachines()
        for machine in listed where !machines.contains(machine.stateMachineArn) {
            machines.insert(machine.stateMachineArn)
            if !quiet { report(.stateMachineCreated(machine)) }
        }
        for gone in machines.subtracting(listed.map(\.stateMachineArn)) {
            machines.remove(gone)
            if !quiet { report(.stateMachineDeleted(stateMachineArn: gone)) }
        }
        for machine in listed where machine.listsExecutions {
            // Oldest of the page first, so that executions are reported in the order they started.
            for item in try await service.listExecutionsPage(stateMachineArn: machine.stateMachineArn).items.reversed()
            where !executions.contains(item.executionArn) {
                // Marked seen only once handled, so that a failed round tries it again.
                var reader = IncrementalHistoryReader(executionArn: item.executionArn)
                if !quiet {
                    let described = try await service.describeExecution(arn: item.executionArn)
                    report(.executionStarted(item, input: described.input))
                } else if !item.status.isFinished {
                    // The baseline of a running execution: the events it has are not news.
                    _ = try await reader.readNew(from: service)
                }
                executions.insert(item.executionArn)
                if !quiet || !item.status.isFinished { running[item.executionArn] = reader }
            }
        }
        for (arn, var reader) in running {
            let events = try await reader.readNew(from: service)
            if !events.isEmpty { report(.events(executionArn: arn, events)) }
            running[arn] = reader.sawEnd ? nil : reader
        }
        baselined = true
    }
}
