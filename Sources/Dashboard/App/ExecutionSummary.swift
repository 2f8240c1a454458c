import ASL
import History

/// One execution as the dashboard shows it: its machine, the labels its starter gave it, and
/// its history so far. The status and times are read off the history, the one source of truth.
public struct ExecutionSummary: Sendable, Equatable {
    public var arn: String
    /// The state machine's ARN: which machine it is (names need not be unique).
    public var machineArn: String
    /// The state machine's name, as the screen shows it.
    public var machineName: String
    /// The key in ``DashboardState/definitions`` of the definition this execution ran, which the
    /// graph draws: nil while not known yet (a remote service is asked when the execution is
    /// shown), ``noDefinition`` when there is none to be had.
    public var definitionKey: String?
    /// The short name in the list's first column (e.g. `#12`); by default the name's start.
    public var label: String
    /// Shown in the list's label columns and the detail pane, in this order.
    public var labels: [ExecutionLabel]
    /// The run this execution belongs to, if it was started as one of several.
    public var group: ExecutionGroup?
    /// Engine time of the start, seconds since 1970.
    public var startDate: Double
    public var events: [HistoryEvent]
    /// What the service's list said of the execution (ListExecutions' status), for as long as
    /// none of its history has been read: a dashboard of a remote service reads the histories
    /// of the executions in view only. Nil: the history alone tells.
    public var listedStatus: ExecutionStatus?
    /// ListExecutions' stop date, with ``listedStatus``.
    public var listedStopDate: Double?

    /// The ``definitionKey`` of an execution whose definition could not be had (it does not parse).
    public static let noDefinition = ""

    public init(arn: String, machineArn: String, machineName: String, label: String? = nil, labels: [ExecutionLabel] = [], group: ExecutionGroup? = nil,
                startDate: Double, events: [HistoryEvent] = [], definitionKey: String? = nil) {
        self.arn = arn
        self.machineArn = machineArn
        self.machineName = machineName
        self.definitionKey = definitionKey
        self.label = label ?? String(arn.split(separator: ":").last?.prefix(6) ?? "")
        self.labels = labels
        self.group = group
        self.startDate = startDate
        self.events = events
    }

    /// The label as titles show it: cut in the middle past 20 characters (a service's
    /// execution names: both ends stay, and the rest of the title still fits).
    public var shortLabel: String { label.count > 20 ? label.middleFitted(20) : label }

    /// The value of the label `key`, if the execution has it.
    public func label(_ key: String) -> String? { labels.first { $0.key == key }?.value }

    /// RUNNING until a terminal event arrives (before any event is read: what the list said).
    public var status: ExecutionStatus {
        guard let last = events.last else { return listedStatus ?? .running }
        return last.type.executionStatus ?? .running
    }

    /// The engine time of the terminal event, if any (before any event is read: the list's).
    public var stopDate: Double? {
        guard let last = events.last else { return listedStatus?.isFinished == true ? listedStopDate : nil }
        return last.type.isTerminal ? last.timestamp : nil
    }

    /// Seconds from the start to the end, or to `now` while running.
    public func elapsed(now: Double) -> Double { max(0, (stopDate ?? now) - startDate) }
}

extension ExecutionStatus {
    /// One cell that tells the status (never colour alone).
    public var glyph: Character {
        switch self {
        case .running: return "▶"
        case .succeeded: return "✓"
        case .failed: return "✗"
        case .timedOut: return "⧖"
        case .aborted: return "⊘"
        }
    }

    /// The status's colour in the dashboard.
    public var color: CellColor {
        switch self {
        case .running: return .cyan
        case .succeeded: return .green
        case .failed: return .red
        case .timedOut: return .yellow
        case .aborted: return .gray
        }
    }

    /// `✗ FAILED`.
    public var label: String { "\(glyph) \(rawValue)" }
}
