/// An AWS access key: its id, its secret and, for temporary credentials, a session token.
///
/// Its `description`, `debugDescription` and mirror (what `print`, `String(reflecting:)`, `dump` and
/// string interpolation show) give the access key id only; the secret and the token never appear.
public struct AWSCredentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id, `AKIDEXAMPLE` say; not a secret.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials, nil for long-term ones.
    public var sessionToken: String?

    /// Credentials; `sessionToken` only for temporary ones.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// `AWSCredentials(accessKeyID: AKID, secretAccessKey: <redacted>[, sessionToken: <redacted>])`.
    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror with the access key id and the secret and token redacted.
    public var customMirror: Mirror {
        var children: [(label: String?, value: Any)] = [("accessKeyID", accessKeyID), ("secretAccessKey", "<redacted>")]
        if sessionToken != nil { children.append(("sessionToken", "<redacted>")) }
        return Mirror(self, children: children, displayStyle: .struct)
    }
}
