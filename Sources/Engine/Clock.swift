import Foundation

/// Wall-clock time in seconds since 1970; a seam so that tests and benchmarks can pin it.
public protocol WallClock: Sendable {
    func now() -> Double
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
}
