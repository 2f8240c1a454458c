import ASL
import History

/// One history event of one execution, as the engine's observer saw it.
public struct ObservedEvent: Sendable, Equatable {
    public var arn: String
    public var event: HistoryEvent

    public init(arn: String, event: HistoryEvent) {
        self.arn = arn
        self.event = event
    }
}

/// Everything that can happen to the dashboard: the person's input and the engine's news.
public enum DashboardAction: Sendable, Equatable {
    case input(InputEvent)
    /// The shell started an execution (its ExecutionStarted event may come before or after).
    case executionStarted(ExecutionSummary)
    /// A service listed an execution older than those shown (a page of older executions): it
    /// goes below them, before those that started at the same time, and the selection stays.
    case olderExecutionListed(ExecutionSummary)
    /// Events observed since the last frame, in the order they happened.
    case events([ObservedEvent])
    /// A state machine was created (or updated: `arn` is its identity): the form offers it; its
    /// next executions run this definition.
    case machineAdded(arn: String, name: String, StateMachineDefinition)
    /// The definition the execution `arn` ran (the engine's, or DescribeStateMachineForExecution's),
    /// which its graph draws; nil: there is none to be had (it does not parse).
    case executionDefinition(arn: String, StateMachineDefinition?)
    /// How far the list of executions goes back: whether older ones can still be loaded.
    case olderExecutions(OlderExecutions)
    /// A message arrived in a dead-letter queue.
    case queueMessage(QueueMessage)
    /// The starter's news about an execution changed (shown in the detail pane).
    case note(arn: String, text: String)
    /// The shell refused what the form asked to start: the form shows why under the field.
    case startRefused(FieldError)
    /// The shell started what the form asked; `message` goes to the footer.
    case startAccepted(message: String)
    /// The engine clock now reads `now` (elapsed times move on).
    case tick(now: Double)
    /// `seconds` of wall-clock time passed while a replay plays: its cursor moves on by as much
    /// engine time as the clock's speed makes of them.
    case animate(seconds: Double)
    /// The shell could not do what was asked.
    case failed(String)
    /// The shell's news for the footer (what a command did).
    case message(String)
    /// How the shell's source is doing, shown in the header until it answers nil: the view is
    /// behind (`throttled, retrying in 4 s`) or the service does not answer.
    case status(String?)
    /// The service inspected a run of a state (nil: it could not).
    case stateInspected(key: String, StateInspection?)
}

/// A request the shell carries out for the reducer, which itself never touches the engine.
public enum DashboardEffect: Sendable, Equatable {
    /// Start what the form (or a quick start) asks; the shell answers with `.startAccepted`
    /// or `.startRefused`, and the executions announce themselves.
    case start(StartRequest)
    /// Start an execution of the machine `machineArn` with this input (JSON text), as `:start` asks.
    case startExecution(machineArn: String, input: String)
    /// StopExecution: the execution ends ABORTED.
    case stop(arn: String)
    case setSpeed(ClockMode)
    /// RedriveExecution: the failed execution runs again from where it failed.
    case redrive(arn: String)
    /// Create a state machine from the definition in this file (`:open`).
    case openDefinition(path: String)
    /// Write the graph of the machine `machineArn` (named `machineName`) to `path` in `format`
    /// (`:export`): the definition the execution `arn` ran, coloured by it, else the machine's current one.
    case export(format: String, path: String, machineArn: String, machineName: String, arn: String?)
    /// Put `text` on the clipboard (the terminal's OSC 52 sequence).
    case copyToClipboard(String)
    /// Ask the service to run this state again on its own (TestState) and answer with
    /// `.stateInspected`: the detail pane's processing steps.
    case inspectState(StateInspectionRequest)
    case quit
}

/// Whether the executions list goes back further than what is loaded (a service that answers
/// ListExecutions in pages: the older pages are loaded as the selection nears the list's end).
public enum OlderExecutions: Sendable, Equatable {
    /// Everything is loaded (or the source lists everything at once).
    case none
    /// Older executions can be loaded.
    case more
    /// Older executions are being loaded.
    case loading
}
