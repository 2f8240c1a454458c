import ASL
import Digest

/// A task an activity worker took with GetActivityTask: the token it answers with
/// (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat) and the task's input.
public struct ActivityTask: Sendable, Equatable {
    public var taskToken: String
    public var input: JSONValue

    public init(taskToken: String, input: JSONValue) {
        self.taskToken = taskToken
        self.input = input
    }
}

/// What an activity Task state hands its worker: the activity, the effective input and the
/// timeouts of the attempt.
struct ActivityWork {
    let arn: String
    let input: JSONValue
    let timeout: Double?
    let heartbeat: Double?
}

/// An attempt recorded before a restart: its ActivityScheduled event, and when a worker took it.
struct RecordedActivity {
    let scheduledId: Int
    let scheduledAt: Double
    let startedAt: Double?
}

/// A scheduled task no worker has taken yet.
final class PendingActivityTask {
    /// Hands the task to a worker (records ActivityStarted with its name).
    let start: (String?) -> ActivityTask

    init(start: @escaping (String?) -> ActivityTask) { self.start = start }
}

/// A worker's GetActivityTask waiting on the loop for a task.
final class ActivityPoll {
    let id: Int
    let workerName: String?
    let deliver: (ActivityTask) -> Void

    init(id: Int, workerName: String?, deliver: @escaping (ActivityTask) -> Void) {
        self.id = id
        self.workerName = workerName
        self.deliver = deliver
    }
}

/// The activities the engine knows, their tasks waiting for a worker, and the workers waiting
/// for a task; both queues first come, first served.
struct ActivityBoard {
    var known: Set<String> = []
    var pending: [String: [PendingActivityTask]] = [:]
    var polls: [String: [ActivityPoll]] = [:]
    var nextPollId = 0
}

/// One attempt's state: ended or not, its timers.
private final class ActivityAttempt {
    var finished = false
    var timeoutTimer: Scheduler.TimerID?
    var heartbeatTimer: Scheduler.TimerID?
    var pending: PendingActivityTask?
    var invocation: TaskInvocation?
}

/// Activity tasks, as AWS documents them: the Task state records ActivityScheduled and waits;
/// a worker's GetActivityTask takes the task (ActivityStarted, with the worker's name) and its
/// token; SendTaskSuccess / SendTaskFailure end it (ActivitySucceeded / ActivityFailed), and
/// TimeoutSeconds (from ActivityScheduled) or HeartbeatSeconds (from ActivityStarted or the last
/// SendTaskHeartbeat) ends it as ActivityTimedOut. A Task on an activity that does not exist fails
/// the execution with States.Runtime, as AWS recorded. A handler registered for the activity's
/// ARN (``TaskHandlerRegistry/registerResource(_:_:)``) is an in-process worker that takes each
/// task at once.
///
/// A task's token is derived from the execution and its ActivityScheduled event, so an execution
/// recovered from its history after a restart waits with the same token its worker holds.
extension Engine {
    // MARK: - The service's side

    /// CreateActivity: tasks on `arn` can be scheduled from now on.
    public func declareActivity(_ arn: String) {
        activityBoard.known.insert(arn)
    }

    /// DeleteActivity: new tasks on `arn` fail with States.Runtime; tasks already scheduled
    /// stay (they end by a worker that still polls, or by their timeouts).
    public func forgetActivity(_ arn: String) {
        activityBoard.known.remove(arn)
    }

    /// Whether `arn` is a declared activity.
    public func knowsActivity(_ arn: String) -> Bool { activityBoard.known.contains(arn) }

    /// Workers waiting in GetActivityTask on `arn`.
    public func activityPollCount(_ arn: String) -> Int { activityBoard.polls[arn]?.count ?? 0 }

    /// GetActivityTask: hands the oldest task waiting on `arn` to `deliver` at once and answers
    /// nil; else the worker waits (the answer is its poll, for ``cancelActivityPoll(_:)``) and
    /// `deliver` is called when a task is scheduled.
    @discardableResult
    public func pollActivity(_ arn: String, workerName: String?, deliver: @escaping (ActivityTask) -> Void) -> Int? {
        if var queue = activityBoard.pending[arn], !queue.isEmpty {
            let task = queue.removeFirst()
            activityBoard.pending[arn] = queue.isEmpty ? nil : queue
            deliver(task.start(workerName))
            return nil
        }
        activityBoard.nextPollId += 1
        let poll = ActivityPoll(id: activityBoard.nextPollId, workerName: workerName, deliver: deliver)
        activityBoard.polls[arn, default: []].append(poll)
        return poll.id
    }

    /// Ends a waiting poll (its long poll ran out, or its caller went away). Answers whether it
    /// was still waiting: false means it has been handed a task already.
    @discardableResult
    public func cancelActivityPoll(_ id: Int) -> Bool {
        for (arn, polls) in activityBoard.polls {
            guard let index = polls.firstIndex(where: { $0.id == id }) else { continue }
            var remaining = polls
            remaining.remove(at: index)
            activityBoard.polls[arn] = remaining.isEmpty ? nil : remaining
            return true
        }
        return false
    }

    // MARK: - The Task state's side

