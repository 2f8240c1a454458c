import Foundation
import Testing
@testable import SigV4

/// The verifier against requests signed by the signer: accepted, and each way AWS refuses one.
@Suite struct VerifierTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDPIZZA", secretAccessKey: "pizza/secret+KEY")
    static let signedAt = AmzDate(parsing: "20261202T030000Z")!
    static let verifier = SigV4Verifier(service: "states") { $0 == "AKIDPIZZA" ? "pizza/secret+KEY" : nil }

    static func signedRequest(credentials: AWSCredentials = credentials, region: String = "eu-west-1",
                              service: String = "states", body: String = #"{"name":"margherita"}"#) -> SigV4Request {
        let request = AWSJSONRequest.make(host: "localhost:8083", target: "AWSStepFunctions.StartExecution", body: Array(body.utf8))
        return SigV4Signer(credentials: credentials, region: region, service: service).sign(request, at: signedAt).request
    }

    static func at(_ offset: TimeInterval) -> Date { signedAt.date.addingTimeInterval(offset) }

    @Test func goodSignatureIsAcceptedWithItsRegion() throws {
        let verified = try Self.verifier.verify(Self.signedRequest(), now: Self.at(0))
        #expect(verified.accessKeyID == "AKIDPIZZA")
        #expect(verified.region == "eu-west-1")
        #expect(verified.service == "states")
        #expect(verified.timestamp == Self.signedAt)
        #expect(verified.signedHeaders == ["content-length", "content-type", "host", "x-amz-date", "x-amz-target"])
        #expect(verified.sessionToken == nil)
    }

    @Test func wrongSecretIsInvalidSignature() {
        let wrong = AWSCredentials(accessKeyID: "AKIDPIZZA", secretAccessKey: "not the secret")
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(Self.signedRequest(credentials: wrong), now: Self.at(0)) }
        #expect(error == .signatureMismatch)
        #expect(error?.typeName == "InvalidSignatureException")
        #expect(error?.message == "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
    }

    @Test func unknownKeyIsUnrecognizedClient() {
        let stranger = AWSCredentials(accessKeyID: "AKIDSTRANGER", secretAccessKey: "pizza/secret+KEY")
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(Self.signedRequest(credentials: stranger), now: Self.at(0)) }
        #expect(error == .unrecognizedClient)
        #expect(error?.typeName == "UnrecognizedClientException")
        #expect(error?.message == "The security token included in the request is invalid.")
    }

    @Test func sixMinutesOldIsExpired() {
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(Self.signedRequest(), now: Self.at(360)) }
        #expect(error?.typeName == "InvalidSignatureException")
        #expect(error?.message == "Signature expired: 20261202T030000Z is now earlier than 20261202T030100Z (20261202T030600Z - 5 min.)")
    }

    @Test func sixMinutesAheadIsNotYetCurrent() {
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(Self.signedRequest(), now: Self.at(-360)) }
        #expect(error?.typeName == "InvalidSignatureException")
        #expect(error?.message == "Signature not yet current: 20261202T030000Z is still later than 20261202T025900Z (20261202T025400Z + 5 min.)")
    }

    @Test func fiveMinutesEitherWayIsAccepted() throws {
        _ = try Self.verifier.verify(Self.signedRequest(), now: Self.at(300))
        _ = try Self.verifier.verify(Self.signedRequest(), now: Self.at(-300))
    }

    @Test func missingAuthorizationIsMissingAuthenticationToken() {
        var request = Self.signedRequest()
        request.headers.removeAll { $0.name == "Authorization" }
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(request, now: Self.at(0)) }
        #expect(error == .missingAuthenticationToken)
        #expect(error?.typeName == "MissingAuthenticationTokenException")
        #expect(error?.message == "Missing Authentication Token")
    }

    @Test func malformedAuthorizationIsIncompleteSignature() {
        func refusal(_ authorization: String, date: Bool = true) -> AWSAuthError? {
            var request = Self.signedRequest()
            request.headers.replace("Authorization", with: authorization)
            if !date { request.headers.removeAll { $0.name == "X-Amz-Date" } }
            return #expect(throws: AWSAuthError.self) { try Self.verifier.verify(request, now: Self.at(0)) }
        }
        let missingAll = refusal("Bearer abc")
        #expect(missingAll?.typeName == "IncompleteSignatureException")
        #expect(missingAll?.message == "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc")

        let noEquals = refusal("AWS4-HMAC-SHA256 Credential=AKIDPIZZA /20261202/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=00")
        #expect(noEquals?.typeName == "IncompleteSignatureException")
        #expect(noEquals?.message.hasPrefix("'/20261202/eu-west-1/states/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIDPIZZA /2026") == true)

        let shortScope = refusal("AWS4-HMAC-SHA256 Credential=AKIDPIZZA/20261202/eu-west-1, SignedHeaders=host, Signature=00")
        #expect(shortScope == .incompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDPIZZA/20261202/eu-west-1'"))

        let noDate = refusal("AWS4-HMAC-SHA256 Credential=AKIDPIZZA/20261202/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=00", date: false)
        #expect(noDate?.message.contains("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.") == true)
    }

    @Test func badDateIsIncompleteSignature() {
        var request = Self.signedRequest()
        request.headers.replace("X-Amz-Date", with: "2026-12-02T03:00:00Z")
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(request, now: Self.at(0)) }
        #expect(error == .incompleteSignature("Date must be in ISO-8601 'basic format'. Got '2026-12-02T03:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"))
    }

    @Test func wrongServiceInScopeIsRefused() {
        let error = #expect(throws: AWSAuthError.self) { try Self.verifier.verify(Self.signedRequest(service: "dynamodb"), now: Self.at(0)) }
        #expect(error == .invalidSignature("Credential should be scoped to correct service: 'states'. "))
    }

    @Test func tamperedRequestIsInvalidSignature() {
        for tamper in [
            { (request: inout SigV4Request) in request.body = Array(#"{"name":"hawaii"}"#.utf8) },
            { (request: inout SigV4Request) in request.headers.replace("X-Amz-Target", with: "AWSStepFunctions.StopExecution") },
            { (request: inout SigV4Request) in request.path = "/other" },
            { (request: inout SigV4Request) in request.query = "a=b" },
        ] {
            var request = Self.signedRequest()
            tamper(&request)
            #expect(throws: AWSAuthError.signatureMismatch) { try Self.verifier.verify(request, now: Self.at(0)) }
        }
    }

    @Test func unsignedHeadersMayChange() throws {
        var request = Self.signedRequest()
        request.headers.append(HeaderField("User-Agent", "curl/8"))
        _ = try Self.verifier.verify(request, now: Self.at(0))
    }

    @Test func roundTripWithSessionTokenAndQuery() throws {
        let temporary = AWSCredentials(accessKeyID: "AKIDPIZZA", secretAccessKey: "pizza/secret+KEY", sessionToken: "token/with+slash==")
        var request = SigV4Request(method: "GET", path: "/pizzas/quattro formaggi/./slices", query: "size=large&extra=cheese%20please&b",
                                   headers: [HeaderField("Host", "example.com"), HeaderField("X-Custom", "  a   b  ")])
        let signed = SigV4Signer(credentials: temporary, region: "ap-south-1", service: "states").sign(request, at: Self.signedAt)
        #expect(signed.canonicalRequest.uri == "/pizzas/quattro%20formaggi/slices")
        #expect(signed.canonicalRequest.query == "b=&extra=cheese%20please&size=large")
        #expect(signed.authorization.signedHeaders == ["host", "x-amz-date", "x-amz-security-token", "x-custom"])
        request = signed.request
        let verified = try Self.verifier.verify(request, now: Self.at(42))
        #expect(verified.region == "ap-south-1")
        #expect(verified.sessionToken == "token/with+slash==")
    }

    @Test func jsonErrorBody() {
        #expect(AWSAuthError.unrecognizedClient.jsonBody
                == #"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#)
        #expect(AWSAuthError.incompleteSignature("a \"quoted\" \\ line\n").jsonBody
                == #"{"__type":"IncompleteSignatureException","message":"a \"quoted\" \\ line\n"}"#)
        #expect(AWSAuthError.missingAuthenticationToken.httpStatus == 400)
    }

    @Test func constantTimeComparison() {
        #expect(SigV4Verifier.constantTimeEquals("abc", "abc"))
        #expect(!SigV4Verifier.constantTimeEquals("abc", "abd"))
        #expect(!SigV4Verifier.constantTimeEquals("abc", "abcd"))
        #expect(!SigV4Verifier.constantTimeEquals("", "a"))
    }
}
