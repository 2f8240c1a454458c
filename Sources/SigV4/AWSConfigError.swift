/// Why credentials or a region could not be resolved, in words a user can act on.
public enum AWSConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing anywhere: no environment variables, no profile with keys.
    case noCredentials(profile: String, credentialsFile: String, configFile: String)
    /// A profile named explicitly (`--profile`, `AWS_PROFILE`) is in neither file.
    case profileNotFound(profile: String, files: [String])
    /// One of the two key variables is set without the other.
    case incompleteEnvironment(set: String, missing: String)
    /// A profile has one of the two keys without the other.
    case incompleteProfile(profile: String, file: String, missing: String)
    /// No region anywhere.
    case noRegion(profile: String, configFile: String)
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)

    /// The message to show.
    public var description: String {
        switch self {
        case let .noCredentials(profile, credentialsFile, configFile):
            return "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile with aws_access_key_id "
                + "and aws_secret_access_key (profile '\(profile)' looked for in \(credentialsFile) and \(configFile))"
        case let .profileNotFound(profile, files):
            return "profile \(profile) not found in \(files.joined(separator: " or "))"
        case let .incompleteEnvironment(set, missing):
            return "\(set) is set but \(missing) is not: set both, or neither to use a profile"
        case let .incompleteProfile(profile, file, missing):
            return "profile \(profile) in \(file) has no \(missing)"
        case let .noRegion(profile, configFile):
            return "no region found: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in profile \(profile) in \(configFile)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
