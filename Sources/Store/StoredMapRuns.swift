import ASL
import Engine
import GRDB

/// Map Runs in the store: each one's DescribeMapRun record and its children's DescribeExecution
/// descriptions, as JSON, updated in place as they change (the row keeps its place in the order) (``StoreRecorder`` writes them with the turn's
/// other changes).
extension EventStore {
    func operation(putting change: MapRunChange) -> Operation {
        switch change {
        case .mapRun(let mapRun):
            let json = mapRun.storedJSON.serialized()
            return { db in
                try db.execute(sql: """
                    INSERT INTO map_runs (arn, execution_arn, json) VALUES (?, ?, ?)
                    ON CONFLICT(arn) DO UPDATE SET json = excluded.json
                    """, arguments: [mapRun.mapRunArn, mapRun.executionArn, json])
            }
        case .child(let child):
            let json = child.json.serialized()
            return { db in
                try db.execute(sql: """
                    INSERT INTO map_run_executions (arn, map_run_arn, json) VALUES (?, ?, ?)
                    ON CONFLICT(arn) DO UPDATE SET json = excluded.json
                    """, arguments: [child.executionArn, child.mapRunArn ?? "", json])
            }
        }
    }

    /// Every stored Map Run in the order it was first stored, with its children in start order.
    public func loadMapRuns() throws(StoreError) -> [(mapRun: MapRunDescription, children: [ExecutionDescription])] {
        try read { db in
            // A reader may look at a store made before v9-map-runs (it never migrates).
            guard try db.tableExists("map_runs") else { return [] }
            var children: [String: [ExecutionDescription]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT map_run_arn, json FROM map_run_executions ORDER BY rowid") {
                let text: String = row["json"]
                guard let json = try? JSONValue(parsing: text), let child = ExecutionDescription(json: json) else { continue }
                let mapRunArn: String = row["map_run_arn"]
                children[mapRunArn, default: []].append(child)
            }
            return try Row.fetchAll(db, sql: "SELECT json FROM map_runs ORDER BY rowid").compactMap { row in
                let text: String = row["json"]
                guard let json = try? JSONValue(parsing: text), let mapRun = MapRunDescription(storedJSON: json) else { return nil }
                return (mapRun: mapRun, children: children[mapRun.mapRunArn] ?? [])
            }
        }
    }
}
