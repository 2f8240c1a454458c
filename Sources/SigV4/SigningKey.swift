/// The key a SigV4 signature is computed with, derived from the secret access key and the scope:
/// HMAC chains over `AWS4` + secret, the date, the region, the service and `aws4_request`.
/// Printing it shows no bytes of the key.
public struct SigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let bytes: [UInt8]

    /// The signing key of `secretAccessKey` for `scope`.
    public init(secretAccessKey: String, scope: CredentialScope) {
        var key = Array(("AWS4" + secretAccessKey).utf8)
        for part in [scope.date, scope.region, scope.service, CredentialScope.terminator] {
            key = Hashing.hmac(key: key, part)
        }
        bytes = key
    }

    /// The signature of `text` (a string to sign): its HMAC-SHA256 under this key, lowercase hex.
    public func signature(of text: String) -> String {
        Hex.encode(Hashing.hmac(key: bytes, text))
    }

    /// The signature of `stringToSign`.
    public func signature(of stringToSign: StringToSign) -> String {
        signature(of: stringToSign.text)
    }

    /// `SigningKey(<redacted>)`.
    public var description: String { "SigningKey(<redacted>)" }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the key.
    public var customMirror: Mirror { Mirror(self, children: [(label: String?, value: Any)](), displayStyle: .struct) }
}
