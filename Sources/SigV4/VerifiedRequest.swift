/// A request whose signature checked out: who signed it, when, and for which region.
public struct VerifiedRequest: Hashable, Sendable {
    /// The access key id that signed it.
    public let accessKeyID: String
    /// The credential scope it was signed for.
    public let scope: CredentialScope
    /// Its `X-Amz-Date`.
    public let timestamp: AmzDate
    /// The lowercase names of the headers the signature covers.
    public let signedHeaders: [String]
    /// Its `X-Amz-Security-Token`, if it had one (not checked: the verifier looks up secrets only).
    public let sessionToken: String?

    /// The region of the credential scope (the server keeps its state per region).
    public var region: String { scope.region }
    /// The service of the credential scope.
    public var service: String { scope.service }
}
