/// An HTTP request as SigV4 sees it: what the signer signs and the verifier checks.
public struct SigV4Request: Hashable, Sendable {
    /// The method, `GET` or `POST` say (used as given; SigV4 expects it uppercase).
    public var method: String
    /// The path of the request target exactly as sent, escapes included, without the query: `/` for
    /// the AWS JSON protocols.
    public var path: String
    /// The raw query string, without the `?` (empty when there is none).
    public var query: String
    /// The headers in order, `Host` among them (`host:port` when the port is not the scheme's default).
    public var headers: [HeaderField]
    /// The body's bytes (empty for none).
    public var body: [UInt8]

    /// A request; `path` and `query` exactly as in the request target.
    public init(method: String, path: String, query: String = "", headers: [HeaderField], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
