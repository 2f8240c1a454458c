/// The SigV4 string to sign: the algorithm, the timestamp, the credential scope and the hash of the
/// canonical request, one a line.
public struct StringToSign: Hashable, Sendable {
    /// The only algorithm this module signs and verifies with.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// When the request was signed (its `X-Amz-Date`).
    public let timestamp: AmzDate
    /// The credential scope.
    public let scope: CredentialScope
    /// The lowercase hex SHA-256 of the canonical request.
    public let canonicalRequestHash: String

    /// The string to sign of a canonical request.
    public init(timestamp: AmzDate, scope: CredentialScope, canonicalRequest: CanonicalRequest) {
        self.init(timestamp: timestamp, scope: scope, canonicalRequestHash: canonicalRequest.hash)
    }

    /// The string to sign of a canonical request given by its hash.
    public init(timestamp: AmzDate, scope: CredentialScope, canonicalRequestHash: String) {
        self.timestamp = timestamp
        self.scope = scope
        self.canonicalRequestHash = canonicalRequestHash
    }

    /// The text, lines joined with `\n` and no newline at the end.
    public var text: String {
        [Self.algorithm, timestamp.description, scope.description, canonicalRequestHash].joined(separator: "\n")
    }
}
