import ASL
import Foundation
import Testing

/// A bad request body and a phrase its 400 message must contain.
struct BadBody: Sendable, CustomTestStringConvertible {
    var body: String?
    var phrase: String

    init(_ body: String?, _ phrase: String) {
        self.body = body
        self.phrase = phrase
    }

    var testDescription: String {
        guard let body else { return "no body" }
        return body.utf8.count > 80 ? "a body of \(body.utf8.count) bytes" : body
    }
}

/// Every bad body answers 400 with a message naming the problem, and starts nothing.
@Suite struct BadInputTests {
    static let tooLarge = #"{"flavour": ""# + String(repeating: "x", count: 64 * 1024) + #""}"#

    static let badOrders: [BadBody] = [
        BadBody(#"{"flavour": "#, "not valid JSON"),
        BadBody("{flavour: 1}", "not valid JSON"),
        BadBody(#"{"flavour": 3}"#, "flavour must be a string, not number"),
        BadBody(#"{"flavour": "   "}"#, "flavour must not be empty"),
        BadBody(#"{"errorOnStep": 9}"#, "errorOnStep must be one of 0..7 or 100 (ALL), not 9"),
        BadBody(#"{"errorOnStep": "x"}"#, "errorOnStep must be a number, not string"),
        BadBody(#"{"errorOnStep": 1.5}"#, "errorOnStep must be a whole number"),
        BadBody(#"{"perStepDelaySeconds": -1}"#, "perStepDelaySeconds must be a number of seconds >= 0"),
        BadBody(#"{"perStepDelaySeconds": 61}"#, "perStepDelaySeconds must be at most 60 seconds"),
        BadBody(#"{"perStepDelaySeconds": "slow"}"#, "perStepDelaySeconds must be a number, not string"),
        BadBody("[1, 2]", "body must be a JSON object, not array"),
        BadBody("42", "body must be a JSON object, not number"),
        BadBody(tooLarge, "larger than the limit of 64 KiB (65536 bytes)"),
    ]

    @Test(arguments: badOrders)
    func aBadOrderIs400AndStartsNothing(_ bad: BadBody) async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/orders", body: bad.body)
            #expect(reply.status == 400)
            #expect(reply.contentType == "application/json")
            #expect(reply.message.contains(bad.phrase), "\(reply.message)")
            let order = try await server.request("GET", "/orders/1")
            #expect(order.status == 404)
            #expect(await server.onLoop { server.engine.executionArns.isEmpty })
        }
    }

    static let badChecks: [BadBody] = [
        BadBody(nil, "the body must be a JSON object with a flavour"),
        BadBody("{}", "flavour is missing"),
        BadBody(#"{"flavour": null}"#, "flavour is missing"),
        BadBody(#"{"flavour": 3}"#, "flavour must be a string, not number"),
        BadBody(#"{"flavour": ["pineapple"]}"#, "flavour must be a string, not array"),
        BadBody(#"{"flavour": " "}"#, "flavour must not be empty"),
        BadBody(#"{"flavour": "pine"#, "not valid JSON"),
        BadBody(#""pineapple""#, "body must be a JSON object, not string"),
        BadBody(tooLarge, "larger than the limit of 64 KiB"),
    ]

    @Test(arguments: badChecks)
    func aBadPineappleCheckIs400AndStartsNothing(_ bad: BadBody) async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/", body: bad.body)
            #expect(reply.status == 400)
            #expect(reply.message.contains(bad.phrase), "\(reply.message)")
            #expect(await server.onLoop { server.engine.executionArns.isEmpty })
        }
    }

    @Test func aBodyOfExactly64KiBIsAccepted() async throws {
        try await withServer { server in
            let prefix = #"{"flavour": "plain", "pad": ""#
            let body = prefix + String(repeating: "x", count: 64 * 1024 - prefix.utf8.count - 2) + #""}"#
            #expect(body.utf8.count == 64 * 1024)
            let reply = try await server.request("POST", "/orders", body: body)
            #expect(reply.status == 201)
        }
    }
}
