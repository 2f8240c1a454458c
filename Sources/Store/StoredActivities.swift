import GRDB

/// An activity as the store keeps it (CreateActivity): its name and when it was created.
public struct StoredActivity: Sendable, Equatable {
    public var name: String
    public var createdDate: Double

    public init(name: String, createdDate: Double) {
        self.name = name
        self.createdDate = createdDate
    }
}

extension EventStore {
    /// Keeps a new activity (an existing name keeps its first creation date).
    public func putActivity(_ activity: StoredActivity) throws(StoreError) {
        try write(batch: [{ db in
            try db.execute(sql: "INSERT INTO activities (name, created_date) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                           arguments: [activity.name, activity.createdDate])
        }])
    }

    public func deleteActivity(named name: String) throws(StoreError) {
        try write(batch: [{ db in try db.execute(sql: "DELETE FROM activities WHERE name = ?", arguments: [name]) }])
    }

    /// Every stored activity, in the order they were created.
    public func loadActivities() throws(StoreError) -> [StoredActivity] {
        try read { db in
            // A reader may look at a store made before v7-activities (it never migrates).
            guard try db.tableExists("activities") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT name, created_date FROM activities ORDER BY rowid").map { row in
                StoredActivity(name: row["name"], createdDate: row["created_date"])
            }
        }
    }
}
