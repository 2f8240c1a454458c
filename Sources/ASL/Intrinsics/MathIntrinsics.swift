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
        return .string(UUIDText.random(using: &random))
    }

    /// A numeric argument as Step Functions reads it for MathAdd and MathRandom: a fraction is
    /// rounded half up (1.5 -> 2, -1.5 -> -1), as the recorded executions show.
    static func int32(_ args: IntrinsicArguments, _ i: Int) throws(StatesError) -> Int {
        guard let x = args.values[i].numberValue else { throw args.typeError(i, "a number") }
        let rounded = (x + 0.5).rounded(.down)
        guard rounded >= Double(Int32.min), rounded <= Double(Int32.max) else {
            throw args.typeError(i, "a number between -2147483648 and 2147483647")
        }
        return Int(rounded)
    }
}

