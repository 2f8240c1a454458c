import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Testing

/// State is kept per region, as on AWS: a machine or an activity is created in the region the
/// request comes from, listed only there, and a name may be taken in two regions at once.
@Suite("Regions")
struct RegionServiceTests {
    static let passText = #"{"StartAt": "Where", "States": {"Where": {"Type": "Pass", "Parameters": {"machine.$": "$$.StateMachine.Id", "execution.$": "$$.Execution.Id"}, "End": true}}}"#
    static let otherText = #"{"StartAt": "Other", "States": {"Other": {"Type": "Pass", "End": true}}}"#

    @Test func aNameIsTakenPerRegionAndEachRegionListsItsOwn() throws {
        let path = StoredService.temporaryPath("regions")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var euExecution = ""
        do {
            let first = try StoredService(path: path, startTime: 1_800_000_000)
            let (engine, service) = (first.engine, first.service)
            let eu = service.view(inRegion: "eu-west-1").onLoop
            let home = service.onLoop

            let euMachine = try eu.createStateMachine(name: "twin", definition: Self.passText)
            let homeMachine = try home.createStateMachine(name: "twin", definition: Self.otherText)
            #expect(euMachine.stateMachineArn == "arn:aws:states:eu-west-1:123456789012:stateMachine:twin")
            #expect(homeMachine.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:twin")
            #expect(try eu.describeStateMachine(arn: euMachine.stateMachineArn).definition == Self.passText)
            #expect(try home.describeStateMachine(arn: homeMachine.stateMachineArn).definition == Self.otherText)
            #expect(eu.listStateMachines().map(\.stateMachineArn) == [euMachine.stateMachineArn])
            #expect(home.listStateMachines().map(\.stateMachineArn) == [homeMachine.stateMachineArn])

            // An execution's ARNs and context name its machine's region.
            let started = try eu.startExecution(StartExecutionInput(stateMachineArn: euMachine.stateMachineArn, name: "one"))
            euExecution = started.executionArn
            #expect(euExecution == "arn:aws:states:eu-west-1:123456789012:execution:twin:one")
            let execution = try #require(engine.execution(euExecution))
            engine.runUntilFinished(execution)
            #expect(execution.output == ["machine": .string(euMachine.stateMachineArn), "execution": .string(euExecution)])
            #expect(try home.listExecutions(stateMachineArn: homeMachine.stateMachineArn, status: nil).isEmpty)
            #expect(try eu.listExecutions(stateMachineArn: euMachine.stateMachineArn, status: nil).map(\.executionArn) == [euExecution])
            // The same execution name is free in the other region's machine.
            let homeExecution = try home.startExecution(StartExecutionInput(stateMachineArn: homeMachine.stateMachineArn, name: "one"))
            #expect(homeExecution.executionArn == "arn:aws:states:us-east-1:123456789012:execution:twin:one")
            engine.runUntilFinished(try #require(engine.execution(homeExecution.executionArn)))

            let euActivity = try eu.createActivity(name: "worker")
            let homeActivity = try home.createActivity(name: "worker")
            #expect(euActivity.activityArn == "arn:aws:states:eu-west-1:123456789012:activity:worker")
            #expect(eu.listActivities().map(\.activityArn) == [euActivity.activityArn])
            #expect(home.listActivities().map(\.activityArn) == [homeActivity.activityArn])

            // A version and an alias belong to their region's machine.
            let version = try eu.publishStateMachineVersion(arn: euMachine.stateMachineArn, revisionId: nil, description: nil)
            #expect(version.stateMachineVersionArn == euMachine.stateMachineArn + ":1")
            #expect(try home.listStateMachineVersions(arn: homeMachine.stateMachineArn).isEmpty)
            _ = try eu.createStateMachineAlias(name: "live", description: nil,
                                               routing: [RoutingConfigurationItem(stateMachineVersionArn: version.stateMachineVersionArn, weight: 100)])

            // Deleting one region's machine leaves the other's.
            try home.deleteStateMachine(arn: homeMachine.stateMachineArn)
            #expect(home.listStateMachines().isEmpty)
            #expect(eu.listStateMachines().count == 1)
            first.close()
        }
        // After a restart, each region has what it had.
        let again = try StoredService(path: path, startTime: 1_800_000_100)
        defer { again.close() }
        let service = again.service
        let eu = service.view(inRegion: "eu-west-1").onLoop
        #expect(eu.listStateMachines().map(\.name) == ["twin"])
        #expect(service.onLoop.listStateMachines().isEmpty)
        #expect(eu.listActivities().map(\.name) == ["worker"])
        #expect(service.onLoop.listActivities().map(\.activityArn) == ["arn:aws:states:us-east-1:123456789012:activity:worker"])
        let euMachine = "arn:aws:states:eu-west-1:123456789012:stateMachine:twin"
        #expect(try eu.listStateMachineVersions(arn: euMachine).map(\.stateMachineVersionArn) == [euMachine + ":1"])
        #expect(try eu.describeStateMachineAlias(arn: euMachine + ":live").routingConfiguration.map(\.stateMachineVersionArn) == [euMachine + ":1"])
        #expect(try eu.describeExecution(arn: euExecution).stateMachineArn == euMachine)
        #expect(try eu.describeStateMachineForExecution(executionArn: euExecution).definition == Self.passText)
    }
}
