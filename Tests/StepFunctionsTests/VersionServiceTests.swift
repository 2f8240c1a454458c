import ASL
import Engine
import Foundation
import LocalStepFunctions
import StepFunctions
import Store
import Testing

/// Versions and aliases through the seam: publishing, routing, starting through them, and their
/// store (a registry reopened on the same file finds them all).
@Suite("State machine versions and aliases")
struct VersionServiceTests {
    static func returning(_ version: Int) -> String {
        #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"version": \#(version)}, "End": true}}}"#
    }

    @Test func versionsArePublishedOnceARevisionAndStartedByVersionOrAlias() async throws {
        let running = try LocalServiceTests.Running()
        defer { running.stop() }
        let service: any StepFunctionsService = running.service
        let machine = try await service.createStateMachine(name: "versioned", definition: Self.returning(1))
        #expect(machine.revisionId == nil)
        let one = try await service.publishStateMachineVersion(arn: machine.stateMachineArn, revisionId: "INITIAL", description: "one")
        #expect(one.stateMachineVersionArn == machine.stateMachineArn + ":1")
        #expect(try await service.publishStateMachineVersion(arn: machine.stateMachineArn, revisionId: nil, description: nil) == one)
        let updated = try await service.updateStateMachine(arn: machine.stateMachineArn, definition: Self.returning(2))
        #expect(updated.revisionId != nil)
        await #expect(throws: ServiceError.self) {
            _ = try await service.publishStateMachineVersion(arn: machine.stateMachineArn, revisionId: "INITIAL", description: nil)
        }
        let two = try await service.publishStateMachineVersion(arn: machine.stateMachineArn, revisionId: updated.revisionId, description: nil)
        #expect(two.stateMachineVersionArn == machine.stateMachineArn + ":2")
        #expect(try await service.listStateMachineVersions(arn: machine.stateMachineArn) == [two, one])
        let described = try await service.describeStateMachine(arn: one.stateMachineVersionArn)
        #expect(described.definition == Self.returning(1) && described.description == "one" && described.stateMachineArn == one.stateMachineVersionArn)

        let alias = try await service.createStateMachineAlias(name: "PROD", description: nil, routing: [
            RoutingConfigurationItem(stateMachineVersionArn: one.stateMachineVersionArn, weight: 100),
        ])
        #expect(alias.stateMachineAliasArn == machine.stateMachineArn + ":PROD")
        do {
            try await service.deleteStateMachineVersion(arn: one.stateMachineVersionArn)
            Issue.record("a version an alias routes to was deleted")
        } catch {
            #expect(error.kind == .conflict)
        }
        let started = try await service.startExecution(StartExecutionInput(stateMachineArn: alias.stateMachineAliasArn))
        let ended = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: alias.stateMachineAliasArn), anyType: true)
        #expect(ended.output == ["version": 1])
        #expect(ended.stateMachineVersionArn == one.stateMachineVersionArn && ended.stateMachineAliasArn == alias.stateMachineAliasArn)
        let byAlias = try await service.listExecutions(stateMachineArn: alias.stateMachineAliasArn, status: nil)
        #expect(Set(byAlias.map(\.executionArn)) == [started.executionArn, ended.executionArn])
        let latest = try await service.startSyncExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn), anyType: true)
        #expect(latest.output == ["version": 2] && latest.stateMachineVersionArn == nil)

        try await service.deleteStateMachine(arn: machine.stateMachineArn)
        #expect(try await service.listStateMachineVersions(arn: machine.stateMachineArn).isEmpty)
        do {
            _ = try await service.describeStateMachineAlias(arn: alias.stateMachineAliasArn)
            Issue.record("an alias outlived its state machine")
        } catch {
            #expect(error.kind == .resourceNotFound)
        }
    }

    @Test func aReopenedStoreKeepsVersionsAliasesAndRevisions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("versions-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let arn = LocalARN.stateMachine("kept")
        let revision: String?
        do {
            let store = try EventStore.open(path: path)
            defer { store.close() }
            let service = LocalStepFunctions(engine: Engine(clock: .instant, startTime: 1_800_000_000), registry: try StateMachineRegistry(store: store))
            let ops = service.onLoop
            _ = try ops.createStateMachine(name: "kept", definition: Self.returning(1))
            _ = try ops.publishStateMachineVersion(arn: arn, revisionId: nil, description: "one")
            revision = try ops.updateStateMachine(arn: arn, definition: Self.returning(2)).revisionId
            _ = try ops.publishStateMachineVersion(arn: arn, revisionId: revision, description: nil)
            try ops.deleteStateMachineVersion(arn: arn + ":1")
            _ = try ops.createStateMachineAlias(name: "live", description: "d", routing: [RoutingConfigurationItem(stateMachineVersionArn: arn + ":2", weight: 100)])
        }
        let store = try EventStore.open(path: path)
        defer { store.close() }
        let ops = LocalStepFunctions(engine: Engine(clock: .instant, startTime: 1_800_000_100), registry: try StateMachineRegistry(store: store)).onLoop
        #expect(try ops.listStateMachineVersions(arn: arn).map(\.stateMachineVersionArn) == [arn + ":2"])
        #expect(try ops.describeStateMachine(arn: arn).revisionId == revision)
        #expect(try ops.describeStateMachineAlias(arn: arn + ":live").routingConfiguration == [RoutingConfigurationItem(stateMachineVersionArn: arn + ":2", weight: 100)])
        #expect(try ops.publishStateMachineVersion(arn: arn, revisionId: nil, description: nil).stateMachineVersionArn == arn + ":2")
        _ = try ops.updateStateMachine(arn: arn, definition: Self.returning(3))
        #expect(try ops.publishStateMachineVersion(arn: arn, revisionId: nil, description: nil).stateMachineVersionArn == arn + ":3")
    }
}
