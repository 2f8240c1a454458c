import Foundation
import JSON

/// A JSONata value during evaluation. Undefined is `nil` (a `JV?`), never `.null`.
///
/// Arrays and objects are reference types, as in jsonata-js: the evaluator marks arrays as
/// sequences, and a transform (`| ... |`) updates the objects its pattern selects in a deep copy.
enum JV {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(JArray)
    case object(JObject)
    case function(JFunction)
}

/// An array, with jsonata-js's flags: a sequence (the result of a path, flattened and collapsed to
/// its item when singleton), kept singleton (`[]` in a path), built by a constructor, or a tuple stream.
final class JArray: @unchecked Sendable {
    var items: [JV]
    var isSequence = false
    var keepSingleton = false
    var cons = false
    var outerWrapper = false
    var tupleStream = false

    init(_ items: [JV] = [], sequence: Bool = false) {
        self.items = items
        self.isSequence = sequence
    }

    static func sequence(_ items: [JV] = []) -> JArray { JArray(items, sequence: true) }
    var count: Int { items.count }
}

/// An object whose members keep their insertion order. Small objects are searched linearly
/// (no hashing); a hash index is built once an object grows past `indexThreshold` members.
final class JObject: @unchecked Sendable {
    private(set) var keys: [String] = []
    private(set) var values: [JV] = []
    private var index: [String: Int]? = nil
    static let indexThreshold = 12

    init() {}
    init(reserve: Int) { keys.reserveCapacity(reserve); values.reserveCapacity(reserve) }

    @inline(__always) func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in 0..<keys.count where keys[i] == key { return i }
        return nil
    }

    /// Appends a member whose key the object does not have yet (the caller knows: the keys come
    /// from a dictionary), without looking for it first.
    func appendNew(_ key: String, _ value: JV) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > JObject.indexThreshold {
            var d: [String: Int] = [:]
            d.reserveCapacity(keys.count * 2)
            for (i, k) in keys.enumerated() { d[k] = i }
            index = d
        }
    }

    subscript(key: String) -> JV? {
        get {
            guard let i = position(of: key) else { return nil }
            return values[i]
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    values[i] = newValue
                } else {
                    appendNew(key, newValue)
                }
            } else if let i = position(of: key) {
                keys.remove(at: i)
                values.remove(at: i)
                if index != nil {
                    var d: [String: Int] = [:]
                    for (i, k) in keys.enumerated() { d[k] = i }
                    index = d
                }
            }
        }
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    func copy() -> JObject {
        let o = JObject()
        o.keys = keys
        o.values = values
        o.index = index
        return o
    }

    var entries: Zip2Sequence<[String], [JV]> { zip(keys, values) }
}

/// A function value: a lambda, a built-in, a native Swift function, a regex, a partial application
/// or a chain (`$f ~> $g`).
final class JFunction: @unchecked Sendable {
    enum Kind {
        case lambda(Lambda)
        case builtin(Builtin)
        case native(JSONataFunction)
        case regex(JRegex)
        case partial(JFunction, [JV??])
        case chain(JFunction, JFunction)
        case transform(Node, Frame)
        case closure(Int, ([JV?]) throws(JSONataError) -> JV?)
    }

    struct Lambda {
        let node: Node
        let input: JV?
        let environment: Frame
        var thunk: Bool { node.thunk }
    }

    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    var arity: Int {
        switch kind {
        case .lambda(let l): return l.node.arguments.count
        case .builtin(let b): return b.arity
        case .native(let f): return f.arity
        case .regex: return 1
        case .partial(_, let args): return args.filter { $0 == nil }.count
        case .chain: return 1
        case .transform: return 1
        case .closure(let n, _): return n
        }
    }

    var signature: Signature? {
        switch kind {
        case .lambda(let l): return l.node.signature
        case .builtin(let b): return b.signature
        case .native(let f): return f.signature
        case .transform: return Signature.transform
        default: return nil
        }
    }

    var isThunk: Bool {
        if case .lambda(let l) = kind { return l.thunk }
        return false
    }
}

/// A compiled regular expression, from a regex literal `/.../flags`.
final class JRegex: @unchecked Sendable {
    let regex: NSRegularExpression
    let pattern: String
    init(regex: NSRegularExpression, pattern: String) {
        self.regex = regex
        self.pattern = pattern
    }
}

extension JV {
    var isArray: Bool { if case .array = self { return true }; return false }
    var isFunction: Bool { if case .function = self { return true }; return false }
    var isNumber: Bool { if case .number = self { return true }; return false }
    var isString: Bool { if case .string = self { return true }; return false }
    var arrayValue: JArray? { if case .array(let a) = self { return a }; return nil }
    var objectValue: JObject? { if case .object(let o) = self { return o }; return nil }
    var numberValue: Double? { if case .number(let n) = self { return n }; return nil }
    var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    var functionValue: JFunction? { if case .function(let f) = self { return f }; return nil }
    var isSequence: Bool { if case .array(let a) = self { return a.isSequence }; return false }

    /// The signature symbol of a value (jsonata-js `getSymbol`).
    var symbol: Character {
        switch self {
        case .null: return "l"
        case .bool: return "b"
        case .number: return "n"
        case .string: return "s"
        case .array: return "a"
        case .object: return "o"
        case .function: return "f"
        }
    }

    static func seq(_ items: [JV]) -> JV { .array(JArray.sequence(items)) }
    static func arr(_ items: [JV]) -> JV { .array(JArray(items)) }
}

// MARK: - Conversions

extension JV {
    /// A JSONata value from a `JSONValue` (object members in key order, as `JSONValue` keeps none).
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(JArray(a.map(JV.init)))
        case .object(let o):
            let obj = JObject(reserve: o.count)
            // Sorted by key, for a stable order; the keys of a dictionary are distinct.
            for (key, member) in o.sorted(by: { $0.key < $1.key }) { obj.appendNew(key, JV(member)) }
            self = .object(obj)
        }
    }

    /// The JSON value; functions become nil (undefined) in arrays' places they are dropped, as
    /// JSON.stringify does, and as members they are left out.
    func toJSON() -> JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .array(let a):
            return .array(a.items.map { $0.toJSON() ?? .null })
        case .object(let o):
            var d: [String: JSONValue] = [:]
            d.reserveCapacity(o.count)
            for (k, v) in o.entries { if let j = v.toJSON() { d[k] = j } }
            return .object(d)
        case .function: return nil
        }
    }
}

/// Builds JSONata values straight from JSON text, keeping the order of object members.
struct OrderedBuilder: JSONBuilder {
    func makeNull() -> JV { .null }
    func make(bool: Bool) -> JV { .bool(bool) }
    func make(number: Double) -> JV { .number(number) }
    func make(string: String) -> JV { .string(string) }
    func makeObjectBuffer() -> JObject { JObject() }
    func add(key: String, value: JV, to object: inout JObject) { object[key] = value }
    func finish(object: JObject) -> JV { .object(object) }
    func makeArrayBuffer() -> [JV] { [] }
    func append(_ value: JV, to array: inout [JV]) { array.append(value) }
    func finish(array: [JV]) -> JV { .array(JArray(array)) }
}
