import AppRuntime
import ASL
import Engine
import Foundation
import GRDB
import LocalStepFunctions
import StepFunctions
import Testing
@testable import Store

/// The registry of state machines lives in the store: machines come back after a restart
/// (also one that never ran), and a store made before the registry existed still opens.
@Suite struct StateMachineRegistryTests {
    static let text = #"{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": true}}}"#

    @Test func aCreatedMachineComesBackAfterReopeningWithItsExecutions() throws {
        let dir = TempDir()
        let path = dir.path("store.sqlite")
        let machine = UserDefinition(name: "just-pass", text: Self.text, definition: try StateMachineDefinition.load(text: Self.text))
        var arn = ""
        do {
            let session = try StoreSession.open(path: path, speed: .instant, startTime: 1_800_000_000, definitions: [machine])
            #expect(session.registry.arns == [LocalARN.stateMachine("order-saga"), LocalARN.stateMachine("order-saga-jsonata"), LocalARN.stateMachine("pineapple-check"), LocalARN.stateMachine("just-pass")])
            let execution = try session.engine.startExecution(definition: machine.definition, stateMachineName: "just-pass", input: ["x": 1])
            session.engine.runUntilFinished(execution)
            session.recorder.flush()
            arn = execution.arn
            session.store.close()
        }
        let again = try StoreSession.open(path: path, speed: .instant)
        #expect(again.registry.arns == [LocalARN.stateMachine("order-saga"), LocalARN.stateMachine("order-saga-jsonata"), LocalARN.stateMachine("pineapple-check"), LocalARN.stateMachine("just-pass")])
        #expect(again.registry.definition(LocalARN.stateMachine("just-pass")) == machine.definition)
        #expect(again.engine.execution(arn)?.status == .succeeded)
        #expect(try again.store.loadStateMachines().first { $0.name == "just-pass" }?.definition == Self.text)
    }

    @Test func aStoreFromBeforeTheRegistryIsMigratedAndKeepsItsExecutions() throws {
        let dir = TempDir()
        let path = dir.path("old.sqlite")
        // A v1 store: only the first migration applied, as a build before the registry made it.
        try StoreSchema.create(path: path)
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1")
        let reader = try EventStore.open(path: path, access: .readOnly)
        #expect(try reader.loadStateMachines().isEmpty)
        try queue.close()
        let session = try StoreSession.open(path: path, speed: .instant)
        #expect(session.registry.arns == [LocalARN.stateMachine("order-saga"), LocalARN.stateMachine("order-saga-jsonata"), LocalARN.stateMachine("pineapple-check")])
    }

    /// An EXPRESS machine keeps its type in the store (migration v3-state-machine-type); its
    /// executions, not durable on AWS, are not stored; a v2 store's machines read as STANDARD.
    @Test func anExpressMachineAndItsExecutionComeBack() throws {
        let dir = TempDir()
        let path = dir.path("store.sqlite")
        let machine = UserDefinition(name: "quick", text: Self.text, definition: try StateMachineDefinition.load(text: Self.text), type: .express)
        var arn = ""
        do {
            let session = try StoreSession.open(path: path, speed: .instant, startTime: 1_800_000_000, definitions: [machine])
            let started = try session.service.onLoop.startExecution(StartExecutionInput(stateMachineArn: LocalARN.stateMachine("quick"), input: ["x": 1]))
            arn = started.executionArn
            session.engine.runUntilFinished(try #require(session.engine.execution(arn)))
            session.recorder.flush()
            session.store.close()
        }
        #expect(arn.contains(":express:quick:"))
        let again = try StoreSession.open(path: path, speed: .instant)
        #expect(again.registry.stored(LocalARN.stateMachine("quick"))?.type == .express)
        #expect(again.engine.execution(arn) == nil)
        #expect(try again.store.loadExecutionRows().isEmpty)

        let old = dir.path("v2.sqlite")
        try StoreSchema.create(path: old)
        let queue = try DatabaseQueue(path: old)
        try StoreSchema.migrator.migrate(queue, upTo: "v2-state-machines")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO state_machines (name, definition, created_date, updated_date) VALUES ('before', ?, 1, 1)", arguments: [Self.text])
        }
        try queue.close()
        let reader = try EventStore.open(path: old, access: .readOnly)
        #expect(try reader.loadStateMachines().map(\.type) == [.standard])
    }
}
