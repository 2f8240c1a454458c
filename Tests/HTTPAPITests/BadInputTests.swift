import ASL
import Foundation
import Testing

/// Every bad body answers 400 with a message naming the problem, and starts nothing.
@Suite struct BadInputTests {
    static let tooLarge = #"{"flavour": ""# + String(repeating: "x", count: 64 * 1024) + #""}"#

    /// (body, a phrase the message must contain)
    static let badOrders: [(String, String)] = [
        (#"{"flavour": "#, "not valid JSON"),
        ("{flavour: 1}", "not valid JSON"),
        (#"{"flavour": 3}"#, "flavour must be a string, not number"),
        (#"{"flavour": "   "}"#, "flavour must not be empty"),
        (#"{"errorOnStep": 9}"#, "errorOnStep must be one of 0..7 or 100 (ALL), not 9"),
        (#"{"errorOnStep": "x"}"#, "errorOnStep must be a number, not string"),
        (#"{"errorOnStep": 1.5}"#, "errorOnStep must be a whole number"),
        (#"{"perStepDelaySeconds": -1}"#, "perStepDelaySeconds must be a number of seconds >= 0"),
        (#"{"perStepDelaySeconds": 61}"#, "perStepDelaySeconds must be at most 60 seconds"),
        (#"{"perStepDelaySeconds": "slow"}"#, "perStepDelaySeconds must be a number, not string"),
        ("[1, 2]", "body must be a JSON object, not array"),
        ("42", "body must be a JSON object, not number"),
        (tooLarge, "larger than the limit of 64 KiB (65536 bytes)"),
    ]

    @Test(arguments: badOrders)
    func aBadOrderIs400AndStartsNothing(body: String, phrase: String) async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/orders", body: body)
            #expect(reply.status == 400)
            #expect(reply.contentType == "application/json")
            #expect(reply.message.contains(phrase), "\(reply.message)")
            #expect(try await server.request("GET", "/orders/1").status == 404)
            #expect(await server.onLoop { server.engine.executionArns.isEmpty })
        }
    }

    static let badChecks: [(String?, String)] = [
        (nil, "the body must be a JSON object with a flavour"),
        ("{}", "flavour is missing"),
        (#"{"flavour": null}"#, "flavour is missing"),
        (#"{"flavour": 3}"#, "flavour must be a string, not number"),
        (#"{"flavour": ["pineapple"]}"#, "flavour must be a string, not array"),
        (#"{"flavour": " "}"#, "flavour must not be empty"),
        (#"{"flavour": "pine"#, "not valid JSON"),
        (#""pineapple""#, "body must be a JSON object, not string"),
        (tooLarge, "larger than the limit of 64 KiB"),
    ]

    @Test(arguments: badChecks)
    func aBadPineappleCheckIs400AndStartsNothing(body: String?, phrase: String) async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/", body: body)
            #expect(reply.status == 400)
            #expect(reply.message.contains(phrase), "\(reply.message)")
            #expect(await server.onLoop { server.engine.executionArns.isEmpty })
        }
    }

    @Test func aBodyOfExactly64KiBIsAccepted() async throws {
        try await withServer { server in
            let prefix = #"{"flavour": "plain", "pad": ""#
            let body = prefix + String(repeating: "x", count: 64 * 1024 - prefix.utf8.count - 2) + #""}"#
            #expect(body.utf8.count == 64 * 1024)
            #expect(try await server.request("POST", "/orders", body: body).status == 201)
        }
    }
}
