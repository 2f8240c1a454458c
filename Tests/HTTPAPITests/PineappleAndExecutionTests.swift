import ASL
import Engine
import Foundation
import Testing

@Suite struct PineappleAndExecutionTests {
    @Test func pepperoniSucceedsWithTheStartSyncExecutionShape() async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/", body: #"{"flavour": "pepperoni"}"#)
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            let json = try #require(reply.json)
            #expect(json["status"] == "SUCCEEDED")
            #expect(json["output"] == #"{"containsPineapple":false}"#)
            #expect(json["input"] == #"{"flavour":"pepperoni"}"#)
            #expect(json["error"] == nil)
            #expect(json["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:pineapple-check")
            let name = try #require(json["name"]?.stringValue)
            #expect(json["executionArn"]?.stringValue == "arn:aws:states:us-east-1:123456789012:execution:pineapple-check:\(name)")
            #expect(json["startDate"]?.numberValue != nil)
            #expect(json["stopDate"]?.numberValue != nil)
            #expect(json["inputDetails"] == ["included": true])
            #expect(json["outputDetails"] == ["included": true])
            #expect(json["billingDetails"]?["billedDurationInMilliseconds"]?.numberValue != nil)
            #expect(json["billingDetails"]?["billedMemoryUsedInMB"] == 64)
        }
    }

    @Test(arguments: ["pineapple", "hawaiian"])
    func pineappleFailsWithTheSeedsErrorAndCause(flavour: String) async throws {
        try await withServer { server in
            let reply = try await server.request("POST", "/", body: #"{"flavour": "\#(flavour)"}"#)
            #expect(reply.status == 200)
            let json = try #require(reply.json)
            #expect(json["status"] == "FAILED")
            #expect(json["error"] == "Failed To Make Pizza")
            #expect(json["cause"] == "They asked for Pineapple")
            #expect(json["output"] == nil)
            #expect(json["billingDetails"] != nil)
        }
    }

    @Test func aCheckCanBeDescribedAndItsHistoryRead() async throws {
        try await withServer { server in
            let check = try #require(try await server.request("POST", "/", body: #"{"flavour": "pineapple"}"#).json)
            let name = try #require(check["name"]?.stringValue)

            let described = try await server.request("GET", "/executions/\(name)")
            #expect(described.status == 200)
            #expect(described.json?["status"] == "FAILED")
            #expect(described.json?["executionArn"] == check["executionArn"])
            #expect(described.json?["billingDetails"] == nil)

            let byArn = try await server.request("GET", "/executions/\(try #require(check["executionArn"]?.stringValue))")
            #expect(byArn.json?["name"]?.stringValue == name)

            let history = try await server.request("GET", "/executions/\(name)/history")
            #expect(history.status == 200)
            let events = try #require(history.json?["events"]?.arrayValue)
            #expect(events.first?["type"] == "ExecutionStarted")
            #expect(events.last?["type"] == "ExecutionFailed")
            #expect(events.first?["id"] == 1)
        }
    }

    @Test func anOrdersExecutionIsNamedAfterItsOrderId() async throws {
        try await withServer { server in
            _ = try await server.request("POST", "/orders", body: #"{"flavour": "margherita"}"#)
            _ = try await server.finalOrder(1)
            let described = try await server.request("GET", "/executions/order-1")
            #expect(described.status == 200)
            #expect(described.json?["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:order-saga")
            let history = try await server.request("GET", "/executions/order-1/history")
            let types = try #require(history.json?["events"]?.arrayValue).compactMap { $0["type"]?.stringValue }
            #expect(types.contains("TaskStateEntered"))
        }
    }

    @Test func unknownExecutionsAndRoutesAre404WithAMessage() async throws {
        try await withServer { server in
            for path in ["/executions/nope", "/executions/nope/history"] {
                let reply = try await server.request("GET", path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.message == "no execution named nope", "\(path)")
            }
            for (method, path) in [("GET", "/nowhere"), ("GET", "/"), ("DELETE", "/orders/1"), ("PUT", "/orders")] {
                let reply = try await server.request(method, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.contentType == "application/json", "\(method) \(path)")
                #expect(reply.message.contains(path), "\(method) \(path)")
            }
        }
    }

    @Test func shutdownClosesTheListenerAndKeepsRunningExecutions() async throws {
        let server = try await TestServer.start(clock: .realTime)
        let placed = try await server.request("POST", "/orders", body: #"{"perStepDelaySeconds": 60}"#)
        #expect(placed.status == 201)
        #expect(server.server.host == "127.0.0.1")
        await server.server.shutdown()
        await #expect(throws: (any Error).self) { _ = try await server.request("GET", "/orders/1") }
        let status = await server.onLoop { server.engine.executions.values.first?.status }
        #expect(status == .running)
        await server.stop()
    }
}
