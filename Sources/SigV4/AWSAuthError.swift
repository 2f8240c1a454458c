import JSON
/// Why a server refuses a request's SigV4 authentication, as AWS's JSON protocols answer it: a
/// `__type` (``typeName``) and a `message`.
public enum AWSAuthError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No `Authorization` header (and no presigned query): `MissingAuthenticationTokenException`.
    case missingAuthenticationToken
    /// A malformed `Authorization` header or `X-Amz-Date`: `IncompleteSignatureException`, with AWS's message.
    case incompleteSignature(String)
    /// The access key id is unknown: `UnrecognizedClientException`.
    case unrecognizedClient
    /// The signature does not match, its scope is wrong, or it expired: `InvalidSignatureException`, with AWS's message.
    case invalidSignature(String)

    /// AWS's message for a signature that does not match.
    public static let signatureMismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    /// An `InvalidSignatureException` for a signature that does not match.
    public static let signatureMismatch = AWSAuthError.invalidSignature(signatureMismatchMessage)

    /// The error's `__type` in an AWS JSON error body.
    public var typeName: String {
        switch self {
        case .missingAuthenticationToken: return "MissingAuthenticationTokenException"
        case .incompleteSignature: return "IncompleteSignatureException"
        case .unrecognizedClient: return "UnrecognizedClientException"
        case .invalidSignature: return "InvalidSignatureException"
        }
    }

    /// The error's `message` in an AWS JSON error body.
    public var message: String {
        switch self {
        case .missingAuthenticationToken: return "Missing Authentication Token"
        case .incompleteSignature(let message), .invalidSignature(let message): return message
        case .unrecognizedClient: return "The security token included in the request is invalid."
        }
    }

    /// The HTTP status: 400 (Bad Request) for all four, as AWS JSON 1.0 services document them (DynamoDB's
    /// common errors; the generic "common errors" pages give 403 for some, so check against a real
    /// service before relying on it).
    public var httpStatus: Int { 400 }

    /// The AWS JSON error body: `{"__type":"TYPE","message":"MESSAGE"}`.
    public var jsonBody: String {
        var out = #"{"__type":"#
        JSONValue.writeQuoted(typeName, to: &out)
        out += #","message":"#
        JSONValue.writeQuoted(message, to: &out)
        return out + "}"
    }

    /// `typeName: message`.
    public var description: String { "\(typeName): \(message)" }
}
