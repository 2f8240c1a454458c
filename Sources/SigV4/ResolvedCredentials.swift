/// Credentials and where they were found (for messages; never the secret).
public struct ResolvedCredentials: Hashable, Sendable, CustomStringConvertible {
    /// The credentials.
    public let credentials: AWSCredentials
    /// Where they came from: `environment variables`, or `profile NAME in FILE`.
    public let source: String

    /// Credentials found in `source`.
    public init(credentials: AWSCredentials, source: String) {
        self.credentials = credentials
        self.source = source
    }

    /// `AWSCredentials(...) from SOURCE`, without the secret.
    public var description: String { "\(credentials) from \(source)" }
}
