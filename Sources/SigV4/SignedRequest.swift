/// A signed request, with the intermediate steps of its signature (for logs and tests).
public struct SignedRequest: Hashable, Sendable {
    /// The request to send: the original headers plus `X-Amz-Date`, `X-Amz-Security-Token` (if any) and `Authorization`.
    public let request: SigV4Request
    /// The canonical request that was signed.
    public let canonicalRequest: CanonicalRequest
    /// The string that was signed.
    public let stringToSign: StringToSign
    /// The `Authorization` header's value.
    public let authorization: AuthorizationHeader
}
