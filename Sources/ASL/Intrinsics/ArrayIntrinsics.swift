/// Intrinsics for arrays.
extension IntrinsicFunctions {
    /// Largest array States.ArrayRange may produce.
    static let maxRangeCount = 1000

    /// States.ArrayPartition(array, chunkSize): consecutive chunks of `chunkSize` (> 0); the last may be shorter.
    static func arrayPartition(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        let elements = try args.array(0)
        let size = try args.int(1)
        guard size > 0 else { throw .intrinsicFailure("\(args.name): the chunk size must be a positive integer but was \(size)") }
        return .array(stride(from: 0, to: elements.count, by: size).map { start in
            .array(Array(elements[start..<min(start + size, elements.count)]))
        })
    }

    /// States.ArrayContains(array, value): whether the array holds an element equal to `value`.
    static func arrayContains(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        return .bool(try args.array(0).contains(args.values[1]))
    }

    /// States.ArrayRange(start, end, step): integers from `start` to `end` inclusive, at most 1000.
    static func arrayRange(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(3)
        let start = try args.int(0), end = try args.int(1), step = try args.int(2)
        guard step != 0 else { throw .intrinsicFailure("\(args.name): the step must not be 0") }
        let count = (step > 0 ? end >= start : end <= start) ? (end - start) / step + 1 : 0
        guard count <= maxRangeCount else {
            throw .intrinsicFailure("\(args.name): the range would have \(count) elements, more than the maximum of \(maxRangeCount)")
        }
        return .array((0..<count).map { .number(Double(start + $0 * step)) })
    }

    /// States.ArrayGetItem(array, index): the element at a zero-based index.
    static func arrayGetItem(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(2)
        let elements = try args.array(0)
        let index = try args.int(1)
        guard index >= 0, index < elements.count else {
            throw .intrinsicFailure("\(args.name): index \(index) is out of bounds for an array of length \(elements.count)")
        }
        return elements[index]
    }

    /// States.ArrayLength(array): the number of elements.
    static func arrayLength(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        return .number(Double(try args.array(0).count))
    }

    /// States.ArrayUnique(array): the elements without duplicates, first occurrences kept in order.
    static func arrayUnique(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.expectCount(1)
        var seen = Set<JSONValue>()
        return .array(try args.array(0).filter { seen.insert($0).inserted })
    }
}
