import ASL
import Engine
import Foundation
import GRDB

/// What ``EventStore/restore(into:definitionFallback:)`` brought back.
public struct RestoreReport {
    /// Executions that had ended: listed with their full histories, not run.
    public var finished: [Execution] = []
    /// Executions that were running: they continue as the engine's loop runs.
    public var resumed: [Execution] = []
    /// Executions that could not be brought back, and why.
    public var problems: [String] = []
}

extension EventStore {
    /// Recreates every stored execution in `engine` (finished ones as they ended, running ones
    /// resumed where their history stops) and restores the queue messages. Call it before
    /// ``attach(to:)`` and before the engine's loop runs; give the engine a clock that starts at
    /// ``lastTimestamp()`` or later, so recorded times are in its past. `definitionFallback` is
    /// asked, by state machine ARN, for the definition of an execution stored without one.
    public func restore(into engine: Engine, definitionFallback: (String) -> StateMachineDefinition? = { _ in nil }) throws(StoreError) -> RestoreReport {
        var report = RestoreReport()
        // Executions of one machine share its definition text: parse each text once.
        var parsedByText: [String: StateMachineDefinition] = [:]
        for stored in try loadExecutions() {
            var parsed: StateMachineDefinition?
            if let text = stored.definition {
                parsed = parsedByText[text] ?? (try? StateMachineDefinition.load(text: text))
                parsedByText[text] = parsed
            }
            guard let definition = parsed ?? definitionFallback(stored.description.stateMachineArn) else {
                report.problems.append("\(stored.description.executionArn): its definition is not stored; it cannot be shown or resumed")
                continue
            }
            do {
                let execution = try engine.resume(definition: definition, stateMachineName: stored.stateMachineName, name: stored.description.name,
                                                  arn: stored.description.executionArn, input: stored.description.input, history: stored.history,
                                                  versionArn: stored.description.stateMachineVersionArn,
                                                  aliasArn: stored.description.stateMachineAliasArn)
                if execution.status.isFinished { report.finished.append(execution) } else { report.resumed.append(execution) }
            } catch {
                report.problems.append("\(stored.description.executionArn): \(error)")
            }
        }
        for (mapRun, children) in try loadMapRuns() { engine.restoreMapRun(mapRun, children: children) }
        engine.queues.restore(try loadQueueMessages())
        return report
    }

    /// A value kept in the store's `pizzadash_meta` table (e.g. the clock speed of the last run).
    public func meta(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM pizzadash_meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        guard !isReadOnly else { return }
        waitForCommits()
        do {
            try writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO pizzadash_meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        } catch {
            throw StoreError.io(path: path, message: "\(error)")
        }
    }
}
