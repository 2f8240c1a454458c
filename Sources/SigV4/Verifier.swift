import Foundation

/// Checks the SigV4 `Authorization` header of requests a server receives, answering failures with the
/// errors AWS's JSON protocols answer (see ``AWSAuthError``). The time is given to each check; the
/// verifier never reads the clock.
public struct SigV4Verifier: Sendable {
    /// How far `X-Amz-Date` may be from the server's time, either way: 5 minutes, as AWS.
    public static let defaultAllowedSkew: TimeInterval = 300

    /// The secret access key of an access key id, nil for an unknown one.
    public let secretAccessKey: @Sendable (String) -> String?
    /// The signing name the credential scope must have (`states` say); nil accepts any.
    public let service: String?
    /// How far `X-Amz-Date` may be from the server's time, either way.
    public let allowedSkew: TimeInterval
    /// Path handling, as the signer's.
    public let options: SigningOptions

    /// A verifier looking secrets up with `secretAccessKey`, for `service` (nil: any).
    public init(service: String? = nil, allowedSkew: TimeInterval = defaultAllowedSkew, options: SigningOptions = .default,
                secretAccessKey: @escaping @Sendable (String) -> String?) {
        self.service = service
        self.allowedSkew = allowedSkew
        self.options = options
        self.secretAccessKey = secretAccessKey
    }

    /// Verifies `request` (its path and query exactly as received, its body's bytes) at the server's
    /// time `now`; answers who signed it and for which region, or throws why it is refused.
    ///
    /// In order: a missing `Authorization` is `MissingAuthenticationTokenException`; a malformed one or
    /// a missing or malformed `X-Amz-Date`, `IncompleteSignatureException`; an unknown access key id,
    /// `UnrecognizedClientException`; a date more than ``allowedSkew`` from `now`, a scope whose date is
    /// not the request's or whose service is not ``service``, or a signature that does not match,
    /// `InvalidSignatureException`.
    public func verify(_ request: SigV4Request, now: Date) throws(AWSAuthError) -> VerifiedRequest {
        guard let header = request.headers.first(named: "Authorization") else { throw .missingAuthenticationToken }
        let dateValue = request.headers.first(named: "X-Amz-Date")
        let authorization = try AuthorizationHeader(parsing: header, hasDate: dateValue != nil)
        guard let dateValue, let timestamp = AmzDate(parsing: CanonicalHeaders.canonicalValue(dateValue)) else {
            throw .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '\(dateValue ?? "")'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        guard let secret = secretAccessKey(authorization.accessKeyID) else { throw .unrecognizedClient }
        try checkClock(timestamp, now: AmzDate(now))
        let scope = authorization.scope
        guard scope.date == timestamp.dateStamp else {
            throw .invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope.date)' != '\(timestamp.dateStamp)', from '\(timestamp)'.")
        }
        if let service, scope.service != service {
            throw .invalidSignature("Credential should be scoped to correct service: '\(service)'. ")
        }
        guard !scope.region.isEmpty else { throw .invalidSignature("Credential should be scoped to a valid region. ") }

        let canonical = CanonicalRequest(request: request, options: options, signedHeaders: authorization.signedHeaders)
        let stringToSign = StringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical)
        let expected = SigningKey(secretAccessKey: secret, scope: scope).signature(of: stringToSign)
        guard Self.constantTimeEquals(expected, authorization.signature) else { throw AWSAuthError.signatureMismatch }
        return VerifiedRequest(accessKeyID: authorization.accessKeyID, scope: scope, timestamp: timestamp,
                               signedHeaders: authorization.signedHeaders,
                               sessionToken: request.headers.first(named: "X-Amz-Security-Token"))
    }

    /// Refuses a timestamp more than ``allowedSkew`` before or after `now`, in AWS's words.
    private func checkClock(_ timestamp: AmzDate, now: AmzDate) throws(AWSAuthError) {
        let skew = Int64(allowedSkew.rounded(.down))
        let minutes = "\(skew / 60) min."
        if timestamp.secondsSince1970 < now.secondsSince1970 - skew {
            let earliest = AmzDate(Date(timeIntervalSince1970: TimeInterval(now.secondsSince1970 - skew)))
            throw .invalidSignature("Signature expired: \(timestamp) is now earlier than \(earliest) (\(now) - \(minutes))")
        }
        if timestamp.secondsSince1970 > now.secondsSince1970 + skew {
            let latest = AmzDate(Date(timeIntervalSince1970: TimeInterval(now.secondsSince1970 + skew)))
            throw .invalidSignature("Signature not yet current: \(timestamp) is still later than \(latest) (\(now) + \(minutes))")
        }
    }

    /// Compares two strings' bytes in time that depends on their lengths only, not on where they differ.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
