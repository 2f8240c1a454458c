import ASL
import Engine
import Foundation
import Testing

@Suite struct OrderRouteTests {
    @Test func anOrderWithoutABodyUsesTheDefaultsAndItsStatusCheckLinkWorks() async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/orders")
            #expect(reply.status == 201)
            #expect(reply.contentType == "application/json")
            let json = try #require(reply.json)
            #expect(json["message"] == "Order created successfully. Use the statusCheck link to see how the order is going!")
            #expect(json["orderId"] == 1)
            let link = try #require(json["statusCheck"]?.stringValue)
            #expect(link == "\(server.base)/orders/1")
            #expect(link.hasPrefix("http://127.0.0.1:"))

            let status = try await TestServer.request("GET", try #require(URL(string: link)))
            #expect(status.status == 200)
            #expect(status.json?["orderId"] == 1)
            #expect(status.json?["flavour"] == "plain")
            #expect(status.json?["discountApplied"] == "0%")
            let final = try #require(try await server.finalOrder(1))
            #expect(final["status"] == "DeliveryConfirmed")
        }
    }

    @Test func pineappleEarnsTheDiscountShownAsAPercentage() async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/orders", body: #"{"flavour": "Pineapple", "perStepDelaySeconds": 1.5, "errorOnStep": 0}"#)
            #expect(reply.status == 201)
            let final = try #require(try await server.finalOrder(1))
            #expect(final == ["orderId": 1, "flavour": "Pineapple", "status": "DeliveryConfirmed", "discountApplied": "20%",
                              "discountReason": "You like pineapple, you're one of us!"])
        }
    }

    @Test func allStartsEightOrdersWithTheirEightOutcomes() async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/orders", body: #"{"flavour": "hawaiian", "errorOnStep": 100}"#)
            #expect(reply.status == 201)
            #expect(reply.json?["orderId"] == 1)
            #expect(reply.json?["statusCheck"]?.stringValue == "\(server.base)/orders/1")
            #expect(reply.json?["orderIds"] == .array((1...8).map { .number(Double($0)) }))
            // Order N ran errorOnStep N-1: 0 succeeds, 3 succeeds after its loyalty DLQ, the rest are cancelled.
            let expected: [(status: String, execution: String)] = [
                ("DeliveryConfirmed", "SUCCEEDED"), ("Cancelled", "FAILED"), ("Cancelled", "FAILED"), ("DeliveryConfirmed", "SUCCEEDED"),
                ("Cancelled", "FAILED"), ("Cancelled", "FAILED"), ("Cancelled", "FAILED"), ("Cancelled", "FAILED"),
            ]
            for (index, outcome) in expected.enumerated() {
                let id = index + 1
                let final = try #require(try await server.finalOrder(id), "order \(id) never finished")
                #expect(final["status"]?.stringValue == outcome.status, "order \(id)")
                #expect(final["discountApplied"] == "20%", "order \(id)")
                var execution = try await server.request("GET", "/executions/order-\(id)")
                for _ in 0..<100 where execution.json?["status"] == "RUNNING" {
                    try await Task.sleep(nanoseconds: 10_000_000)
                    execution = try await server.request("GET", "/executions/order-\(id)")
                }
                #expect(execution.status == 200)
                #expect(execution.json?["status"]?.stringValue == outcome.execution, "order \(id)")
                #expect(execution.json?["input"]?.stringValue?.contains("\"errorOnStep\":\(index)") == true, "order \(id)")
            }
        }
    }

    @Test func anUnknownOrderIs404AndAnIdThatIsNotANumberIs400() async throws {
        try await withServer { server in
            let unknown = try await server.request("GET", "/orders/42")
            #expect(unknown.status == 404)
            #expect(unknown.message == "no order 42")
            for id in ["abc", "1.5", "1e3"] {
                let bad = try await server.request("GET", "/orders/\(id)")
                #expect(bad.status == 400, "\(id)")
                #expect(bad.message.contains("must be a number"), "\(id)")
                #expect(bad.message.contains(id), "\(id)")
            }
        }
    }
}