    /// One attempt of an activity Task state; `recorded`: the attempt as recorded before a restart.
    func attemptActivity(_ state: StateDefinition, _ task: TaskState, _ work: ActivityWork, rawInput: JSONValue, run: MachineRun,
                         enteredTime: Double, counters: RetryCounters, recorded: RecordedActivity? = nil) {
        var counters = counters
        let retry = { [unowned self] in
            self.attemptTask(state, task, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters)
        }
        let inProcess = handlers.handler(forResource: work.arn)
        guard recorded != nil || inProcess != nil || activityBoard.known.contains(work.arn) else {
            handleStateError(.runtime("The activity \(work.arn) does not exist."), state: state, rawInput: rawInput, run: run,
                             counters: &counters, retry: { retry() })
            return
        }
        let scheduledId = recorded?.scheduledId
            ?? emit(run, .activityScheduled, Details(stateName: state.name, input: work.input, resource: work.arn,
                                                     timeoutInSeconds: work.timeout, heartbeatInSeconds: work.heartbeat))
        let scheduledAt = recorded?.scheduledAt ?? scheduler.now
        let token = activityToken(execution: run.execution.arn, scheduledId: scheduledId)
        let attempt = ActivityAttempt()

        func stopWork() {
            attempt.finished = true
            for timer in [attempt.timeoutTimer, attempt.heartbeatTimer].compactMap({ $0 }) { scheduler.cancel(timer) }
            tasksByToken[token] = nil
            if let pending = attempt.pending { withdraw(pending, from: work.arn) }
            attempt.invocation?.cancel()
        }
        let finish: (Result<JSONValue, StatesError>, Bool) -> Void = { [unowned self] result, timedOut in
            guard !attempt.finished, run.isLive else { return }
            stopWork()
            switch result {
            case .success(let output):
                self.emit(run, .activitySucceeded, Details(stateName: state.name, output: output))
                let context = LazyContext { [unowned self] in
                    self.contextObject(state, run: run, enteredTime: enteredTime, retryCount: counters.total)
                }
                do throws(StatesError) {
                    try self.exit(state, result: output, rawInput: rawInput, context: { context.value }, run: run)
                } catch {
                    self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry() })
                }
            case .failure(let error):
                self.emit(run, timedOut ? .activityTimedOut : .activityFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: { retry() })
            }
        }
        run.cancelCurrent = { [unowned self] in
            guard !attempt.finished else { return }
            stopWork()
            self.emit(run, .taskStateAborted, Details(stateName: state.name))
        }
        if let timeout = work.timeout {
            attempt.timeoutTimer = scheduler.at(scheduledAt + timeout) {
                finish(.failure(StatesError(StatesError.Name.timeout, "The task timed out after \(JSONValue.format(number: timeout)) seconds.")), true)
            }
        }
        // The heartbeat clock runs from the moment a worker has the task, and starts again with each heartbeat.
        let armHeartbeat = { [unowned self] in
            guard let heartbeat = work.heartbeat, !attempt.finished else { return }
            if let old = attempt.heartbeatTimer { self.scheduler.cancel(old) }
            attempt.heartbeatTimer = self.scheduler.after(heartbeat) {
                finish(.failure(StatesError(StatesError.Name.heartbeatTimeout,
                                            "No heartbeat was received within \(JSONValue.format(number: heartbeat)) seconds.")), true)
            }
        }
        let hold = { [unowned self] in
            self.tasksByToken[token] = CallbackTask(complete: { finish($0, false) }, heartbeat: armHeartbeat)
            armHeartbeat()
        }
        if recorded?.startedAt != nil {
            // A worker took it before the restart and holds the token. Heartbeats are not recorded,
            // so it has a whole heartbeat interval from now.
            return hold()
        }
        let start: (String?) -> ActivityTask = { [unowned self] workerName in
            attempt.pending = nil
            self.emit(run, .activityStarted, Details(stateName: state.name, workerName: workerName))
            hold()
            return ActivityTask(taskToken: token, input: work.input)
        }
        if let inProcess {
            _ = start(nil)
            let invocation = TaskInvocation(resource: work.arn, input: work.input, stateName: state.name, executionArn: run.execution.arn,
                                            executionName: run.execution.name, attempt: counters.total, taskToken: token,
                                            scheduler: scheduler) { finish($0, false) }
            attempt.invocation = invocation
            return inProcess(invocation)
        }
        let pending = PendingActivityTask(start: start)
        if var polls = activityBoard.polls[work.arn], !polls.isEmpty {
            let poll = polls.removeFirst()
            activityBoard.polls[work.arn] = polls.isEmpty ? nil : polls
            return poll.deliver(start(poll.workerName))
        }
        attempt.pending = pending
        activityBoard.pending[work.arn, default: []].append(pending)
    }

    /// Continues an activity attempt recorded as scheduled (and maybe started) before a restart.
    func resumeActivity(_ state: StateDefinition, _ task: TaskState, scheduled: HistoryEvent, started: HistoryEvent?, rawInput: JSONValue,
                        run: MachineRun, enteredTime: Double, counters: RetryCounters) {
        let work = ActivityWork(arn: scheduled.details.resource ?? "", input: scheduled.details.input ?? .object([:]),
                                timeout: scheduled.details.timeoutInSeconds, heartbeat: scheduled.details.heartbeatInSeconds)
        let recorded = RecordedActivity(scheduledId: scheduled.id, scheduledAt: scheduled.timestamp, startedAt: started?.timestamp)
        attemptActivity(state, task, work, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters, recorded: recorded)
    }

    private func withdraw(_ pending: PendingActivityTask, from arn: String) {
        activityBoard.pending[arn]?.removeAll { $0 === pending }
        if activityBoard.pending[arn]?.isEmpty == true { activityBoard.pending[arn] = nil }
    }

    /// The token of the task an ActivityScheduled event scheduled: the same after a restart.
    func activityToken(execution arn: String, scheduledId: Int) -> String {
        "AQB" + Digest.hex(Digest.hash(Array("\(arn)#\(scheduledId)".utf8), .sha256))
    }
}
