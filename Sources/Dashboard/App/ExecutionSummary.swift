import ASL
import Engine

/// One execution as the dashboard shows it: who ordered what, and its history so far.
/// The status and times are read off the history, the one source of truth.
public struct ExecutionSummary: Sendable, Equatable {
    public var arn: String
    /// The state machine's name; selects the definition drawn in the graph pane.
    public var machineName: String
    public var workflow: Workflow
    /// The pizza order id (nil for a pineapple check).
    public var orderId: Int?
    public var flavour: String
    /// 0...7 for an order saga (nil for a pineapple check).
    public var errorOnStep: Int?
    /// For the eight executions of one ALL run: the order id of the first of them.
    public var allGroup: Int?
    /// Engine time of the start, seconds since 1970.
    public var startDate: Double
    public var events: [HistoryEvent]

    public init(arn: String, machineName: String, workflow: Workflow, orderId: Int?, flavour: String, errorOnStep: Int?,
                allGroup: Int?, startDate: Double, events: [HistoryEvent] = []) {
        self.arn = arn
        self.machineName = machineName
        self.workflow = workflow
        self.orderId = orderId
        self.flavour = flavour
        self.errorOnStep = errorOnStep
        self.allGroup = allGroup
        self.startDate = startDate
        self.events = events
    }

    /// RUNNING until a terminal event arrives.
    public var status: ExecutionStatus {
        guard let last = events.last, last.type.isTerminal else { return .running }
        switch last.type {
        case .executionSucceeded: return .succeeded
        case .executionFailed: return .failed
        case .executionTimedOut: return .timedOut
        default: return .aborted
        }
    }

    /// The engine time of the terminal event, if any.
    public var stopDate: Double? { events.last.flatMap { $0.type.isTerminal ? $0.timestamp : nil } }

    /// Seconds from the start to the end, or to `now` while running.
    public func elapsed(now: Double) -> Double { max(0, (stopDate ?? now) - startDate) }

    /// `#12`, or the execution's name's tail for executions without an order id.
    public var label: String { orderId.map { "#\($0)" } ?? String(arn.split(separator: ":").last?.prefix(6) ?? "") }
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
