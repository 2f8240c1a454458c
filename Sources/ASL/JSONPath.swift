import Foundation

/// A compiled JSONPath expression (the Jayway dialect AWS Step Functions uses with the
/// JSONPath query language).
///
/// Parse once with ``init(_:)`` (or ``cached(_:)``, which memoizes by text), then call
/// ``evaluate(_:)`` as often as needed.
///
/// A *definite* path (only `.name`, `['name']` and `[n]` steps) selects at most one value and
/// evaluates to that value itself; an *indefinite* path (wildcard, filter, slice, union or
/// recursive descent) evaluates to an array of all matches, possibly empty.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The text the path was parsed from.
    public let text: String
    /// The steps after the root (`$` or `@`).
    let steps: [JSONPathStep]
    /// True when the path selects at most one value (no wildcard, filter, slice, union or `..`).
    public let isDefinite: Bool

    /// Parses `text`, which must start with `$`.
    /// - Throws: `States.Runtime` naming the path and the (1-based) position of the problem.
    public init(_ text: String) throws(StatesError) {
        var parser = JSONPathParser(text: text, root: "$")
        let steps = try parser.parsePath()
        self.init(text: text, steps: steps)
    }

    init(text: String, steps: [JSONPathStep]) {
        self.text = text
        self.steps = steps
        self.isDefinite = steps.allSatisfy { $0.isDefinite }
    }

    public var description: String { text }

    /// The path in Jayway's normalized bracket notation, e.g. `$['items'][0]`, as AWS
    /// error messages print it.
    public var normalized: String {
        var out = "$"
        for step in steps { out += step.normalized }
        return out
    }

    /// True when the path is `$` alone.
    public var isRoot: Bool { steps.isEmpty }

    /// True when every step is a single name or index (an ASL "reference path").
    public var isReferencePath: Bool {
        steps.allSatisfy { step in
            guard !step.descendant else { return false }
            switch step.selector {
            case .name, .index: return true
            default: return false
            }
        }
    }

    /// Evaluates the path against `root`.
    public func evaluate(_ root: JSONValue) -> JSONPathResult {
        evaluate(root, root: root)
    }

    /// Evaluates with `current` as the start (`@` in filters) and `root` as `$`.
    func evaluate(_ current: JSONValue, root: JSONValue) -> JSONPathResult {
        if isDefinite {
            var node = current
            for step in steps {
                switch step.selector {
                case .name(let name):
                    guard case .object(let members) = node, let next = members[name] else { return .notFound }
                    node = next
                case .index(let index):
                    guard case .array(let elements) = node, let i = JSONPath.resolve(index, count: elements.count) else {
                        return .notFound
                    }
                    node = elements[i]
                default:
                    return .notFound  // unreachable: definite paths hold names and indices only
                }
            }
            return .found(node)
        }
        return .found(.array(matches(current, root: root)))
    }

    /// All values the path selects, in document order (object members by sorted key).
    public func matches(_ root: JSONValue) -> [JSONValue] {
        matches(root, root: root)
    }

    func matches(_ current: JSONValue, root: JSONValue) -> [JSONValue] {
        var nodes = [current]
        for step in steps {
            var next: [JSONValue] = []
            for node in nodes {
                if step.descendant {
                    JSONPath.forEachDescendant(of: node) { step.selector.select(from: $0, root: root, into: &next) }
                } else {
                    step.selector.select(from: node, root: root, into: &next)
                }
            }
            nodes = next
            if nodes.isEmpty { break }
        }
        return nodes
    }

    /// Calls `body` on `node` and every value nested in it, depth first.
    static func forEachDescendant(of node: JSONValue, _ body: (JSONValue) -> Void) {
        body(node)
        switch node {
        case .array(let elements):
            for element in elements { forEachDescendant(of: element, body) }
        case .object(let members):
            for key in members.keys.sorted() { forEachDescendant(of: members[key]!, body) }
        default:
            break
        }
    }

    /// An index into an array of `count` elements, negative counting from the end; nil when out of range.
    static func resolve(_ index: Int, count: Int) -> Int? {
        let i = index < 0 ? count + index : index
        return i >= 0 && i < count ? i : nil
    }
}

