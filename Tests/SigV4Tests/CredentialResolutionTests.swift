import Testing
import SigV4

/// Credentials and region resolution over injected environments and files.
@Suite struct CredentialResolutionTests {
    static let home = "/home/cook"
    static let credentialsPath = "/home/cook/.aws/credentials"
    static let configPath = "/home/cook/.aws/config"

    static let credentialsFile = """
        # shared credentials
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretDefault/+x

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=secretDev
        aws_session_token = tokenDev

        [half]
        aws_access_key_id = AKIDHALF
        """

    static let configFile = """
        ; config
        [default]
        region = us-east-2

        [profile dev]
        region = eu-west-3 ; Paris
        output = json

        [profile  cfgonly]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = secretConfig
        region = ap-northeast-1

        [dev]
        region = not-a-profile-section
        """

    static func resolver(_ environment: [String: String] = [:],
                         files: [String: String] = [credentialsPath: credentialsFile, configPath: configFile]) -> AWSConfigResolver {
        var environment = environment
        environment["HOME"] = environment["HOME"] ?? home
        return AWSConfigResolver(environment: environment) { files[$0] }
    }

    static let keys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretEnv"]

    @Test func environmentComesFirst() throws {
        let resolved = try Self.resolver(Self.keys.merging(["AWS_SESSION_TOKEN": "tokenEnv", "AWS_PROFILE": "dev"]) { $1 }).resolveCredentials()
        #expect(resolved.credentials == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: "secretEnv", sessionToken: "tokenEnv"))
        #expect(resolved.source == "environment variables")
    }

    @Test func explicitProfileOptionWinsOverEnvironment() throws {
        let resolved = try Self.resolver(Self.keys).resolveCredentials(profile: "dev")
        #expect(resolved.credentials == AWSCredentials(accessKeyID: "AKIDDEV", secretAccessKey: "secretDev", sessionToken: "tokenDev"))
        #expect(resolved.source == "profile dev in /home/cook/.aws/credentials")
    }

    @Test func defaultProfile() throws {
        let resolved = try Self.resolver().resolveCredentials()
        #expect(resolved.credentials == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secretDefault/+x"))
    }

    @Test func awsProfileVariable() throws {
        #expect(try Self.resolver(["AWS_PROFILE": "dev"]).resolveCredentials().credentials.accessKeyID == "AKIDDEV")
    }

    @Test func profileInConfigFile() throws {
        let resolved = try Self.resolver().resolveCredentials(profile: "cfgonly")
        #expect(resolved.credentials.accessKeyID == "AKIDCONFIG")
        #expect(resolved.source == "profile cfgonly in /home/cook/.aws/config")
    }

    @Test func filesFromVariables() throws {
        let files = ["/etc/pizza/creds": "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n",
                     "/etc/pizza/config": "[default]\nregion = sa-east-1\n"]
        let resolver = Self.resolver(["AWS_SHARED_CREDENTIALS_FILE": "/etc/pizza/creds", "AWS_CONFIG_FILE": "/etc/pizza/config"], files: files)
        #expect(try resolver.resolveCredentials().credentials.accessKeyID == "AKIDFILE")
        #expect(try resolver.resolveRegion() == "sa-east-1")
    }

    @Test func unknownProfileIsNamed() {
        let error = #expect(throws: AWSConfigError.self) { try Self.resolver().resolveCredentials(profile: "prod") }
        #expect(error == .profileNotFound(profile: "prod", files: [Self.credentialsPath, Self.configPath]))
        #expect(error?.description == "profile prod not found in /home/cook/.aws/credentials or /home/cook/.aws/config")
    }

    @Test func nothingAnywhere() {
        let error = #expect(throws: AWSConfigError.self) { try Self.resolver(files: [:]).resolveCredentials() }
        #expect(error == .noCredentials(profile: "default", credentialsFile: Self.credentialsPath, configFile: Self.configPath))
        #expect(error?.description.hasPrefix("no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile") == true)
    }

    @Test func halfCredentialsAreErrors() {
        let environment = #expect(throws: AWSConfigError.self) { try Self.resolver(["AWS_ACCESS_KEY_ID": "AKID"]).resolveCredentials() }
        #expect(environment == .incompleteEnvironment(set: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY"))
        let profile = #expect(throws: AWSConfigError.self) { try Self.resolver().resolveCredentials(profile: "half") }
        #expect(profile == .incompleteProfile(profile: "half", file: Self.credentialsPath, missing: "aws_secret_access_key"))
    }

    @Test func unreadableFile() {
        struct Denied: Error, CustomStringConvertible { var description: String { "permission denied" } }
        let resolver = AWSConfigResolver(environment: ["HOME": Self.home]) { _ in throw Denied() }
        let error = #expect(throws: AWSConfigError.self) { try resolver.resolveCredentials() }
        #expect(error == .unreadableFile(path: Self.credentialsPath, reason: "permission denied"))
    }

    @Test func regionOrder() throws {
        let all = ["AWS_REGION": "r-env", "AWS_DEFAULT_REGION": "r-default"]
        #expect(try Self.resolver(all).resolveRegion(region: "r-option") == "r-option")
        #expect(try Self.resolver(all).resolveRegion() == "r-env")
        #expect(try Self.resolver(["AWS_DEFAULT_REGION": "r-default"]).resolveRegion() == "r-default")
        #expect(try Self.resolver().resolveRegion() == "us-east-2")
        #expect(try Self.resolver().resolveRegion(profile: "dev") == "eu-west-3")
        #expect(try Self.resolver(["AWS_PROFILE": "cfgonly"]).resolveRegion() == "ap-northeast-1")
    }

    @Test func noRegion() {
        let error = #expect(throws: AWSConfigError.self) { try Self.resolver(files: [:]).resolveRegion(profile: "x") }
        #expect(error == .noRegion(profile: "x", configFile: Self.configPath))
        #expect(error?.description == "no region found: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in profile x in /home/cook/.aws/config")
    }

    @Test func secretsNeverPrinted() {
        let credentials = AWSCredentials(accessKeyID: "AKIDSHOWN", secretAccessKey: "SECRETHIDDEN", sessionToken: "TOKENHIDDEN")
        var dumped = ""
        dump(credentials, to: &dumped)
        let resolved = ResolvedCredentials(credentials: credentials, source: "environment variables")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states")
        var dumpedSigner = ""
        dump(signer, to: &dumpedSigner)
        for text in ["\(credentials)", String(describing: credentials), String(reflecting: credentials), dumped,
                     "\(resolved)", String(reflecting: resolved), "\([credentials])", "\(signer)", dumpedSigner] {
            #expect(text.contains("AKIDSHOWN"), "\(text)")
            #expect(!text.contains("SECRETHIDDEN"), "\(text)")
            #expect(!text.contains("TOKENHIDDEN"), "\(text)")
        }
        let key = SigningKey(secretAccessKey: "SECRETHIDDEN", scope: CredentialScope(date: "20261202", region: "r", service: "s"))
        var dumpedKey = ""
        dump(key, to: &dumpedKey)
        #expect("\(key)" == "SigningKey(<redacted>)")
        #expect(!dumpedKey.contains("[") && !dumpedKey.contains("UInt8"), "\(dumpedKey)")
        #expect("\(credentials)" == "AWSCredentials(accessKeyID: AKIDSHOWN, secretAccessKey: <redacted>, sessionToken: <redacted>)")
    }
}
