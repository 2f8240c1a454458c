/// A small, fast, seedable generator (SplitMix64): deterministic names, tokens, jitter and
/// `States.MathRandom` / `States.UUID` for a given seed.
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

/// Version 4 UUIDs as lowercase text.
public enum UUIDText {
    public static func random<R: RandomNumberGenerator>(using random: inout R) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        append(to: &text, dashes: true, using: &random)
        return String(decoding: text, as: UTF8.self)
    }

    /// The 32 hex digits of a random UUID, without its dashes, appended to `text`: the same
    /// draws, and so the same digits, as ``random(using:)``.
    public static func appendUndashed<R: RandomNumberGenerator>(to text: inout [UInt8], using random: inout R) {
        append(to: &text, dashes: false, using: &random)
    }

    private static func append<R: RandomNumberGenerator>(to text: inout [UInt8], dashes: Bool, using random: inout R) {
        // The same draws as ever (one per byte), so seeded runs keep their UUIDs; the text is
        // written directly instead of through hex strings, slices and joined().
        for i in 0..<16 {
            // What UInt8.random(in: 0...255, using:) returns, without its generic range code.
            var byte = UInt8(truncatingIfNeeded: random.next())
            if i == 6 { byte = (byte & 0x0F) | 0x40 }  // version 4
            if i == 8 { byte = (byte & 0x3F) | 0x80 }  // RFC 4122 variant
            if dashes && (i == 4 || i == 6 || i == 8 || i == 10) { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
