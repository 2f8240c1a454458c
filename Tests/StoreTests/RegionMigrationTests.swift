import ASL
import Engine
import Foundation
import GRDB
import LocalStepFunctions
import StepFunctions
import Testing
@testable import Store

/// Stores from before state was kept per region (v10-regions).
@Suite struct RegionMigrationTests {
    static let passText = #"{"StartAt": "Where", "States": {"Where": {"Type": "Pass", "End": true}}}"#

    /// A store from before regions (v9) held names: after migrating, they are us-east-1's ARNs,
    /// with their versions, aliases, tags and activities; a reader that does not migrate reads
    /// the same.
    @Test func aStoreFromBeforeRegionsKeepsEverythingInUSEast1() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v9-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try StoreSchema.create(path: path)
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v9-map-runs")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO state_machines (name, definition, created_date, updated_date) VALUES ('old', ?, 1, 2)", arguments: [Self.passText])
            try db.execute(sql: "INSERT INTO state_machine_revisions (state_machine_name, revision_id, last_version) VALUES ('old', 'r1', 1)")
            try db.execute(sql: """
                INSERT INTO state_machine_versions (state_machine_name, number, definition, revision_id, creation_date) VALUES ('old', 1, ?, 'r1', 2)
                """, arguments: [Self.passText])
            try db.execute(sql: """
                INSERT INTO state_machine_aliases (state_machine_name, name, routing, creation_date, update_date)
                VALUES ('old', 'live', '[{"version":1,"weight":100}]', 3, 3)
                """)
            try db.execute(sql: "INSERT INTO activities (name, created_date) VALUES ('worker', 4)")
        }
        try queue.close()
        let machine = LocalARN.stateMachine("old")

        let reader = try EventStore.open(path: path, access: .readOnly)
        #expect(try reader.loadStateMachines().map(\.arn) == [machine])
        #expect(try reader.loadVersions().map(\.stateMachineArn) == [machine])
        #expect(try reader.loadAliases().map(\.stateMachineArn) == [machine])
        #expect(try reader.loadRevisions()[machine]?.revisionId == "r1")
        #expect(try reader.loadActivities().map(\.arn) == [LocalARN.activity("worker")])
        reader.close()

        let store = try EventStore.open(path: path)
        let service = LocalStepFunctions(engine: Engine(clock: .instant, startTime: 1_800_000_000), registry: try StateMachineRegistry(store: store))
        #expect(service.onLoop.listStateMachines().map(\.stateMachineArn) == [machine])
        #expect(try service.onLoop.describeStateMachine(arn: machine).revisionId == "r1")
        #expect(try service.onLoop.listStateMachineVersions(arn: machine).map(\.stateMachineVersionArn) == [machine + ":1"])
        #expect(try service.onLoop.describeStateMachineAlias(arn: machine + ":live").routingConfiguration.first?.weight == 100)
        #expect(service.onLoop.listActivities().map(\.activityArn) == [LocalARN.activity("worker")])
        #expect(service.view(inRegion: "eu-west-1").onLoop.listStateMachines().isEmpty)
        store.close()
    }
}
