/// The colours of the exported graphs (SVG, dot, Mermaid): one set per run status, the same
/// meaning as the terminal's (green ok, red failed, magenta caught, cyan running, yellow
/// retrying, grey not started or cancelled), as hex RGB.
struct StatusPalette: Equatable {
    /// Border and line colour.
    var stroke: String
    /// Box fill.
    var fill: String
    /// Text colour.
    var text: String
    /// Whether the border is drawn heavier (the state is running).
    var heavy = false
    /// Whether the border is dashed (the state was cancelled).
    var dashed = false

    /// A state box without an execution.
    static let plain = StatusPalette(stroke: "#37474f", fill: "#ffffff", text: "#212121")
    /// A Parallel or Map container without an execution.
    static let container = StatusPalette(stroke: "#78909c", fill: "#f7f9fa", text: "#37474f")

    /// Lines of transitions: not taken, taken, taken through a Catch.
    static let edge = "#607d8b"
    static let takenEdge = "#2e7d32"
    static let caughtEdge = "#8e24aa"

    static func of(_ status: StateRunStatus) -> StatusPalette {
        switch status {
        case .notStarted: return StatusPalette(stroke: "#9e9e9e", fill: "#fafafa", text: "#757575")
        case .inProgress: return StatusPalette(stroke: "#0277bd", fill: "#e1f5fe", text: "#01579b", heavy: true)
        case .succeeded: return StatusPalette(stroke: "#2e7d32", fill: "#e8f5e9", text: "#1b5e20")
        case .failed: return StatusPalette(stroke: "#c62828", fill: "#ffebee", text: "#b71c1c")
        case .caught: return StatusPalette(stroke: "#8e24aa", fill: "#f3e5f5", text: "#6a1b9a")
        case .cancelled: return StatusPalette(stroke: "#616161", fill: "#eeeeee", text: "#424242", dashed: true)
        case .retrying: return StatusPalette(stroke: "#f9a825", fill: "#fff8e1", text: "#795500", heavy: true)
        }
    }
}

extension StateRunStatus {
    /// A name for the status that is a safe identifier (Mermaid class, CSS class):
    /// `notStarted`, `running`, `succeeded`, `failed`, `caught`, `cancelled`, `retrying`.
    var exportClass: String {
        switch self {
        case .notStarted: return "notStarted"
        case .inProgress: return "running"
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .caught: return "caught"
        case .cancelled: return "cancelled"
        case .retrying: return "retrying"
        }
    }
}
