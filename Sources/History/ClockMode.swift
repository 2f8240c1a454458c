import Foundation

/// How the engine's time passes. Every Wait, retry interval, timeout, heartbeat and handler
/// delay reads this one clock.
public enum ClockMode: Sendable, Equatable {
    /// Wall-clock pace times `speed` (1 is real time; 10 runs ten times faster).
    case scaled(speed: Double)
    /// Virtual time: whenever nothing is ready to run, time jumps to the next timer, so waits
    /// complete at once, in the right order, with the right timestamps.
    case instant

    public static let realTime = ClockMode.scaled(speed: 1)

    /// Parses `--speed`: a positive number or `instant`.
    public init?(argument: String) {
        if argument.lowercased() == "instant" { self = .instant; return }
        guard let speed = Double(argument), speed.isFinite, speed > 0 else { return nil }
        self = .scaled(speed: speed)
    }

    public var label: String {
        switch self {
        case .instant: return "instant"
        case .scaled(let speed): return speed == speed.rounded() ? "\(Int(speed))x" : "\(speed)x"
        }
    }
}
