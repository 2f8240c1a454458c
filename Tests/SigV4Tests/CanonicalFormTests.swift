import Foundation
import Testing
@testable import SigV4

/// The pieces of the canonical request beyond what AWS's suite covers, and JSON 1.0 signing checked
/// against botocore.
@Suite struct CanonicalFormTests {
    @Test(arguments: [
        ("", "/"), ("/", "/"), ("/a/b/../c", "/a/c"), ("/../..", "/"), ("/a/./b/", "/a/b/"), ("a/b", "/a/b"),
        ("/a%20b", "/a%2520b"), ("/ሴ", "/%E1%88%B4"), ("/a+b=c:d", "/a%2Bb%3Dc%3Ad"),
    ])
    func canonicalURI(path: String, expected: String) {
        #expect(CanonicalURI.make(path: path) == expected)
    }

    @Test func s3PathsAreNeitherNormalizedNorEncodedTwice() {
        #expect(CanonicalURI.make(path: "/bucket//my%20object/../x", options: .s3) == "/bucket//my%20object/../x")
        #expect(CanonicalURI.make(path: "/my object", options: .s3) == "/my%20object")
    }

    @Test(arguments: [
        ("", ""), ("b=2&a=1", "a=1&b=2"), ("a=2&a=1&a=10", "a=1&a=10&a=2"), ("flag", "flag="), ("a=&&b", "a=&b="),
        ("q=a+b", "q=a%2Bb"), ("q=a%20b", "q=a%20b"), ("q=a%2fb", "q=a%2Fb"), ("q=100%", "q=100%25"),
        ("Z=1&a=1", "Z=1&a=1"), ("x=é", "x=%C3%A9"), ("a=b=c", "a=b%3Dc"),
    ])
    func canonicalQuery(query: String, expected: String) {
        #expect(CanonicalQuery.make(query: query) == expected)
    }

    @Test func parametersAreEncodedOnce() {
        #expect(CanonicalQuery.make(parameters: [("b", "x y"), ("a", "50%")]) == "a=50%25&b=x%20y")
    }

    @Test func canonicalHeaders() {
        let headers = CanonicalHeaders(headers: [
            HeaderField("Host", "example.com"), HeaderField(" X-Tabs ", "\ta \t b\t"), HeaderField("x-multi", "1"),
            HeaderField("X-MULTI", " 2 "), HeaderField("User-Agent", "curl"),
        ]) { $0 != "user-agent" }
        #expect(headers.text == "host:example.com\nx-multi:1,2\nx-tabs:a b\n")
        #expect(headers.signedHeaders == "host;x-multi;x-tabs")
    }

    @Test func amzDateRoundTrips() throws {
        for text in ["19700101T000000Z", "20000229T235959Z", "20150830T123600Z", "21001231T120000Z", "19691231T235959Z"] {
            let date = try #require(AmzDate(parsing: text))
            #expect(date.description == text)
            #expect(AmzDate(date.date) == date)
        }
        #expect(AmzDate(parsing: "20150830T123600Z")?.secondsSince1970 == 1_440_938_160)
        #expect(AmzDate(Date(timeIntervalSince1970: 1_440_938_160.9)).description == "20150830T123600Z")
        #expect(AmzDate(parsing: "20150830T123600Z")?.dateStamp == "20150830")
        for bad in ["", "20150830T123600", "2015-08-30T12:36:00Z", "20190229T000000Z", "20151301T000000Z", "20150830T246000Z", "2015083OT123600Z"] {
            #expect(AmzDate(parsing: bad) == nil, "\(bad)")
        }
    }

    /// The same request signed by botocore 1.43 (`SigV4Auth(credentials, "states", "us-east-1").add_auth`).
    @Test func jsonProtocolRequestSignedAsBotocoreSignsIt() throws {
        let body = #"{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Pizza","input":"{\"size\": \"large\"}"}"#
        let request = AWSJSONRequest.make(host: "localhost:8083", target: "AWSStepFunctions.StartExecution", body: Array(body.utf8))
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         sessionToken: "session-token-example")
        let timestamp = try #require(AmzDate(parsing: "20261202T030041Z"))
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states").sign(request, at: timestamp)
        #expect(signed.request.headers.first(named: "Authorization") == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/us-east-1/states/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=6eb46e5a31b68743a2cf6ab12088d832c83220e147876196251b1f601a515987")
        #expect(signed.request.method == "POST")
        #expect(signed.request.path == "/")
        #expect(signed.request.headers.first(named: "Content-Type") == "application/x-amz-json-1.0")
        #expect(signed.request.headers.first(named: "Content-Length") == "110")
        #expect(signed.request.headers.first(named: "X-Amz-Date") == "20261202T030041Z")
        #expect(signed.request.headers.first(named: "X-Amz-Security-Token") == "session-token-example")
        #expect(signed.request.body == Array(body.utf8))
    }

    @Test func signingReplacesAnEarlierSignature() {
        let request = SigV4Request(method: "GET", path: "/", headers: [HeaderField("Host", "h"), HeaderField("authorization", "old"),
                                                                       HeaderField("x-amz-date", "19990101T000000Z")])
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "S"), region: "r", service: "s")
        let signed = signer.sign(request, at: Date(timeIntervalSince1970: 0))
        #expect(signed.request.headers.values(named: "Authorization").count == 1)
        #expect(signed.request.headers.values(named: "X-Amz-Date") == ["19700101T000000Z"])
        #expect(signed.authorization.signedHeaders == ["host", "x-amz-date"])
    }
}
