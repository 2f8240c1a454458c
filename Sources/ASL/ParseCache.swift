import Foundation

/// A thread-safe memo of parsed expressions keyed by their text, so each distinct path or
/// intrinsic call is parsed once per process. Failures are not cached.
final class ParseCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    /// Past this many entries the cache is emptied, bounding memory for generated texts.
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func value(for text: String, parse: (String) throws(StatesError) -> Value) throws(StatesError) -> Value {
        lock.lock()
        let hit = entries[text]
        lock.unlock()
        if let hit { return hit }
        let parsed = try parse(text)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[text] = parsed
        lock.unlock()
        return parsed
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}

extension JSONPath {
    static let cache = ParseCache<JSONPath>()

    /// The parsed path for `text`, parsing it only the first time this text is seen.
    /// - Throws: `States.Runtime` for bad syntax, as ``init(_:)``.
    public static func cached(_ text: String) throws(StatesError) -> JSONPath {
        try cache.value(for: text) { (t: String) throws(StatesError) -> JSONPath in try JSONPath(t) }
    }

    static let contextCache = ParseCache<JSONPath>()

    /// The parsed form of a context-object path `$$…`, applied to the context object as its
    /// root, cached by its full text. Syntax errors name the full text and position.
    static func cachedContextPath(_ text: String) throws(StatesError) -> JSONPath {
        try contextCache.value(for: text) { (t: String) throws(StatesError) -> JSONPath in
            var parser = JSONPathParser(text: t, root: "$")
            parser.pos = 1  // skip the first '$' of '$$'
            let steps = try parser.parsePath()
            return JSONPath(text: t, steps: steps)
        }
    }
}
