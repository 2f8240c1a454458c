import Foundation

/// Signs requests with SigV4 in the `Authorization` header, for one set of credentials, region and service.
public struct SigV4Signer: Sendable {
    /// Headers never signed: they may change on the way (proxies, retries) or are the signature itself.
    public static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "x-amzn-trace-id", "expect", "connection"]

    /// The credentials requests are signed with.
    public var credentials: AWSCredentials
    /// The region of the credential scope, `us-east-1` say.
    public var region: String
    /// The service's signing name, `states` for Step Functions.
    public var service: String
    /// Path and session token handling.
    public var options: SigningOptions

    /// A signer for `credentials`, `region` and `service`.
    public init(credentials: AWSCredentials, region: String, service: String, options: SigningOptions = .default) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Signs `request` as of `date`: sets `X-Amz-Date` (replacing any), adds `X-Amz-Security-Token` when
    /// the credentials have a session token, then signs every header but ``unsignedHeaders`` and adds
    /// `Authorization` (replacing any). The request must already have its `Host` header.
    public func sign(_ request: SigV4Request, at date: Date) -> SignedRequest {
        sign(request, at: AmzDate(date))
    }

    /// Signs `request` as of `timestamp` (see the `Date` variant).
    public func sign(_ request: SigV4Request, at timestamp: AmzDate) -> SignedRequest {
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        request.headers.replace("X-Amz-Date", with: timestamp.description)
        if let token = credentials.sessionToken, options.sessionTokenPlacement == .signed {
            request.headers.replace("X-Amz-Security-Token", with: token)
        }
        let canonical = CanonicalRequest(request: request, options: options) { !Self.unsignedHeaders.contains($0) }
        let scope = CredentialScope(timestamp: timestamp, region: region, service: service)
        let stringToSign = StringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical)
        let signature = SigningKey(secretAccessKey: credentials.secretAccessKey, scope: scope).signature(of: stringToSign)
        let authorization = AuthorizationHeader(accessKeyID: credentials.accessKeyID, scope: scope,
                                                signedHeaders: canonical.headers.signedHeaderNames, signature: signature)
        if let token = credentials.sessionToken, options.sessionTokenPlacement == .addedAfterSigning {
            request.headers.replace("X-Amz-Security-Token", with: token)
        }
        request.headers.append(HeaderField("Authorization", authorization.description))
        return SignedRequest(request: request, canonicalRequest: canonical, stringToSign: stringToSign, authorization: authorization)
    }
}
