import Foundation
import JSON

/// A built-in function: its name, signature, arity (the number of arguments a higher-order function
/// passes to it) and implementation.
struct Builtin: @unchecked Sendable {
    typealias Implementation = (Evaluator, [JV?], JV?, Frame) throws(JSONataError) -> JV?
    let name: String
    let signature: Signature?
    let arity: Int
    let implementation: Implementation
    /// A shortcut for a call with one (defined) argument that needs neither its signature's checks
    /// nor an argument array: the result, or nil when the shortcut does not apply to that argument
    /// (the call then takes the full path, which also raises any error). Only for functions whose
    /// result is never undefined for an argument the shortcut takes.
    var unary: (@Sendable (JV) -> JV?)? = nil
}

/// Helpers shared by the evaluator and the built-in functions (jsonata-js `functions.js`).
enum Functions {
    /// A number from the user used as a count, limit or position: as an `Int` clamped to ±2^53
    /// (beyond any string or array, and exact in a double), so the conversion never traps.
    @inline(__always) static func clampedInt(_ d: Double) -> Int {
        if d.isNaN { return 0 }
        return Int(Swift.max(-9_007_199_254_740_992, Swift.min(9_007_199_254_740_992, d)))
    }

    static func lookup(_ input: JV?, _ key: String) -> JV? {
        switch input {
        case .array(let a)?:
            var out: [JV] = []
            for item in a.items {
                guard let r = lookup(item, key) else { continue }
                if case .array(let ra) = r { out.append(contentsOf: ra.items) } else { out.append(r) }
            }
            return .seq(out)
        case .object(let o)?:
            return o[key]
        default:
            return nil
        }
    }

