/// One reason a definition cannot run, at a JSON Pointer-like location such as `/States/Cook/Next`.
public struct ValidationProblem: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var location: String
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    /// `"/States/Cook/Next: no state named \"Bake\""`.
    public var description: String { "\(location.isEmpty ? "/" : location): \(message)" }
}

/// Why a definition could not be loaded: unreadable JSON, or one or more validation problems.
public struct DefinitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [ValidationProblem]

    public init(problems: [ValidationProblem]) { self.problems = problems }

    /// One problem a line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
