/// The SigV4 canonical request: method, canonical URI, canonical query string, canonical headers,
/// signed headers and payload hash, one a line.
public struct CanonicalRequest: Hashable, Sendable {
    /// The method as given.
    public let method: String
    /// The canonical URI (see ``CanonicalURI``).
    public let uri: String
    /// The canonical query string (see ``CanonicalQuery``).
    public let query: String
    /// The canonical and signed headers (see ``CanonicalHeaders``).
    public let headers: CanonicalHeaders
    /// The lowercase hex SHA-256 of the body.
    public let payloadHash: String

    /// The canonical request of `request`, signing the headers for whose lowercase name `isSigned` is true.
    public init(request: SigV4Request, options: SigningOptions = .default, isSigned: (String) -> Bool = { _ in true }) {
        self.init(request: request, options: options, headers: CanonicalHeaders(headers: request.headers, isSigned: isSigned))
    }

    /// The canonical request of `request` for exactly the `signedHeaders` (lowercase), as a verifier rebuilds it.
    public init(request: SigV4Request, options: SigningOptions = .default, signedHeaders: [String]) {
        self.init(request: request, options: options, headers: CanonicalHeaders(headers: request.headers, signedHeaders: signedHeaders))
    }

    private init(request: SigV4Request, options: SigningOptions, headers: CanonicalHeaders) {
        method = request.method
        uri = CanonicalURI.make(path: request.path, options: options)
        query = CanonicalQuery.make(query: request.query)
        self.headers = headers
        payloadHash = Hashing.sha256Hex(request.body)
    }

    /// The canonical request's text, lines joined with `\n` and no newline at the end.
    public var text: String {
        [method, uri, query, headers.text, headers.signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// The lowercase hex SHA-256 of ``text``, the last line of the string to sign.
    public var hash: String { Hashing.sha256Hex(text) }
}
