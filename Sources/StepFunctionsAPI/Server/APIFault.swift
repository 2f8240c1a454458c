import ASL
import SigV4
import StepFunctions

/// An error answer of the API, as AWS JSON 1.0 sends it: HTTP 400 (client errors) or 500, a
/// `x-amzn-ErrorType` header and the body `{"__type": "TYPE", "message": "..."}`.
public struct APIFault: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: String
    public var message: String
    public var status: Int

    public init(type: String, message: String, status: Int = 400) {
        self.type = type
        self.message = message
        self.status = status
    }

    /// A member missing or out of its constraints.
    static func validation(_ message: String) -> APIFault { APIFault(type: "ValidationException", message: message) }

    /// The seam's errors keep their AWS names.
    init(_ error: ServiceError) {
        // AWS's API reference gives these two their own statuses.
        let status = [.conflict: 409, .serviceQuotaExceeded: 402][error.kind] ?? 400
        self.init(type: error.type, message: error.message, status: status)
    }

    init(_ error: AWSAuthError) {
        self.init(type: error.typeName, message: error.message, status: error.httpStatus)
    }

    /// `{"__type":"TYPE","message":"MESSAGE"}`.
    var body: JSONValue { ["__type": .string(type), "message": .string(message)] }

    public var description: String { "\(type): \(message)" }
}