    static func boolean(_ v: JV?) -> Bool? {
        guard let v else { return nil }
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .array(let a):
            if a.items.count == 1 { return boolean(a.items[0]) ?? false }
            return a.items.contains { boolean($0) == true }
        case .object(let o): return !o.isEmpty
        case .function:
            return false
        }
    }

    static func deepEqual(_ l: JV, _ r: JV) -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            if a === b { return true }
            guard a.items.count == b.items.count else { return false }
            for i in 0..<a.items.count where !deepEqual(a.items[i], b.items[i]) { return false }
            return true
        case (.object(let a), .object(let b)):
            if a === b { return true }
            guard a.count == b.count else { return false }
            for m in a.entries {
                guard let w = b[m.key], deepEqual(m.value, w) else { return false }
            }
            return true
        case (.function(let a), .function(let b)): return a === b
        default: return false
        }
    }

    /// JavaScript `===`: by value for scalars, by identity for arrays, objects and functions.
    static func strictEqual(_ l: JV, _ r: JV) -> Bool {
        switch (l, r) {
        case (.array(let a), .array(let b)): return a === b
        case (.object(let a), .object(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        default: return deepEqual(l, r)
        }
    }

    /// JavaScript string order (UTF-16 code units).
    static func compareStrings(_ a: String, _ b: String) -> Int {
        var i = a.utf16.makeIterator(), j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    static func isInteger(_ v: JV) -> Bool {
        if case .number(let n) = v { return n.isFinite && n.rounded(.towardZero) == n }
        return false
    }

    static func flatten(_ v: JV, into out: inout [JV]) {
        if case .array(let a) = v { for i in a.items { flatten(i, into: &out) } } else { out.append(v) }
    }

    /// `$append` (jsonata-js `append`): the result is a new, plain array.
    static func append(_ a: JV?, _ b: JV?) -> JV? {
        guard let a else { return b }
        guard let b else { return a }
        var items: [JV] = []
        if case .array(let x) = a { items.append(contentsOf: x.items) } else { items.append(a) }
        if case .array(let y) = b { items.append(contentsOf: y.items) } else { items.append(b) }
        return .arr(items)
    }

    /// A stable merge sort; `greater(a, b)` true means a goes after b.
    static func mergeSort<T>(_ array: [T], _ greater: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
        if array.count <= 1 { return array }
        let middle = array.count / 2
        let left = try mergeSort(Array(array[..<middle]), greater)
        let right = try mergeSort(Array(array[middle...]), greater)
        var result: [T] = []
        result.reserveCapacity(array.count)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if try greater(left[i], right[j]) { result.append(right[j]); j += 1 } else { result.append(left[i]); i += 1 }
        }
        result.append(contentsOf: left[i...])
        result.append(contentsOf: right[j...])
        return result
    }

    /// The indices `0..<count` in the order jsonata-js's merge sort gives them (the same comparisons
    /// in the same order), sorted in place over one scratch buffer.
    static func mergeSortedIndices(count: Int, _ greater: (Int, Int) -> Bool) -> [Int] {
        var a = Array(0..<count)
        if count <= 1 { return a }
        var tmp = [Int](repeating: 0, count: count)
        a.withUnsafeMutableBufferPointer { a in
            tmp.withUnsafeMutableBufferPointer { tmp in
                func sort(_ lo: Int, _ hi: Int) {
                    let n = hi - lo
                    if n <= 1 { return }
                    let mid = lo + n / 2
                    sort(lo, mid)
                    sort(mid, hi)
                    var i = lo, j = mid, k = lo
                    while i < mid && j < hi {
                        if greater(a[i], a[j]) { tmp[k] = a[j]; j += 1 } else { tmp[k] = a[i]; i += 1 }
                        k += 1
                    }
                    while i < mid { tmp[k] = a[i]; i += 1; k += 1 }
                    while j < hi { tmp[k] = a[j]; j += 1; k += 1 }
                    for x in lo..<hi { a[x] = tmp[x] }
                }
                sort(0, a.count)
            }
        }
        return a
    }

    // MARK: - strings

    /// `$string`: strings as they are, numbers as JavaScript prints them (15 significant digits), the rest as JSON.
    static func string(_ v: JV, pretty: Bool = false) throws(JSONataError) -> String {
        switch v {
        case .string(let s): return s
        case .function: return ""
        case .number(let n):
            if !n.isFinite { throw JSONataError("D3001", value: v) }
            if n.rounded() == n && abs(n) < 1e15 { return String(Int64(n)) }
            return formatJS(precision15(n))
        case .array(let a) where a.outerWrapper && !a.items.isEmpty:
            try checkFinite(a.items[0])
            return stringify(a.items[0], pretty: pretty) ?? ""
        default:
            try checkFinite(v)
            return stringify(v, pretty: pretty) ?? ""
        }
    }

    static func checkFinite(_ v: JV) throws(JSONataError) {
        switch v {
        case .number(let n): if !n.isFinite { throw JSONataError("D1001", value: v) }
        case .array(let a): for i in a.items { try checkFinite(i) }
        case .object(let o): for m in o.entries { try checkFinite(m.value) }
        default: break
        }
    }

    static func precision15(_ n: Double) -> Double {
        if n == 0 || !n.isFinite { return n }
        return Double(String(format: "%.14e", n)) ?? n
    }

    /// JSON.stringify with jsonata's number replacer (15 significant digits) and functions as "".
    static func stringify(_ v: JV, pretty: Bool, fullPrecision: Bool = false) -> String? {
        var out = ""
        write(v, to: &out, pretty: pretty, indent: 0, fullPrecision: fullPrecision)
        return out
    }

    /// `fullPrecision`: numbers as JSON.stringify prints them (the result's JSON), not as `$string` does (15 digits).
    static func write(_ v: JV, to out: inout String, pretty: Bool, indent: Int, fullPrecision: Bool = false) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.rounded() == n && abs(n) < 1e15 { out += String(Int64(n)) } else { out += n.isFinite ? formatJS(fullPrecision ? n : precision15(n)) : "null" }
        case .string(let s): quote(s, into: &out)
        case .function: out += "\"\""
        case .array(let a):
            if a.items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in a.items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                write(item, to: &out, pretty: pretty, indent: indent + 1, fullPrecision: fullPrecision)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, m) in o.entries.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                quote(m.key, into: &out)
                out += pretty ? ": " : ":"
                write(m.value, to: &out, pretty: pretty, indent: indent + 1, fullPrecision: fullPrecision)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// JSON's string quoting, as `$string` and `$json` output need it.
    static func quote(_ s: String, into out: inout String) { JSONValue.writeQuoted(s, to: &out) }

    /// A number as JavaScript's `Number.prototype.toString()` prints it.
    static func formatJS(_ n: Double) -> String {
        if n == 0 { return "0" }
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        // an integer within 2^53 prints its digits; beyond, JavaScript prints the shortest digits
        // that read back as the same double, padded with zeros (2^60 is 1152921504606847000)
        if n.rounded() == n && abs(n) < 9.0e15 { return String(Int64(n)) }
        // shortest round-trip digits from Swift, re-laid out as JavaScript does (on UTF-8 bytes)
        let negative = n < 0
        let desc = Array("\(abs(n))".utf8)
        var mantissaEnd = desc.count
        var exponent = 0
        if let e = desc.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissaEnd = e
            var i = e + 1
            var sign = 1
            if i < desc.count, desc[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if i < desc.count, desc[i] == UInt8(ascii: "+") { i += 1 }
            var x = 0
            while i < desc.count { x = x * 10 + Int(desc[i] - 48); i += 1 }
            exponent = sign * x
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(mantissaEnd)
        var pointPos = -1
        for i in 0..<mantissaEnd {
            if desc[i] == UInt8(ascii: ".") { pointPos = digits.count } else { digits.append(desc[i]) }
        }
        if pointPos < 0 { pointPos = digits.count }
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == 48 { lead += 1 }
        if lead > 0 { digits.removeFirst(lead); pointPos -= lead }
        while digits.count > 1 && digits.last == 48 { digits.removeLast() }
        let k = digits.count
        let nExp = pointPos + exponent // value = 0.digits * 10^nExp
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if k <= nExp && nExp <= 21 {
            out += digits
            out += [UInt8](repeating: 48, count: nExp - k)
        } else if 0 < nExp && nExp <= 21 {
            out += digits[..<nExp]
            out.append(UInt8(ascii: "."))
            out += digits[nExp...]
        } else if -6 < nExp && nExp <= 0 {
            out += [48, UInt8(ascii: ".")]
            out += [UInt8](repeating: 48, count: -nExp)
            out += digits
        } else {
            let e = nExp - 1
            out.append(digits[0])
            if k > 1 { out.append(UInt8(ascii: ".")); out += digits[1...] }
            out.append(UInt8(ascii: "e"))
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            out += Array(String(abs(e)).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - regex

    /// The match object of a regex at or after `from` (UTF-16 offset), as jsonata-js's regex closure
    /// returns it: `{match, start, end, groups, next}`.
    static func regexClosure(_ r: JRegex, _ str: JV?, from: Int, evaluator: Evaluator?) throws(JSONataError) -> JV? {
        guard case .string(let s)? = str else { return nil }
        guard let m = try r.matches(in: s, from: from, limit: 1, evaluator: evaluator).first else { return nil }
        return matchObject(r, s, m, evaluator)
    }

    static func matchObject(_ r: JRegex, _ s: String, _ m: JRegex.Match, _ evaluator: Evaluator?) -> JV {
        let o = JObject()
        o["match"] = .string(m.match)
        o["start"] = .number(Double(m.start))
        o["end"] = .number(Double(m.end))
        o["groups"] = .arr(m.groups.map { .string($0 ?? "") })
        let lastIndex = m.end
        o["next"] = .function(JFunction(.closure(0) { _ throws(JSONataError) -> JV? in
            if lastIndex >= s.utf16.count { return nil }
            guard let next = try r.matches(in: s, from: lastIndex, limit: 1, evaluator: evaluator).first else { return nil }
            if next.start == next.end { throw JSONataError("D1004", value: .string(r.pattern)) }
            return matchObject(r, s, next, evaluator)
        }))
        return .object(o)
    }

    struct Match {
        var match: String
        var start: Int
        var end: Int
        var groups: [JV]
    }

    /// All matches of a regex (or of a custom matcher function), as jsonata-js iterates them with `next()`.
    static func matches(_ ev: Evaluator, _ matcher: JV, _ s: String, limit: Int?, env: Frame) throws(JSONataError) -> [Match] {
        var out: [Match] = []
        if case .function(let f) = matcher, case .regex(let r) = f.kind {
            return try r.matches(in: s, limit: limit, evaluator: ev).map {
                Match(match: $0.match, start: $0.start, end: $0.end, groups: $0.groups.map { .string($0 ?? "") })
            }
        }
        // a custom matcher: a function returning {match, start, end, groups, next}
        var result = try ev.apply(matcher, [.string(s)], nil, env)
        while let r = result, limit == nil || out.count < limit! {
            guard case .object(let o) = r, case .string(let m)? = o["match"], case .number(let st)? = o["start"], case .number(let en)? = o["end"] else {
                throw JSONataError("T1010")
            }
            var groups: [JV] = []
            if case .array(let g)? = o["groups"] { groups = g.items }
            out.append(Match(match: m, start: clampedInt(st), end: clampedInt(en), groups: groups))
            guard let next = o["next"] else { break }
            result = try ev.apply(next, [], nil, env)
        }
        return out
    }

    static func substringUTF16(_ s: String, _ from: Int, _ to: Int) -> String {
        let ns = s as NSString
        let a = max(0, min(from, ns.length)), b = max(a, min(to, ns.length))
        return ns.substring(with: NSRange(location: a, length: b - a))
    }
}
