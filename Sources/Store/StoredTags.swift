import GRDB

/// Tags of resources (state machines, activities): key-value pairs per ARN, kept in the order
/// they were first set, as TagResource / ListTagsForResource see them.
extension EventStore {
    /// Sets `tags` on `arn` (a key already set takes the new value).
    public func putTags(_ tags: [(key: String, value: String)], on arn: String) throws(StoreError) {
        try write(batch: [{ db in
            for tag in tags {
                try db.execute(sql: """
                    INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
                    ON CONFLICT(resource_arn, key) DO UPDATE SET value = excluded.value
                    """, arguments: [arn, tag.key, tag.value])
            }
        }])
    }

    /// Removes the tags with these keys from `arn` (keys it does not have are ignored).
    public func removeTags(_ keys: [String], from arn: String) throws(StoreError) {
        try write(batch: [{ db in
            for key in keys { try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ? AND key = ?", arguments: [arn, key]) }
        }])
    }

    /// Every tag of every resource, by ARN, each resource's in the order first set.
    public func loadTags() throws(StoreError) -> [String: [(key: String, value: String)]] {
        try read { db in
            guard try db.tableExists("tags") else { return [:] }
            var tags: [String: [(key: String, value: String)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT resource_arn, key, value FROM tags ORDER BY rowid") {
                tags[row["resource_arn"], default: []].append((row["key"], row["value"]))
            }
            return tags
        }
    }
}
