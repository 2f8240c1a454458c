/// Why a store cannot be opened or used. Every message names the file and says what to do;
/// a refused file is never written to.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not an SQLite database at all.
    case notSQLite(path: String)
    /// The file is an SQLite database of some other application.
    case foreignDatabase(path: String)
    /// The store was written by a newer pizzadash (a schema this one does not know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// Another live process owns the store.
    case locked(path: String, ownerPid: Int32?)
    /// SQLite or the file system failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .notSQLite(let path):
            return "\(path) is not a pizzadash store (not an SQLite database); it was left untouched. Use --db to pick another file."
        case .foreignDatabase(let path):
            return "\(path) is an SQLite database of another application, not a pizzadash store; it was left untouched. Use --db to pick another file."
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer pizzadash (unknown schema changes: \(unknown.joined(separator: ", "))); it was left untouched. Upgrade pizzadash to open it."
        case .locked(let path, let pid):
            let owner = pid.map { "process \($0)" } ?? "another process"
            return "\(path) is in use by \(owner), which owns the store and runs its executions; stop it first, or use a read-only command (executions, history) to watch."
        case .io(let path, let message):
            return "\(path): \(message)"
        }
    }
}
