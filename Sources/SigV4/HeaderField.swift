/// One HTTP header line: a name and a value, in the order the request has them. A request may have
/// the same name several times; SigV4 joins those values with commas in that order.
public struct HeaderField: Hashable, Sendable {
    /// The name, in any case.
    public var name: String
    /// The value, as sent.
    public var value: String

    /// The header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HeaderField {
    /// The values of the headers named `name` (compared without case), in order.
    public func values(named name: String) -> [String] {
        let lowered = name.lowercased()
        return filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// The first value of the header named `name` (compared without case).
    public func first(named name: String) -> String? {
        let lowered = name.lowercased()
        return first { $0.name.lowercased() == lowered }?.value
    }

    /// Removes every header named `name` (compared without case), then appends `name: value`.
    public mutating func replace(_ name: String, with value: String) {
        let lowered = name.lowercased()
        removeAll { $0.name.lowercased() == lowered }
        append(HeaderField(name, value))
    }
}