/// What evaluating a ``JSONPath`` produced.
public enum JSONPathResult: Equatable, Sendable {
    /// The selected value; for an indefinite path, an array of all matches (maybe empty).
    case found(JSONValue)
    /// A definite path that selects nothing.
    case notFound

    /// The found value, or nil.
    public var value: JSONValue? {
        if case .found(let v) = self { return v }
        return nil
    }
}

/// One step of a path: a selector, applied to the node or (for `..`) to it and all its descendants.
struct JSONPathStep: Sendable, Hashable {
    var selector: JSONPathSelector
    var descendant: Bool

    var isDefinite: Bool {
        guard !descendant else { return false }
        switch selector {
        case .name, .index: return true
        default: return false
        }
    }

    var normalized: String { (descendant ? ".." : "") + selector.normalized }
}

/// What a step selects from a node. Names select object members, indices array elements;
/// a wildcard or filter selects the elements of an array or the member values of an object
/// (in sorted key order). Selectors that do not apply to a node select nothing from it.
indirect enum JSONPathSelector: Sendable, Hashable {
    case name(String)
    case index(Int)
    case wildcard
    case names([String])
    case indices([Int])
    case slice(start: Int?, end: Int?, step: Int)
    case filter(JSONPathFilter)

    var normalized: String {
        switch self {
        case .name(let n): return "['\(n)']"
        case .index(let i): return "[\(i)]"
        case .wildcard: return "[*]"
        case .names(let ns): return "[" + ns.map { "'\($0)'" }.joined(separator: ",") + "]"
        case .indices(let isx): return "[" + isx.map(String.init).joined(separator: ",") + "]"
        case .slice(let s, let e, let st):
            return "[\(s.map(String.init) ?? ""):\(e.map(String.init) ?? "")\(st == 1 ? "" : ":\(st)")]"
        case .filter: return "[?]"
        }
    }

    func select(from node: JSONValue, root: JSONValue, into out: inout [JSONValue]) {
        switch self {
        case .name(let name):
            if case .object(let members) = node, let v = members[name] { out.append(v) }
        case .names(let names):
            if case .object(let members) = node {
                for name in names { if let v = members[name] { out.append(v) } }
            }
        case .index(let index):
            if case .array(let elements) = node, let i = JSONPath.resolve(index, count: elements.count) {
                out.append(elements[i])
            }
        case .indices(let indices):
            if case .array(let elements) = node {
                for index in indices {
                    if let i = JSONPath.resolve(index, count: elements.count) { out.append(elements[i]) }
                }
            }
        case .wildcard:
            switch node {
            case .array(let elements): out.append(contentsOf: elements)
            case .object(let members): for key in members.keys.sorted() { out.append(members[key]!) }
            default: break
            }
        case .slice(let start, let end, let step):
            if case .array(let elements) = node {
                for i in JSONPathSelector.sliceIndices(count: elements.count, start: start, end: end, step: step) {
                    out.append(elements[i])
                }
            }
        case .filter(let filter):
            switch node {
            case .array(let elements):
                for element in elements where filter.matches(element, root: root) { out.append(element) }
            case .object(let members):
                for key in members.keys.sorted() where filter.matches(members[key]!, root: root) {
                    out.append(members[key]!)
                }
            default: break
            }
        }
    }

    /// Python-style slice indices (negative bounds count from the end; a negative step walks backwards).
    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        guard step != 0, count > 0 else { return [] }
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v, lo), hi) }
        func norm(_ v: Int) -> Int { v < 0 ? v + count : v }
        var result: [Int] = []
        if step > 0 {
            var i = clamp(start.map(norm) ?? 0, 0, count)
            let stop = clamp(end.map(norm) ?? count, 0, count)
            while i < stop { result.append(i); i += step }
        } else {
            var i = clamp(start.map(norm) ?? count - 1, -1, count - 1)
            let stop = clamp(end.map(norm) ?? -1, -1, count - 1)
            while i > stop { result.append(i); i += step }
        }
        return result
    }
}
