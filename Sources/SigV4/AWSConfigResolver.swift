import Foundation

/// Finds the credentials and region a client uses, in the AWS SDKs' and CLI's order, from an injected
/// environment and file reader (so tests need no real files or variables).
///
/// Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), unless a profile
/// was passed explicitly (`--profile`), as the CLI does; then the profile (`--profile`, else
/// `AWS_PROFILE`, else `default`) in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default
/// `~/.aws/credentials`, sections `[NAME]`), then in the config file (`AWS_CONFIG_FILE`, default
/// `~/.aws/config`, sections `[profile NAME]`, `[default]` for the default). Keys:
/// `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
///
/// Region: `--region`, then `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region` in the
/// config file. `~` in file paths is `HOME` from the environment.
public struct AWSConfigResolver: Sendable {
    /// Reads a file: its text, nil when it does not exist; throws when it exists but cannot be read.
    public typealias FileReader = @Sendable (String) throws -> String?

    /// The environment variables.
    public let environment: [String: String]
    /// Reads the shared files.
    public let readFile: FileReader

    /// A resolver over `environment` and `readFile`.
    public init(environment: [String: String], readFile: @escaping FileReader) {
        self.environment = environment
        self.readFile = readFile
    }

    /// A resolver over this process's environment and the real files.
    public static func live() -> AWSConfigResolver {
        AWSConfigResolver(environment: ProcessInfo.processInfo.environment) { path in
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try String(contentsOfFile: path, encoding: .utf8)
        }
    }

    /// The shared credentials file's path.
    public var credentialsFile: String { expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials") }
    /// The config file's path.
    public var configFile: String { expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config") }

    /// The profile used: `profile` (from `--profile`), else `AWS_PROFILE`, else `default`.
    public func profileName(_ profile: String? = nil) -> String {
        profile ?? value("AWS_PROFILE") ?? "default"
    }

    /// The credentials to sign with; `profile` is the `--profile` option, nil when not given.
    public func resolveCredentials(profile: String? = nil) throws(AWSConfigError) -> ResolvedCredentials {
        if profile == nil, let fromEnvironment = try environmentCredentials() {
            return ResolvedCredentials(credentials: fromEnvironment, source: "environment variables")
        }
        let name = profileName(profile)
        let explicit = profile != nil || value("AWS_PROFILE") != nil
        let credentialsSection = try file(credentialsFile)?[section: name]
        let configSection = try file(configFile).flatMap { Self.configSection($0, profile: name) }
        if let section = credentialsSection, let credentials = try credentials(in: section, profile: name, file: credentialsFile) {
            return ResolvedCredentials(credentials: credentials, source: "profile \(name) in \(credentialsFile)")
        }
        if let section = configSection, let credentials = try credentials(in: section, profile: name, file: configFile) {
            return ResolvedCredentials(credentials: credentials, source: "profile \(name) in \(configFile)")
        }
        if explicit, credentialsSection == nil, configSection == nil {
            throw .profileNotFound(profile: name, files: [credentialsFile, configFile])
        }
        throw .noCredentials(profile: name, credentialsFile: credentialsFile, configFile: configFile)
    }

    /// The region to send to; `region` is the `--region` option and `profile` the `--profile` one.
    public func resolveRegion(region: String? = nil, profile: String? = nil) throws(AWSConfigError) -> String {
        if let region = region.flatMap({ $0.isEmpty ? nil : $0 }) { return region }
        if let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") { return region }
        let name = profileName(profile)
        if let config = try file(configFile), let region = Self.configSection(config, profile: name)?["region"], !region.isEmpty {
            return region
        }
        throw .noRegion(profile: name, configFile: configFile)
    }

    private func environmentCredentials() throws(AWSConfigError) -> AWSCredentials? {
        let id = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (id, secret) {
        case let (id?, secret?):
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
        case (.some, nil):
            throw .incompleteEnvironment(set: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY")
        case (nil, .some):
            throw .incompleteEnvironment(set: "AWS_SECRET_ACCESS_KEY", missing: "AWS_ACCESS_KEY_ID")
        case (nil, nil):
            return nil
        }
    }

    /// The keys of a profile's section; nil when it has neither key, an error when it has only one.
    private func credentials(in section: [String: String], profile: String, file: String) throws(AWSConfigError) -> AWSCredentials? {
        let id = section["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = section["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case let (id?, secret?):
            let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
        case (.some, nil):
            throw .incompleteProfile(profile: profile, file: file, missing: "aws_secret_access_key")
        case (nil, .some):
            throw .incompleteProfile(profile: profile, file: file, missing: "aws_access_key_id")
        case (nil, nil):
            return nil
        }
    }

    /// A profile's section in the config file: `[profile NAME]` (whitespace between the words free),
    /// and for `default` also `[default]` (`[profile default]` first, as the SDKs).
    static func configSection(_ config: INIFile, profile: String) -> [String: String]? {
        for section in config.sections {
            let words = section.name.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count == 2, words[0] == "profile", words[1] == profile { return section.properties }
        }
        return profile == "default" ? config[section: "default"] : nil
    }

    private func file(_ path: String) throws(AWSConfigError) -> INIFile? {
        do {
            return try readFile(path).map(INIFile.init(parsing:))
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
    }

    /// A variable's value; an empty one counts as unset.
    private func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = value("HOME") else { return path }
        return home + path.dropFirst()
    }
}
