/// Intrinsics for numbers and identifiers.
extension IntrinsicFunctions {
    /// States.MathAdd(a, b): the sum of two integers (each within the 32-bit signed range).
    static func mathAdd(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        let a = try int32(args, 0), b = try int32(args, 1)
        return .number(Double(a + b))
    }

    /// States.MathRandom(start, end[, seed]): a random integer with start <= n < end. With a
    /// seed the result is deterministic; without one it comes from `random`.
    static func mathRandom<R: RandomNumberGenerator>(_ args: IntrinsicArguments, random: inout R) throws(StatesError) -> JSONValue {
        try args.expectCount(2...3)
        let start = try int32(args, 0), end = try int32(args, 1)
        guard start < end else {
            throw .intrinsicFailure("\(args.name): the start (\(start)) must be less than the end (\(end))")
        }
        if args.values.count == 3 {
            var seeded = SplitMix64(seed: UInt64(bitPattern: Int64(try args.int(2))))
            return .number(Double(Int.random(in: start..<end, using: &seeded)))
        }
        return .number(Double(Int.random(in: start..<end, using: &random)))
    }

    /// States.UUID(): a version 4 UUID in lowercase text.
    static func uuid<R: RandomNumberGenerator>(_ args: IntrinsicArguments, random: inout R) throws(StatesError) -> JSONValue {
        try args.expectCount(0)
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = Digest.hex(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { r in
            String(hex[hex.index(hex.startIndex, offsetBy: r.lowerBound)..<hex.index(hex.startIndex, offsetBy: r.upperBound)])
        }
        return .string(parts.joined(separator: "-"))
    }

    static func int32(_ args: IntrinsicArguments, _ i: Int) throws(StatesError) -> Int {
        let n = try args.int(i)
        guard n >= Int(Int32.min), n <= Int(Int32.max) else { throw args.typeError(i, "an integer between -2147483648 and 2147483647") }
        return n
    }
}

/// A small, fast, seedable generator (SplitMix64), for deterministic States.MathRandom and tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
