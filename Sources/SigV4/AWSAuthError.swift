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
        #"{"__type":"\#(typeName)","message":"\#(Self.jsonEscaped(message))"}"#
    }

    private static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `typeName: message`.
    public var description: String { "\(typeName): \(message)" }
}
