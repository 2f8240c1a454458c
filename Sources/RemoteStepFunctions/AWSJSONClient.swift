import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSON
import SigV4
import StepFunctions

/// Sends AWS JSON 1.0 requests to one endpoint: `POST /` with `X-Amz-Target: PREFIX.Operation`
/// and `Content-Type: application/x-amz-json-1.0`, signed with Signature Version 4 by our own
/// signer, through Foundation's URLSession (HTTPS with its default certificate verification).
///
/// Answers map onto ``ServiceError``: an AWS error body `{"__type": ..., "message": ...}` (the type
/// may carry a `#` prefix, or come only in the `x-amzn-ErrorType` header) keeps AWS's type and
/// message; an endpoint that cannot be reached, a TLS failure, a timeout or an answer that is
/// not AWS JSON is one ``ServiceError/Kind/unreachable`` message naming the endpoint.
/// `ThrottlingException` and the service's own failures (`ServiceUnavailable`, `InternalFailure`,
/// ...) are retried (``maxAttempts`` in all) after exponential backoff with full jitter, as the
/// AWS SDKs do. Nothing here logs; no message holds
/// a secret (the credentials appear only in the signed headers).
public final class AWSJSONClient: Sendable {
    public let endpoint: RemoteEndpoint
    /// The service's target prefix and signing name.
    public let targetPrefix: String
    public let signingName: String
    /// Seconds a request may take before it is a timeout.
    public let timeout: Double
    /// Attempts of a throttled or 5xx request, the first included.
    public let maxAttempts: Int
    private let session: URLSession
    private let signer: SigV4Signer

    public init(endpoint: RemoteEndpoint, targetPrefix: String = "AWSStepFunctions", signingName: String = "states",
                timeout: Double = 30, maxAttempts: Int = 4) {
        self.endpoint = endpoint
        self.targetPrefix = targetPrefix
        self.signingName = signingName
        self.timeout = timeout
        self.maxAttempts = max(1, maxAttempts)
        let configuration = URLSessionConfiguration.ephemeral
        // Each request sets its own limit (GetActivityTask's long poll needs 65 s); the session allows the longest.
        configuration.timeoutIntervalForRequest = max(timeout, 70)
        session = URLSession(configuration: configuration)
        signer = SigV4Signer(credentials: endpoint.credentials, region: endpoint.region, service: signingName)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Calls `operation` with `input`; answers the output object (`{}` for an empty body).
    public func call(_ operation: String, _ input: [String: JSONValue], timeout: Double? = nil) async throws(ServiceError) -> JSONValue {
        let body = Array(JSONValue.object(input).serialized().utf8)
        var pace = PollPace(interval: 0.1, maxBackoff: 5)
        var attempt = 1
        while true {
            do throws(ServiceError) {
                return try await send(operation, body: body, timeout: timeout ?? self.timeout)
            } catch where attempt < maxAttempts && Self.isRetryable(error) && !Task.isCancelled {
                attempt += 1
                await PollPace.sleep(pace.throttled())
            }
        }
    }

    /// Throttling and the service's own failures are worth another try; the rest is not.
    static func isRetryable(_ error: ServiceError) -> Bool {
        error.kind == .throttling || ["ServiceUnavailable", "InternalFailure", "InternalServerError", "RequestTimeout"].contains(error.type)
    }

    private func send(_ operation: String, body: [UInt8], timeout: Double) async throws(ServiceError) -> JSONValue {
        let unsigned = AWSJSONRequest.make(host: endpoint.hostHeader, target: "\(targetPrefix).\(operation)", body: body)
        let signed = signer.sign(unsigned, at: Date())
        var request = URLRequest(url: endpoint.url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        // Host and Content-Length are URLSession's own to send (with the values signed).
        for field in signed.request.headers where !["host", "content-length"].contains(field.name.lowercased()) {
            request.setValue(field.value, forHTTPHeaderField: field.name)
        }
        request.httpBody = Data(body)
        let (data, response) = try await transfer(request)
        return try Self.decode(data: data, response: response, endpoint: endpoint)
    }

    /// One request through URLSession; its failures in words naming the endpoint.
    private func transfer(_ request: URLRequest) async throws(ServiceError) -> (Data, HTTPURLResponse) {
        let name = endpoint.url.absoluteString
        let result: Result<(Data, HTTPURLResponse), ServiceError> = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .failure(Self.transportError(error, endpoint: name, timeout: request.timeoutInterval)))
                } else if let response = response as? HTTPURLResponse {
                    continuation.resume(returning: .success((data ?? Data(), response)))
                } else {
                    continuation.resume(returning: .failure(ServiceError(.unreachable, "\(name) did not answer with HTTP")))
                }
            }
            task.resume()
        }
        return try result.get()
    }

    static func transportError(_ error: Error, endpoint: String, timeout: Double) -> ServiceError {
        let code = (error as? URLError)?.code
        switch code {
        case .timedOut?:
            return ServiceError(.unreachable, "no answer from \(endpoint) within \(Int(timeout)) s")
        case .serverCertificateUntrusted?, .serverCertificateHasBadDate?, .serverCertificateHasUnknownRoot?,
             .serverCertificateNotYetValid?, .secureConnectionFailed?, .clientCertificateRejected?:
            return ServiceError(.unreachable, "TLS failure talking to \(endpoint): \(error.localizedDescription)")
        case .cancelled?:
            return ServiceError(.unreachable, "the request to \(endpoint) was cancelled")
        default:
            return ServiceError(.unreachable, "cannot reach \(endpoint): \(error.localizedDescription)")
        }
    }

    /// A 2xx answer's JSON, or the error it carries.
    public static func decode(data: Data, response: HTTPURLResponse, endpoint: RemoteEndpoint) throws(ServiceError) -> JSONValue {
        let text = String(decoding: data, as: UTF8.self)
        let json = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? JSONValue.object([:]) : try? JSONValue(parsing: text)
        if (200..<300).contains(response.statusCode) {
            guard let json, json.objectValue != nil else {
                throw ServiceError(.unreachable, "\(endpoint.url.absoluteString) answered HTTP \(response.statusCode) with a body that is not AWS JSON: \(excerpt(text))")
            }
            return json
        }
        let headerType = response.value(forHTTPHeaderField: "x-amzn-ErrorType")
        let type = json?["__type"]?.stringValue ?? json?["code"]?.stringValue ?? headerType
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue
        guard let type, !type.isEmpty else {
            throw ServiceError(.unreachable, "\(endpoint.url.absoluteString) answered HTTP \(response.statusCode), not an AWS error: \(excerpt(text))")
        }
        throw ServiceError(awsType: type, message: message ?? "HTTP \(response.statusCode)")
    }

    /// At most 200 characters of a body, on one line.
    static func excerpt(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return "(empty)" }
        return line.count > 200 ? String(line.prefix(200)) + "..." : line
    }
}
