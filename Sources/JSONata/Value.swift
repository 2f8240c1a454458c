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
    /// A member: its key and value.
    struct Member {
        let key: String
        var value: JV
    }
    /// The members in insertion order: one array (keys beside their values), so an object is two
    /// allocations, the object and its members.
    private var members: [Member] = []
    private var index: [String: Int]? = nil
    /// The members not converted yet (a lazy object before its first use).
    private var pending: [String: JSONValue]? = nil
    /// The JSON object this object equals while unchanged (nil once changed, or when not converted from JSON).
    private(set) var json: [String: JSONValue]? = nil
    static let indexThreshold = 12

    init() {}
    init(reserve: Int) { members.reserveCapacity(reserve) }
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
        guard let pendingMembers = pending else { return }
        pending = nil
        members.reserveCapacity(pendingMembers.count)
        // sorted by their UTF-8 bytes (the order of their Unicode scalars), cheaper than String's `<`
        for (key, member) in pendingMembers.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            members.append(Member(key: key, value: JV(member)))
        }
        if members.count > JObject.indexThreshold { buildIndex() }
    }

    private func buildIndex() {
        var d: [String: Int] = [:]
        d.reserveCapacity(members.count * 2)
        for (i, m) in members.enumerated() { d[m.key] = i }
        index = d
    }

    var keys: [String] { materialize(); return members.map(\.key) }

    @inline(__always) func position(of key: String) -> Int? {
        materialize()
        if let index { return index[key] }
        // the lengths first: most keys differ in length, and comparing them costs less than a String comparison
        let length = key.utf8.count
        for i in 0..<members.count where members[i].key.utf8.count == length && members[i].key == key { return i }
        return nil
    }

    /// Appends a member whose key the object does not have yet (the caller knows: the keys come
    /// from a dictionary), without looking for it first.
    func appendNew(_ key: String, _ value: JV) {
        materialize()
        json = nil
        members.append(Member(key: key, value: value))
        if index != nil {
            index![key] = members.count - 1
        } else if members.count > JObject.indexThreshold {
            buildIndex()
        }
    }

    subscript(key: String) -> JV? {
        get {
            guard let i = position(of: key) else { return nil }
            return members[i].value
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    json = nil
                    members[i].value = newValue
                } else {
                    appendNew(key, newValue)
                }
            } else if let i = position(of: key) {
                json = nil
                members.remove(at: i)
                if index != nil { buildIndex() }
            }
        }
    }

    var count: Int { pending?.count ?? members.count }
    var isEmpty: Bool { count == 0 }

    func copy() -> JObject {
        if let pending { return JObject(json: pending) }
        let o = JObject()
        o.members = members
        o.index = index
        o.json = json
        return o
    }

    /// A copy with room for `extra` more members (a tuple extended by a path step), so adding
    /// them neither copies the shared array nor grows it.
    func copy(reserving extra: Int) -> JObject {
        materialize()
        let o = JObject(reserve: members.count + extra)
        o.members.append(contentsOf: members)
        o.index = index
        return o
    }

    /// A tuple's context item (its `"@"` member), which a tuple keeps first.
    var tupleContext: JV? {
        if pending == nil, let first = members.first, first.key == "@" { return first.value }
        return self["@"]
    }

    /// The members in order.
    var entries: [Member] { materialize(); return members }
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

    /// A lambda closed over its defining input and frame (a class: a call copies one reference).
    final class Lambda {
        let node: Node
        let input: JV?
        let environment: Frame
        var thunk: Bool { node.thunk }
        init(node: Node, input: JV?, environment: Frame) {
            self.node = node
            self.input = input
            self.environment = environment
        }
    }

    let kind: Kind
    /// The lambda, when this is one: read by the calls' fast paths without copying `kind` out.
    let lambda: Lambda?

    init(_ kind: Kind) {
        self.kind = kind
        if case .lambda(let l) = kind { lambda = l } else { lambda = nil }
    }

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
            for m in o.entries { if let j = m.value.toJSON() { d[m.key] = j } }
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
