import ASL
import Foundation
import SigV4
import StepFunctions

/// The Step Functions API over AWS JSON 1.0, in front of the service seam: what aws-cli, boto3 and
/// every AWS SDK send (`POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`,
/// `Content-Type: application/x-amz-json-1.0`) answered in AWS's shapes and with AWS's errors.
///
/// In order, a request is: routed on its target (`UnknownOperationException`), authenticated
/// (SigV4, when credentials are configured), parsed (`SerializationException`), validated against
/// the operation's input shape from AWS's model (`ValidationException` naming each member), then
/// run on the seam. Nothing runs, and nothing stored changes, for a request refused on the way.
/// Independent of any HTTP server: ``AWSTargetRouting`` serves it with Hummingbird.
public struct StepFunctionsAPI: Sendable {
    /// The prefix of every target: `AWSStepFunctions.StartExecution`.
    public static let targetPrefix = "AWSStepFunctions."
    public static let contentType = "application/x-amz-json-1.0"

    let service: any StepFunctionsService
    let authentication: Authentication

    /// Who may call: anyone (the default, as Step Functions Local and moto do), or only requests
    /// signed with Signature Version 4 by one of the given keys.
    public enum Authentication: Sendable {
        case anyCredentials
        /// Access key id to secret access key.
        case sigV4(keys: [String: String])
    }

    public init(service: any StepFunctionsService, authentication: Authentication = .anyCredentials) {
        self.service = service
        self.authentication = authentication
    }

    /// Answers one request; `now` is the server's time, which signatures are checked against.
    public func handle(_ request: APIRequest, now: Date = Date()) async -> APIResponse {
        do {
            let operation = try Self.operation(of: request)
            let region = try authenticate(request, now: now)
            let input = try Self.parse(request.body)
            if let shape = APIShapes.operations[operation], !shape.isEmpty { try InputValidation.check(input, shape: shape) }
            guard let run = Self.handlers[operation] else {
                throw APIFault(type: "UnknownOperationException", message: "\(operation) is an operation of Step Functions that PizzaDash does not serve yet")
            }
            let output = try await run(APICall(service: service.inRegion(region), input: input, region: region))
            return APIResponse(status: 200, body: output)
        } catch {
            return APIResponse(fault: error)
        }
    }

    /// The operation an `X-Amz-Target` names.
    static func operation(of request: APIRequest) throws(APIFault) -> String {
        guard let target = request.headers.first(named: "X-Amz-Target"), target.hasPrefix(targetPrefix),
              APIShapes.operations[String(target.dropFirst(targetPrefix.count))] != nil else {
            let named = request.headers.first(named: "X-Amz-Target").map { "'\($0)'" } ?? "no X-Amz-Target header"
            throw APIFault(type: "UnknownOperationException", message: "Step Functions has no operation \(named)")
        }
        return String(target.dropFirst(targetPrefix.count))
    }

    /// Checks the signature when keys are configured; answers the region the request is for.
    func authenticate(_ request: APIRequest, now: Date) throws(APIFault) -> String {
        switch authentication {
        case .anyCredentials:
            // Unverified, but the region is still the one the client signed for.
            if let header = request.headers.first(named: "Authorization"),
               let parsed = try? AuthorizationHeader(parsing: header, hasDate: request.headers.first(named: "X-Amz-Date") != nil) {
                return parsed.scope.region
            }
            return APICall.defaultRegion
        case .sigV4(let keys):
            let verifier = SigV4Verifier(secretAccessKey: { keys[$0] })
            let signed = SigV4Request(method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.body)
            do {
                return try verifier.verify(signed, now: now).region
            } catch {
                throw APIFault(error)
            }
        }
    }

    /// The body as a JSON object (an empty body is `{}`, as AWS reads it).
    static func parse(_ body: [UInt8]) throws(APIFault) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .object([:]) }
        let value: JSONValue
        do { value = try JSONValue(parsing: body) } catch {
            throw APIFault(type: "SerializationException", message: "the request body is not valid JSON: \(error)")
        }
        guard value.objectValue != nil else {
            throw APIFault(type: "SerializationException", message: "the request body must be a JSON object, not \(value.typeName)")
        }
        return value
    }

    typealias Handler = @Sendable (APICall) async throws(APIFault) -> JSONValue

    /// Every operation served, by name.
    static let handlers: [String: Handler] = StateMachineOperations.handlers
        .merging(ExecutionOperations.handlers) { first, _ in first }
        .merging(TaskTokenOperations.handlers) { first, _ in first }
        .merging(TagOperations.handlers) { first, _ in first }
        .merging(VersionOperations.handlers) { first, _ in first }
        .merging(AliasOperations.handlers) { first, _ in first }
        .merging(ActivityOperations.handlers) { first, _ in first }
        .merging(MapRunOperations.handlers) { first, _ in first }
        .merging(TestStateOperations.handlers) { first, _ in first }
}

/// One HTTP request as the API reads it.
public struct APIRequest: Sendable {
    public var method: String
    /// The path exactly as sent (`/`), without the query.
    public var path: String
    public var query: String
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(method: String = "POST", path: String = "/", query: String = "", headers: [HeaderField], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The answer: a status, and a JSON body (`x-amzn-ErrorType` names an error's type).
public struct APIResponse: Sendable {
    public var status: Int
    public var body: JSONValue
    /// The error's `__type`, for the `x-amzn-ErrorType` header; nil on success.
    public var errorType: String?

    init(status: Int, body: JSONValue) {
        self.status = status
        self.body = body
    }

    init(fault error: any Error) {
        let fault = (error as? APIFault) ?? APIFault(type: "InternalFailure", message: "internal error: \(error)", status: 500)
        status = fault.status
        body = fault.body
        errorType = fault.type
    }
}

/// What an operation is given: the seam, the validated input and the request's region.
struct APICall: Sendable {
    /// The region when the request names none (no Authorization header).
    static let defaultRegion = "us-east-1"

    let service: any StepFunctionsService
    let input: JSONValue
    let region: String

    /// A member the shape makes a string (validated already).
    func string(_ name: String) -> String? { input[name]?.stringValue }
    func int(_ name: String) -> Int? { input[name]?.numberValue.map { Int($0) } }
    func bool(_ name: String) -> Bool? { input[name]?.boolValue }

    /// A required member: validation has refused a request without it.
    func required(_ name: String) throws(APIFault) -> String {
        guard let value = string(name) else { throw APIFault.validation("1 validation error detected: Value null at '\(name)' failed to satisfy constraint: Member must not be null") }
        return value
    }

    /// Runs a seam operation, turning its error into the API's.
    func ask<T>(_ body: (any StepFunctionsService) async throws(ServiceError) -> T) async throws(APIFault) -> T {
        do { return try await body(service) } catch { throw APIFault(error) }
    }
}
