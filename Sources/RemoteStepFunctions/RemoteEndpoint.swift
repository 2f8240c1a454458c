import Foundation
import SigV4

/// Where a remote Step Functions service is and who talks to it: the endpoint's URL, the region
/// requests are signed for, and the credentials, resolved as the AWS command line does.
///
/// - Endpoint: `--endpoint URL`, else `AWS_ENDPOINT_URL_SFN`, else `AWS_ENDPOINT_URL`, else AWS's
///   regional endpoint `https://states.REGION.amazonaws.com`.
/// - Region: `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`
///   (see ``AWSConfigResolver``). With an endpoint given and no region anywhere, `us-east-1`
///   (emulators such as `pizzadash serve` and moto accept any region).
/// - Credentials: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, then
///   `--profile` / `AWS_PROFILE` in the shared credentials and config files.
///
/// Its `description` names the endpoint, the region and where the credentials came from; never a secret.
public struct RemoteEndpoint: Sendable, CustomStringConvertible {
    /// The URL requests are POSTed to.
    public var url: URL
    /// The region of the signatures' credential scope.
    public var region: String
    public var credentials: AWSCredentials
    /// Where the credentials were found (`environment variables`, `profile NAME in FILE`).
    public var credentialSource: String

    public init(url: URL, region: String, credentials: AWSCredentials, credentialSource: String = "given") {
        self.url = url
        self.region = region
        self.credentials = credentials
        self.credentialSource = credentialSource
    }

    /// `URL (REGION)`.
    public var description: String { "\(url.absoluteString) (\(region))" }

    /// Resolves the endpoint from the options (`endpoint`, `region`, `profile`: nil when not
    /// given) and, for the rest, the environment and shared files `resolver` reads.
    public static func resolve(endpoint: String?, region: String?, profile: String?,
                               resolver: AWSConfigResolver = .live()) throws(RemoteSetupError) -> RemoteEndpoint {
        let environment = resolver.environment
        let given: (text: String, origin: String)? = [
            (endpoint, "--endpoint"), (environment["AWS_ENDPOINT_URL_SFN"], "AWS_ENDPOINT_URL_SFN"),
            (environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"),
        ].lazy.compactMap { text, origin in text.flatMap { $0.isEmpty ? nil : ($0, origin) } }.first
        // A bad URL first, then the credentials: a profile that does not exist says so, rather than that it has no region.
        let givenURL = try given.map { given throws(RemoteSetupError) in try parse(given.text, origin: given.origin) }
        let credentials: ResolvedCredentials
        do { credentials = try resolver.resolveCredentials(profile: profile) } catch { throw RemoteSetupError(error.description) }
        let resolvedRegion: String
        do {
            resolvedRegion = try resolver.resolveRegion(region: region, profile: profile)
        } catch {
            guard given != nil, case .noRegion = error else { throw RemoteSetupError(error.description) }
            resolvedRegion = "us-east-1"
        }
        let url: URL
        if let givenURL {
            url = givenURL
        } else {
            url = try parse("https://states.\(resolvedRegion).amazonaws.com", origin: "the region \(resolvedRegion)")
        }
        return RemoteEndpoint(url: url, region: resolvedRegion, credentials: credentials.credentials, credentialSource: credentials.source)
    }

    /// An `http` or `https` URL with a host; anything else names the option or variable it came from.
    static func parse(_ text: String, origin: String) throws(RemoteSetupError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw RemoteSetupError("\(origin): '\(text)' is not an http:// or https:// URL with a host")
        }
        guard url.query == nil, url.fragment == nil, url.user == nil else {
            throw RemoteSetupError("\(origin): '\(text)' must have no user, query or fragment")
        }
        return url
    }

    /// The `Host` header the request carries, as signed: `host`, or `host:port` when the URL names
    /// a port that is not its scheme's default.
    var hostHeader: String {
        let host = url.host ?? ""
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        guard let port = url.port, port != defaultPort else { return bracketed }
        return "\(bracketed):\(port)"
    }
}

/// Why a remote endpoint could not be set up (a bad URL, no credentials, no region): one line.
public struct RemoteSetupError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
