import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Testing

/// RedriveExecution through the seam: an aborted execution redriven, AWS's errors, the client
/// token's idempotency, DescribeExecution's and ListExecutions' redrive fields and filter.
@Suite("Redrive through the service")
struct RedriveServiceTests {
    @Test func anAbortedExecutionIsRedrivenOnceWithAClientToken() async throws {
        let running = try LocalServiceTests.Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "asker", definition: LocalServiceTests.waitText)
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "one"))
        let other = try await service.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "two"))

        await #expect(throws: ServiceError(.executionNotRedrivable, "Execution is RUNNING and cannot be redriven")) {
            _ = try await service.redriveExecution(arn: started.executionArn, clientToken: nil)
        }
        let running1 = try await service.describeExecution(arn: started.executionArn)
        #expect(running1.redriveCount == 0)
        #expect(running1.redriveStatus == .notRedrivable)
        #expect(running1.redriveStatusReason == "Execution is RUNNING and cannot be redriven")

        _ = try await service.stopExecution(arn: started.executionArn, error: "Bored", cause: "nobody answers")
        #expect(try await service.describeExecution(arn: started.executionArn).redriveStatus == .redrivable)
        let date = try await service.redriveExecution(arn: started.executionArn, clientToken: "token-1")
        // The same token answers the same redrive, and redrives nothing more.
        #expect(try await service.redriveExecution(arn: started.executionArn, clientToken: "token-1") == date)
        let described = try await service.describeExecution(arn: started.executionArn)
        #expect(described.status == .running)
        #expect(described.redriveCount == 1)
        #expect(described.redriveDate == date)
        #expect(described.stopDate == nil && described.error == nil)

        // The redriven attempt waits for a new token; its success ends the execution.
        let history = try await service.getExecutionHistory(arn: started.executionArn, page: HistoryPageRequest(maxResults: 1000)).events
        #expect(history.filter { $0.type == .executionRedriven }.map(\.details.redriveCount) == [1])
        let tokens = history.compactMap { $0.details.parameters?["MessageBody"]?["token"]?.stringValue }
        #expect(tokens.count == 2)
        try await service.sendTaskSuccess(token: try #require(tokens.last), output: ["ok": true])
        let ended = try await service.describeExecution(arn: started.executionArn)
        #expect(ended.status == .succeeded)
        #expect(ended.output == ["ok": true])
        #expect(ended.redriveStatusReason == "Execution is SUCCEEDED and cannot be redriven")

        let redriven = try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil, redriveFilter: .redriven)
        #expect(redriven.map(\.name) == ["one"])
        #expect(redriven.first?.redriveCount == 1)
        #expect(redriven.first?.redriveDate == date)
        let notRedriven = try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil, redriveFilter: .notRedriven)
        #expect(notRedriven.map(\.executionArn) == [other.executionArn])
        #expect(try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil).count == 2)

        let missing = started.executionArn + "-missing"
        await #expect(throws: ServiceError(.executionDoesNotExist, "Execution Does Not Exist: '\(missing)'")) {
            _ = try await service.redriveExecution(arn: missing, clientToken: nil)
        }
    }
}
