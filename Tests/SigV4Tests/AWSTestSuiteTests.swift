import Foundation
import Testing
@testable import SigV4

/// Every case of AWS's SigV4 test suite: the `.req` parsed, signed, and the canonical request, string
/// to sign and `Authorization` compared with the case's `.creq`, `.sts` and `.authz`; the `.sreq`
/// (the signed request) checked by the verifier.
@Suite struct AWSTestSuiteTests {
    static let cases = TestSuite.cases()

    /// Two cases of the suite contradict themselves: their `.creq` signs all four headers, `Content-Length`
    /// included, but their `.sts` holds the hash of another canonical request (without `Content-Length`,
    /// and for the `-parameters` case with `charset=utf8` for the `.req`'s `charset=utf-8`), and their
    /// signature signs that one. The `-parameters` case's `.authz` even lists `content-length` in its
    /// `SignedHeaders`, which its signature does not cover (its `.sreq` does not list it). This test proves
    /// each contradiction and reproduces both signed requests: their string to sign, signature and `.sreq`.
    static let inconsistentCases: [String: (SigV4Request) -> SigV4Request] = [
        "post-x-www-form-urlencoded": { request in
            var request = request
            request.headers.removeAll { $0.name.lowercased() == "content-length" }
            return request
        },
        "post-x-www-form-urlencoded-parameters": { request in
            var request = request
            request.headers.removeAll { $0.name.lowercased() == "content-length" }
            request.headers.replace("Content-Type", with: "application/x-www-form-urlencoded; charset=utf8")
            return request
        },
    ]

    static var signer: SigV4Signer {
        SigV4Signer(credentials: AWSCredentials(accessKeyID: TestSuite.accessKeyID, secretAccessKey: TestSuite.secretAccessKey),
                    region: TestSuite.region, service: TestSuite.service)
    }

    static func timestamp(of request: SigV4Request) throws -> AmzDate {
        try #require(request.headers.first(named: "X-Amz-Date").flatMap(AmzDate.init(parsing:)))
    }

    @Test func suiteIsFoundWithAllItsCases() {
        #expect(FileManager.default.fileExists(atPath: TestSuite.directory.path), "\(TestSuite.directory.path)")
        #expect(Self.cases.count == 31, "\(Self.cases.map(\.name))")
    }

    @Test(arguments: cases) func signsLikeAWS(_ testCase: TestSuite.Case) throws {
        let request = try RawHTTPRequest(parsing: testCase.file("req")).request
        let timestamp = try Self.timestamp(of: request)
        let expectedCanonical = try testCase.file("creq")
        let expectedStringToSign = try testCase.file("sts")
        let expectedAuthorization = try testCase.file("authz")

        let signed = Self.signer.sign(request, at: timestamp)
        #expect(signed.canonicalRequest.text == expectedCanonical)

        let suiteIsConsistent = Hashing.sha256Hex(expectedCanonical) == expectedStringToSign.split(separator: "\n").last.map(String.init)
        if suiteIsConsistent {
            #expect(Self.inconsistentCases[testCase.name] == nil, "a case thought inconsistent is consistent")
            #expect(signed.stringToSign.text == expectedStringToSign)
            #expect(signed.authorization.description == expectedAuthorization)
        } else {
            let reproduce = try #require(Self.inconsistentCases[testCase.name], "the suite's .creq and .sts disagree")
            let other = Self.signer.sign(reproduce(request), at: timestamp)
            #expect(other.stringToSign.text == expectedStringToSign)
            #expect(expectedAuthorization.hasSuffix("Signature=\(other.authorization.signature)"))
            let signedRequest = try RawHTTPRequest(parsing: testCase.file("sreq")).request
            #expect(signedRequest.headers.first(named: "Authorization").map(CanonicalHeaders.canonicalValue)
                    == other.authorization.description)
        }

        // The key derivation and HMAC alone, from the suite's own string to sign.
        let scope = CredentialScope(timestamp: timestamp, region: TestSuite.region, service: TestSuite.service)
        let signature = SigningKey(secretAccessKey: TestSuite.secretAccessKey, scope: scope).signature(of: expectedStringToSign)
        #expect(expectedAuthorization.hasSuffix("Signature=\(signature)"))
    }

    /// The suite's signed requests (`.sreq`) pass the verifier at the suite's time, but for the one whose
    /// `.sreq` is not the request its signature was made for.
    @Test(arguments: cases) func verifierAcceptsTheSignedRequest(_ testCase: TestSuite.Case) throws {
        let request = try RawHTTPRequest(parsing: testCase.file("sreq")).request
        let timestamp = try Self.timestamp(of: request)
        if testCase.name != "post-x-www-form-urlencoded-parameters" { // see `inconsistentCases`
            #expect(request.headers.first(named: "Authorization").map(CanonicalHeaders.canonicalValue) == (try testCase.file("authz")))
        }
        let verifier = SigV4Verifier(service: TestSuite.service) { $0 == TestSuite.accessKeyID ? TestSuite.secretAccessKey : nil }
        if testCase.name == "post-x-www-form-urlencoded-parameters" {
            #expect(throws: AWSAuthError.signatureMismatch) { try verifier.verify(request, now: timestamp.date) }
        } else {
            let verified = try verifier.verify(request, now: timestamp.date)
            #expect(verified.accessKeyID == TestSuite.accessKeyID)
            #expect(verified.region == TestSuite.region)
        }
    }

    /// Temporary credentials: the token is signed (`post-sts-header-before`) or added after signing
    /// (`post-sts-header-after`), both from `post-vanilla`'s request.
    @Test func sessionTokenSignedOrAddedAfter() throws {
        let vanilla = try #require(Self.cases.first { $0.name == "post-vanilla" })
        let request = try RawHTTPRequest(parsing: vanilla.file("req")).request
        let timestamp = try Self.timestamp(of: request)
        let credentials = AWSCredentials(accessKeyID: TestSuite.accessKeyID, secretAccessKey: TestSuite.secretAccessKey,
                                         sessionToken: TestSuite.sessionToken)
        for (name, placement) in [("post-sts-header-before", SigningOptions.SessionTokenPlacement.signed),
                                  ("post-sts-header-after", .addedAfterSigning)] {
            let testCase = try #require(Self.cases.first { $0.name == name })
            let signer = SigV4Signer(credentials: credentials, region: TestSuite.region, service: TestSuite.service,
                                     options: SigningOptions(sessionTokenPlacement: placement))
            let signed = signer.sign(request, at: timestamp)
            #expect(signed.canonicalRequest.text == (try testCase.file("creq")), "\(name)")
            #expect(signed.authorization.description == (try testCase.file("authz")), "\(name)")
            #expect(signed.request.headers.first(named: "X-Amz-Security-Token") == TestSuite.sessionToken, "\(name)")
        }
    }
}
