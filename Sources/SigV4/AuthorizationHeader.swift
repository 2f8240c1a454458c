/// The value of a SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`.
public struct AuthorizationHeader: Hashable, Sendable, CustomStringConvertible {
    /// The access key id of the credential.
    public var accessKeyID: String
    /// The credential scope.
    public var scope: CredentialScope
    /// The lowercase names of the signed headers, in order.
    public var signedHeaders: [String]
    /// The signature, lowercase hex.
    public var signature: String

    /// The header of a signature.
    public init(accessKeyID: String, scope: CredentialScope, signedHeaders: [String], signature: String) {
        self.accessKeyID = accessKeyID
        self.scope = scope
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// The header's value, as the AWS SDKs write it.
    public var description: String {
        "\(StringToSign.algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
    }
}
