import Foundation

/// When a waiting GetActivityTask gives up and answers "no task". AWS holds a poll for 60 s of
/// wall-clock time; tests hand in a limit they end themselves, so they never wait on the clock.
public struct PollLimit: Sendable {
    /// Arranges for `expire` to be called once the limit has passed.
    let start: @Sendable (_ expire: @escaping @Sendable () -> Void) -> Void

    public init(start: @escaping @Sendable (_ expire: @escaping @Sendable () -> Void) -> Void) {
        self.start = start
    }

    /// A limit of `seconds` of wall-clock time.
    public static func seconds(_ seconds: Double) -> PollLimit {
        PollLimit { expire in DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: expire) }
    }

    /// AWS's limit: 60 seconds.
    public static let aws = seconds(60)
}
