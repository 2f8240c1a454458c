/// The canonical URI of a SigV4 canonical request: the request's path, normalized and percent-encoded.
public enum CanonicalURI {
    /// The canonical URI of `path`, the path of the request target exactly as sent (without the query).
    ///
    /// With the default options (every service but S3) `.` and `..` segments and repeated slashes are
    /// removed, then every byte but the unreserved ones and `/` is percent-encoded, so escapes already in
    /// the path are encoded a second time (`%20` becomes `%2520`): a path sent as `/example space/`
    /// becomes `/example%20space/`. An empty path is `/`.
    public static func make(path: String, options: SigningOptions = .default) -> String {
        let normalized = options.normalizesPath ? normalize(path) : (path.isEmpty ? "/" : path)
        if options.doubleEncodesPath {
            return URIEncoding.encode(normalized, keepingSlash: true)
        }
        return URIEncoding.encode(URIEncoding.decode(normalized), keepingSlash: true)
    }

    /// Removes empty, `.` and `..` segments (a `..` above the root is dropped); keeps a leading slash, and
    /// a trailing one when the path had one and something is left (as the AWS SDKs do). Empty becomes `/`.
    public static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".":
                continue
            case "..":
                if !segments.isEmpty { segments.removeLast() }
            default:
                segments.append(segment)
            }
        }
        if segments.isEmpty { return "/" }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") { result += "/" }
        return result
    }
}
