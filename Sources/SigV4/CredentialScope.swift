/// The credential scope `YYYYMMDD/region/service/aws4_request`: what a signing key is good for.
public struct CredentialScope: Hashable, Sendable, CustomStringConvertible {
    /// The terminator every SigV4 scope ends with.
    public static let terminator = "aws4_request"

    /// `YYYYMMDD`, the UTC date of the request.
    public var date: String
    /// The region, `us-east-1` say.
    public var region: String
    /// The service's signing name, `states` for Step Functions.
    public var service: String

    /// The scope of a request signed on `date` (`YYYYMMDD`) for `region` and `service`.
    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    /// The scope of a request signed at `timestamp`.
    public init(timestamp: AmzDate, region: String, service: String) {
        self.init(date: timestamp.dateStamp, region: region, service: service)
    }

    /// `date/region/service/aws4_request`.
    public var description: String { "\(date)/\(region)/\(service)/\(Self.terminator)" }
}
