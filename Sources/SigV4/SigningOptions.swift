/// How a request's path and session token are treated when signing; the defaults are those of every
/// AWS service but S3 (Step Functions included).
public struct SigningOptions: Hashable, Sendable {
    /// Where the session token of temporary credentials goes.
    public enum SessionTokenPlacement: Hashable, Sendable {
        /// `X-Amz-Security-Token` is added before signing, so it is a signed header (what the SDKs do).
        case signed
        /// `X-Amz-Security-Token` is added after the signature is computed, unsigned (a few services want that).
        case addedAfterSigning
    }

    /// Removes `.` and `..` segments and empty segments from the path before encoding it (not for S3).
    public var normalizesPath: Bool
    /// Percent-encodes the path as it is sent, so an escape `%20` becomes `%2520` (not for S3, where
    /// the path is decoded first and encoded once).
    public var doubleEncodesPath: Bool
    /// Where `X-Amz-Security-Token` goes.
    public var sessionTokenPlacement: SessionTokenPlacement

    /// The options; the defaults are those of every service but S3.
    public init(normalizesPath: Bool = true, doubleEncodesPath: Bool = true, sessionTokenPlacement: SessionTokenPlacement = .signed) {
        self.normalizesPath = normalizesPath
        self.doubleEncodesPath = doubleEncodesPath
        self.sessionTokenPlacement = sessionTokenPlacement
    }

    /// The options of every service but S3.
    public static let `default` = SigningOptions()
    /// The options of S3: the path neither normalized nor encoded twice.
    public static let s3 = SigningOptions(normalizesPath: false, doubleEncodesPath: false)
}
