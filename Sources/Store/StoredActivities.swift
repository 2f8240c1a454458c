import Engine
import GRDB

/// An activity as the store keeps it (CreateActivity): its ARN (which names its region) and when
/// it was created.
public struct StoredActivity: Sendable, Equatable {
    public var arn: String
    public var createdDate: Double
    /// The name its ARN ends with.
    public var name: String { LocalARN.name(of: arn) }
    /// The region its ARN names.
    public var region: String { LocalARN.region(of: arn) ?? LocalARN.region }

    public init(arn: String, createdDate: Double) {
        self.arn = arn
        self.createdDate = createdDate
    }
}

extension EventStore {
    /// Keeps a new activity (an existing name keeps its first creation date).
    public func putActivity(_ activity: StoredActivity) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: "INSERT INTO activities (arn, created_date) VALUES (?, ?) ON CONFLICT(arn) DO NOTHING",
                           arguments: [activity.arn, activity.createdDate])
        }])
    }

    public func deleteActivity(arn: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "DELETE FROM activities WHERE arn = ?", arguments: [arn]) }])
    }

    /// Every stored activity, in the order they were created.
    public func loadActivities() throws(StoreError) -> [StoredActivity] {
        try read { db in
            // A reader may look at a store made before v7-activities (it never migrates).
            guard try db.tableExists("activities") else { return [] }
            // Before v10-regions a row held the name (us-east-1's), not the ARN.
            let column = try StoreSchema.machineColumn(db, "activities", new: "arn", old: "name")
            return try Row.fetchAll(db, sql: "SELECT \(column.name) AS key, created_date FROM activities ORDER BY rowid").map { row in
                StoredActivity(arn: column.isArn ? row["key"] : LocalARN.activity(row["key"]), createdDate: row["created_date"])
            }
        }
    }
}
