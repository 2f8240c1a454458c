/// Where a state stands in one execution. Each status has a glyph and a word as well as a
/// colour, so that it reads on a monochrome terminal too.
public enum StateRunStatus: Sendable, Hashable {
    case notStarted
    case inProgress
    case succeeded
    case failed
    /// Failed, and a Catch moved the execution on.
    case caught
    /// Stopped from outside: the execution was aborted, or a sibling branch failed.
    case cancelled
    /// Running again after a failure; `attempt` counts from 1 (2 is the first retry).
    case retrying(attempt: Int)

    /// One cell that tells the status.
    public var glyph: Character {
        switch self {
        case .notStarted: return "·"
        case .inProgress: return "▶"
        case .succeeded: return "✓"
        case .failed: return "✗"
        case .caught: return "↯"
        case .cancelled: return "⊘"
        case .retrying: return "↻"
        }
    }

    /// A short word for the status.
    public var word: String {
        switch self {
        case .notStarted: return "not started"
        case .inProgress: return "running"
        case .succeeded: return "ok"
        case .failed: return "failed"
        case .caught: return "caught"
        case .cancelled: return "cancelled"
        case .retrying(let attempt): return "retry \(attempt)"
        }
    }

    /// Glyph and word, e.g. `↻ retry 2`.
    public var label: String { "\(glyph) \(word)" }

    public var color: CellColor {
        switch self {
        case .notStarted: return .gray
        case .inProgress: return .cyan
        case .succeeded: return .green
        case .failed: return .red
        case .caught: return .magenta
        case .cancelled: return .gray
        case .retrying: return .yellow
        }
    }

    /// Whether the state is running now (in progress or retrying).
    public var isActive: Bool {
        switch self {
        case .inProgress, .retrying: return true
        default: return false
        }
    }

    /// The style of a box with this status: bold while running, dim before it starts.
    public var style: CellStyle {
        CellStyle(foreground: color, bold: isActive, dim: self == .notStarted)
    }

    /// Every status once, in legend order.
    public static let legendOrder: [StateRunStatus] = [.notStarted, .inProgress, .succeeded, .failed, .caught, .cancelled, .retrying(attempt: 2)]
}
