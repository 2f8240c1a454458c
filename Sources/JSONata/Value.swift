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
    /// The items; changing them drops ``json``.
    var items: [JV] { didSet { json = nil } }
    /// The JSON array this array was converted from, while its items are unchanged: converted
    /// back without walking them (see ``JV/toJSON()``).
    var json: [JSONValue]? = nil
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
///
/// An object converted from a `JSONValue` is lazy: it keeps the JSON object and converts its
/// members (one level, each member lazy in turn) on first use, and while it is unchanged it
/// converts back to that same JSON object without walking it. So an expression that reads a
/// few members of a large input (`$states.input.Payload`, `$merge([$states.input, {...}])`)
/// converts only what it reads. The first use changes the object: values converted from JSON
/// belong to one evaluation (or to one thread), as the engine's `$states` does.
final class JObject: @unchecked Sendable {
    private var _keys: [String] = []
    private var _values: [JV] = []
    private var index: [String: Int]? = nil
    /// The members not converted yet (a lazy object before its first use).
    private var pending: [String: JSONValue]? = nil
    /// The JSON object this object equals while unchanged (nil once changed, or when not converted from JSON).
    private(set) var json: [String: JSONValue]? = nil
    static let indexThreshold = 12

    init() {}
    init(reserve: Int) { _keys.reserveCapacity(reserve); _values.reserveCapacity(reserve) }
    /// A lazy object: `members` converted on first use.
    init(json members: [String: JSONValue]) {
        pending = members
        json = members
    }

    @inline(__always) private func materialize() {
        if pending != nil { materializeMembers() }
    }

    /// Converts the pending members, sorted by key for a stable order (a dictionary keeps none).
    @inline(never) private func materializeMembers() {
        guard let members = pending else { return }
        pending = nil
        _keys.reserveCapacity(members.count)
        _values.reserveCapacity(members.count)
        // sorted by their UTF-8 bytes (the order of their Unicode scalars), cheaper than String's `<`
        for (key, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            _keys.append(key)
            _values.append(JV(member))
        }
        if _keys.count > JObject.indexThreshold { buildIndex() }
    }

    private func buildIndex() {
        var d: [String: Int] = [:]
        d.reserveCapacity(_keys.count * 2)
        for (i, k) in _keys.enumerated() { d[k] = i }
        index = d
    }

    var keys: [String] { materialize(); return _keys }
    var values: [JV] { materialize(); return _values }

    @inline(__always) func position(of key: String) -> Int? {
        materialize()
        if let index { return index[key] }
        // the lengths first: most keys differ in length, and comparing them costs less than a String comparison
        let length = key.utf8.count
        for i in 0..<_keys.count where _keys[i].utf8.count == length && _keys[i] == key { return i }
        return nil
    }

    /// Appends a member whose key the object does not have yet (the caller knows: the keys come
    /// from a dictionary), without looking for it first.
    func appendNew(_ key: String, _ value: JV) {
        materialize()
        json = nil
        _keys.append(key)
        _values.append(value)
        if index != nil {
            index![key] = _keys.count - 1
        } else if _keys.count > JObject.indexThreshold {
            buildIndex()
        }
    }

    subscript(key: String) -> JV? {
        get {
            guard let i = position(of: key) else { return nil }
            return _values[i]
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    json = nil
                    _values[i] = newValue
                } else {
                    appendNew(key, newValue)
                }
            } else if let i = position(of: key) {
                json = nil
                _keys.remove(at: i)
                _values.remove(at: i)
                if index != nil { buildIndex() }
            }
        }
    }

    var count: Int { pending?.count ?? _keys.count }
    var isEmpty: Bool { count == 0 }

    func copy() -> JObject {
        if let pending { return JObject(json: pending) }
        let o = JObject()
        o._keys = _keys
        o._values = _values
        o.index = index
        o.json = json
        return o
    }

    /// A copy with room for `extra` more members (a tuple extended by a path step), so adding
    /// them neither copies the shared arrays nor grows them.
    func copy(reserving extra: Int) -> JObject {
        materialize()
        let o = JObject(reserve: _keys.count + extra)
        o._keys.append(contentsOf: _keys)
        o._values.append(contentsOf: _values)
        o.index = index
        return o
    }

    var entries: Zip2Sequence<[String], [JV]> { materialize(); return zip(_keys, _values) }
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

    /// ``symbol`` as a bit (1 << (letter - "a")), for signature checks without hashing characters.
    var symbolBit: UInt32 {
        switch self {
        case .null: return 1 << 11   // l
        case .bool: return 1 << 1    // b
        case .number: return 1 << 13 // n
        case .string: return 1 << 18 // s
        case .array: return JV.arrayBit
        case .object: return 1 << 14 // o
        case .function: return 1 << 5 // f
        }
    }
    static let arrayBit: UInt32 = 1 << 0

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
        case .array(let a):
            let arr = JArray(a.map { JV($0) })
            arr.json = a
            self = .array(arr)
        case .object(let o):
            // Lazy: members converted on first use (sorted by key, for a stable order).
            self = .object(JObject(json: o))
        }
    }

    /// A value from a `JSONValue` converted all at once (nothing lazy): safe to share between
    /// threads, as a public ``JSONataValue`` may be.
    init(eager value: JSONValue) {
        switch value {
        case .array(let a):
            let arr = JArray(a.map { JV(eager: $0) })
            arr.json = a
            self = .array(arr)
        case .object(let o):
            let obj = JObject(reserve: o.count)
            for (key, member) in o.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) { obj.appendNew(key, JV(eager: member)) }
            self = .object(obj)
        default: self = JV(value)
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
            if let json = a.json { return .array(json) }
            return .array(a.items.map { $0.toJSON() ?? .null })
        case .object(let o):
            if let json = o.json { return .object(json) }
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
