import Foundation

extension Functions {
    typealias Impl = Builtin.Implementation

    static func make(_ name: String, _ sig: String?, arity: Int? = nil, unary: (@Sendable (JV) -> JV?)? = nil,
                     _ impl: @escaping Impl) -> (String, JFunction) {
        let signature = sig.map { try! Signature.parse($0) }
        let b = Builtin(name: name, signature: signature, arity: arity ?? signature?.params.count ?? 0, implementation: impl, unary: unary)
        return (name, JFunction(.builtin(b)))
    }

    /// A non-negative integral number in `radix` (2...36), as JavaScript's `toString(radix)` writes it:
    /// radix 10 as JavaScript prints numbers (`1e+21` from 1e21 up); any other radix digit by digit
    /// as V8 does, the digits below the double's precision written as zeros.
    static func radixDigits(_ value: Double, radix: Int) -> String {
        if radix == 10 { return formatJS(value) }
        if !value.isFinite { return "Infinity" }
        if value < 9_007_199_254_740_992 { return String(Int64(value), radix: radix) }
        let r = Double(radix)
        var integer = value
        var zeros = 0
        // V8's DoubleToRadixCString: while a digit is below the precision, it is written as 0
        while integer / r >= 9_007_199_254_740_992 {
            integer /= r
            zeros += 1
        }
        let chars = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var digits: [UInt8] = []
        repeat {
            let remainder = fmod(integer, r)
            digits.append(chars[Int(remainder)])
            integer = (integer - remainder) / r
        } while integer > 0
        return String(decoding: digits.reversed() + repeatElement(UInt8(ascii: "0"), count: zeros), as: UTF8.self)
    }

    /// `$sum`'s shortcut: a number, or an array of numbers only (what its signature accepts unchanged).
    @Sendable static func sumShortcut(_ v: JV) -> JV? {
        switch v {
        case .number: return v
        case .array(let a):
            var total = 0.0
            for item in a.items {
                guard case .number(let n) = item else { return nil }
                total += n
            }
            return .number(total)
        default: return nil
        }
    }

    @inline(__always) static func arg(_ a: [JV?], _ i: Int) -> JV? { i < a.count ? a[i] : nil }

    static func str(_ a: [JV?], _ i: Int) -> String? { arg(a, i)?.stringValue }
    static func num(_ a: [JV?], _ i: Int) -> Double? { arg(a, i)?.numberValue }
    static func items(_ v: JV?) -> [JV] {
        guard let v else { return [] }
        if case .array(let a) = v { return a.items }
        return [v]
    }

    /// The arguments a higher-order function passes to `f`: as many of (value, index, array) as it takes.
    static func hofArgs(_ f: JV?, _ a: JV, _ b: JV, _ c: JV) -> [JV?] {
        let arity = f?.functionValue?.arity ?? 1
        var args: [JV?] = [a]
        if arity >= 2 { args.append(b) }
        if arity >= 3 { args.append(c) }
        return args
    }

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    static func fromScalars<S: Sequence>(_ s: S) -> String where S.Element == Unicode.Scalar {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    /// JavaScript `Array.prototype.slice` bounds.
    static func sliceBounds(_ count: Int, _ start: Double, _ end: Double?) -> (Int, Int) {
        func norm(_ x: Double) -> Int {
            let t = x.isNaN ? 0 : x.rounded(.towardZero)
            if t < 0 { return max(0, count + Int(max(t, -1e15))) }
            return min(count, Int(min(t, 1e15)))
        }
        let s = norm(start)
        let e = end.map(norm) ?? count
        return (s, max(s, e))
    }

    static func isArrayOf(_ v: JV, _ check: (JV) -> Bool) -> Bool {
        if case .array(let a) = v { return a.items.allSatisfy(check) }
        return false
    }

    static func typeName(_ v: JV) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .function: return "function"
        }
    }

    static func deepClone(_ v: JV) -> JV? {
        switch v {
        case .array(let a):
            if let json = a.json { return JV(.array(json)) }
            return .arr(a.items.map { deepClone($0) ?? .null })
        case .object(let o):
            if let json = o.json { return .object(JObject(json: json)) }
            let c = JObject(reserve: o.count)
            for m in o.entries { if let y = deepClone(m.value) { c[m.key] = y } }
            return .object(c)
        case .function: return nil
        default: return v
        }
    }

    static func round(_ x: Double, _ precision: Double?) -> Double {
        // beyond ±10,000 places every double rounds the same way (and exp + p cannot overflow)
        let p = Int(Swift.max(-10_000, Swift.min(10_000, precision ?? 0)))
        var arg = x
        if p != 0 { arg = shift(arg, p) }
        var result = (arg + 0.5).rounded(.down)
        let diff = result - arg
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        if p != 0 { result = shift(result, -p) }
        if result == 0 { result = 0 }
        return result
    }

    /// x * 10^p through the decimal text, as jsonata-js does to avoid binary rounding errors.
    static func shift(_ x: Double, _ p: Int) -> Double {
        let s = formatJS(x)
        let utf8 = s.utf8
        if let e = utf8.firstIndex(of: UInt8(ascii: "e")) {
            let mantissa = String(s[..<e])
            let rest = s[s.index(after: e)...]
            let exp = Int(rest.hasPrefix("+") ? rest.dropFirst() : rest) ?? 0
            return Double(mantissa + "e" + String(exp + p)) ?? x
        }
        return Double(s + "e" + String(p)) ?? x
    }

    /// Whether `s` is `-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?` (what `$number` reads as decimal).
    static func isDecimalNumberText(_ s: String) -> Bool {
        var bytes = s.utf8[...]
        func digits() -> Bool {
            let start = bytes.startIndex
            while let b = bytes.first, b >= 0x30 && b <= 0x39 { bytes = bytes.dropFirst() }
            return bytes.startIndex != start
        }
        if bytes.first == 0x2D { bytes = bytes.dropFirst() }
        guard digits() else { return false }
        if bytes.first == 0x2E {
            bytes = bytes.dropFirst()
            guard digits() else { return false }
        }
        if bytes.first == 0x45 || bytes.first == 0x65 {
            bytes = bytes.dropFirst()
            if bytes.first == 0x2B || bytes.first == 0x2D { bytes = bytes.dropFirst() }
            guard digits() else { return false }
        }
        return bytes.isEmpty
    }

    static func numberCast(_ v: JV) throws(JSONataError) -> Double {
        switch v {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            if isDecimalNumberText(s), let d = Double(s), d.isFinite { return d }
            let lower = s.lowercased()
            if lower.hasPrefix("0x"), let d = UInt64(s.dropFirst(2), radix: 16) { return Double(d) }
            if lower.hasPrefix("0o"), let d = UInt64(s.dropFirst(2), radix: 8) { return Double(d) }
            if lower.hasPrefix("0b"), let d = UInt64(s.dropFirst(2), radix: 2) { return Double(d) }
            throw JSONataError("D3030", value: v)
        default:
            throw JSONataError("D3030", value: v)
        }
    }

    static func keys(_ v: JV?) -> [String] {
        switch v {
        case .array(let a)?:
            var seen = Set<String>()
            var out: [String] = []
            for item in a.items {
                for k in keys(item) where !seen.contains(k) { seen.insert(k); out.append(k) }
            }
            return out
        case .object(let o)?: return o.keys
        default: return []
        }
    }

    static func encodeURI(_ s: String, component: Bool) throws(JSONataError) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)
        let reserved = Set(";,/?:@&=+$#".utf8)
        if s.unicodeScalars.contains(where: { $0.value == 0xFFFE }) {
            throw JSONataError("D3140", value: .string(s))
        }
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) || (!component && reserved.contains(b)) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    static func decodeURI(_ s: String, component: Bool) throws(JSONataError) -> String {
        let reserved = Set(";,/?:@&=+$#".utf8)
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else {
                    throw JSONataError("D3140", value: .string(s))
                }
                let b = h * 16 + l
                if !component && b < 0x80 && reserved.contains(b) {
                    out.append(contentsOf: bytes[i...i + 2])
                } else {
                    out.append(b)
                }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let r = String(validating: out, as: UTF8.self) else { throw JSONataError("D3140", value: .string(s)) }
        return r
    }

    // MARK: - the table

    static let standard: [String: JFunction] = {
        var t: [String: JFunction] = [:]
        func add(_ e: (String, JFunction)) { t[e.0] = e.1 }

        // aggregation
        add(make("sum", "<a<n>:n>", unary: sumShortcut) { _, a, _, _ throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            return .number(items(v).reduce(0) { $0 + ($1.numberValue ?? 0) })
        })
        add(make("count", "<a:n>", unary: { v in
            switch v {
            case .array(let a): return .number(Double(a.items.count))
            case .function: return nil
            default: return .number(1)
            }
        }) { _, a, _, _ throws(JSONataError) in
            .number(Double(items(arg(a, 0)).count))
        })
        add(make("max", "<a<n>:n>") { _, a, _, _ throws(JSONataError) in
            let xs = items(arg(a, 0)).compactMap { $0.numberValue }
            return xs.isEmpty ? nil : .number(xs.max()!)
        })
        add(make("min", "<a<n>:n>") { _, a, _, _ throws(JSONataError) in
            let xs = items(arg(a, 0)).compactMap { $0.numberValue }
            return xs.isEmpty ? nil : .number(xs.min()!)
        })
        add(make("average", "<a<n>:n>") { _, a, _, _ throws(JSONataError) in
            let xs = items(arg(a, 0)).compactMap { $0.numberValue }
            return xs.isEmpty ? nil : .number(xs.reduce(0, +) / Double(xs.count))
        })

        // strings
        add(make("string", "<x-b?:s>", arity: 1) { _, a, _, _ throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            return .string(try string(v, pretty: arg(a, 1).flatMap { boolean($0) } ?? false))
        })
        add(make("substring", "<s-nn?:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let cs = scalars(s)
            var start = num(a, 1) ?? 0
            if Double(cs.count) + start < 0 { start = 0 }
            if let length = num(a, 2) {
                if length <= 0 { return .string("") }
                let end = start >= 0 ? start + length : Double(cs.count) + start + length
                let (x, y) = sliceBounds(cs.count, start, end)
                return .string(fromScalars(cs[x..<y]))
            }
            let (x, y) = sliceBounds(cs.count, start, nil)
            return .string(fromScalars(cs[x..<y]))
        })
        add(make("substringBefore", "<s-s:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let c = str(a, 1) else { return .string(s) }
            if c.isEmpty { return .string("") }
            if let r = s.range(of: c, options: .literal) { return .string(String(s[..<r.lowerBound])) }
            return .string(s)
        })
        add(make("substringAfter", "<s-s:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let c = str(a, 1) else { return .string(s) }
            if c.isEmpty { return .string(s) }
            if let r = s.range(of: c, options: .literal) { return .string(String(s[r.upperBound...])) }
            return .string(s)
        })
        add(make("lowercase", "<s-:s>", unary: { v in v.stringValue.map { .string($0.lowercased()) } }) { _, a, _, _ throws(JSONataError) in str(a, 0).map { .string($0.lowercased()) } })
        add(make("uppercase", "<s-:s>", unary: { v in v.stringValue.map { .string($0.uppercased()) } }) { _, a, _, _ throws(JSONataError) in str(a, 0).map { .string($0.uppercased()) } })
        add(make("length", "<s-:n>", unary: { v in v.stringValue.map { .number(Double($0.unicodeScalars.count)) } }) { _, a, _, _ throws(JSONataError) in str(a, 0).map { .number(Double($0.unicodeScalars.count)) } })
        add(make("trim", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            // jsonata-js: each run of [ \t\n\r] becomes one space, then one space off each end (on UTF-8
            // bytes: the four are ASCII, and no other character's bytes are)
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            var inRun = false
            for byte in s.utf8 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    if !inRun { out.append(0x20) }
                    inRun = true
                } else {
                    out.append(byte)
                    inRun = false
                }
            }
            var slice = out[...]
            if slice.first == 0x20 { slice = slice.dropFirst() }
            if slice.last == 0x20 { slice = slice.dropLast() }
            return .string(String(decoding: slice, as: UTF8.self))
        })
        add(make("pad", "<s-ns?:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0), let width = num(a, 1) else { return nil }
            var c = str(a, 2) ?? " "
            if c.isEmpty { c = " " }
            let target = abs(width).rounded(.towardZero)
            // JavaScript's longest string (V8): jsonata-js fails past it with a RangeError
            if target > 536_870_888 { throw JSONataError(public: "RangeError", message: "Invalid string length") }
            let padLength = Int(target) - s.unicodeScalars.count
            guard padLength > 0 else { return .string(s) }
            let cs = scalars(c)
            var padding: [Unicode.Scalar] = []
            while padding.count < padLength { padding.append(contentsOf: cs) }
            let p = fromScalars(padding.prefix(padLength))
            return .string(width > 0 ? s + p : p + s)
        })
        add(make("contains", "<s-(sf):b>") { ev, a, _, env throws(JSONataError) in
            guard let s = str(a, 0), let token = arg(a, 1) else { return nil }
            if case .string(let t) = token { return .bool(t.isEmpty || s.contains(t)) }
            return .bool(!(try matches(ev, token, s, limit: 1, env: env)).isEmpty)
        })
        add(make("match", "<s-f<s:o>n?:a<o>>") { ev, a, _, env throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let limit = num(a, 2)
            if let limit, limit < 0 { throw JSONataError("D3040", value: .number(limit)) }
            if let limit, limit == 0 { return .seq([]) }
            let ms = try matches(ev, arg(a, 1)!, s, limit: limit.map { clampedInt($0.rounded(.up)) }, env: env)
            return .seq(ms.map { m in
                let o = JObject()
                o["match"] = .string(m.match)
                o["index"] = .number(Double(m.start))
                o["groups"] = .arr(m.groups)
                return .object(o)
            })
        })
        add(make("replace", "<s-(sf)(sf)n?:s>") { ev, a, _, env throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let pattern = arg(a, 1)!
            if case .string(let p) = pattern, p.isEmpty { throw JSONataError("D3010", value: pattern) }
            let limit = num(a, 3)
            if let limit, limit < 0 { throw JSONataError("D3011", value: .number(limit)) }
            guard let replacement = arg(a, 2) else { return nil }
            let lim = limit.map { clampedInt($0.rounded(.up)) }
            if lim == 0 { return .string(s) }
            if case .string(let p) = pattern {
                var result = ""
                var count = 0
                var rest = s[...]
                let rep = replacement.stringValue ?? ""
                while lim == nil || count < lim! {
                    guard let r = rest.range(of: p, options: .literal) else { break }
                    result += rest[..<r.lowerBound]
                    result += rep
                    rest = rest[r.upperBound...]
                    count += 1
                }
                result += rest
                return .string(result)
            }
            if case .function(let f) = pattern, case .regex(let r) = f.kind, case .string(let template) = replacement {
                return .string(try r.replace(in: s, template: template, limit: lim, evaluator: ev))
            }
            let ms = try matches(ev, pattern, s, limit: lim, env: env)
            if ms.isEmpty { return .string(s) }
            var result = ""
            var position = 0
            for m in ms {
                result += substringUTF16(s, position, m.start)
                if case .string(let r) = replacement {
                    result += substituteGroups(r, m)
                } else {
                    let mo = JObject()
                    mo["match"] = .string(m.match)
                    mo["start"] = .number(Double(m.start))
                    mo["end"] = .number(Double(m.end))
                    mo["groups"] = .arr(m.groups)
                    let r = try ev.apply(replacement, [.object(mo)], nil, env)
                    guard case .string(let rs)? = r else { throw JSONataError("D3012", value: r) }
                    result += rs
                }
                position = m.start + (m.match as NSString).length
            }
            result += substringUTF16(s, position, (s as NSString).length)
            return .string(result)
        })
        add(make("split", "<s-(sf)n?:a<s>>") { ev, a, _, env throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let limit = num(a, 2)
            if let limit, limit < 0 { throw JSONataError("D3020", value: .number(limit)) }
            // a string separator: JavaScript's split(separator, limit) floors the limit; a regex: jsonata-js
            // takes matches while their count is below it (a fractional limit counts up)
            let lim = limit.map { clampedInt($0.rounded(.down)) }
            if lim == 0 && limit == 0 { return .arr([]) }
            let sep = arg(a, 1)!
            var parts: [String] = []
            if case .string(let p) = sep {
                if lim == 0 { return .arr([]) }
                if p.isEmpty {
                    parts = s.utf16.map { String(utf16CodeUnits: [$0], count: 1) }
                } else {
                    parts = s.components(separatedBy: p)
                }
                if let lim, parts.count > lim { parts = Array(parts.prefix(lim)) }
            } else {
                let regexLimit = limit.map { clampedInt($0.rounded(.up)) }
                let ms = try matches(ev, sep, s, limit: regexLimit, env: env)
                var start = 0
                for m in ms {
                    parts.append(substringUTF16(s, start, m.start))
                    start = m.end
                }
                if regexLimit == nil || ms.count < regexLimit! { parts.append(substringUTF16(s, start, (s as NSString).length)) }
            }
            return .arr(parts.map { .string($0) })
        })
        add(make("join", "<a<s>s?:s>") { _, a, _, _ throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let sep = str(a, 1) ?? ""
            // concatenated by hand: `joined(separator:)` is not specialized here and costs several times more
            var out = ""
            var first = true
            for item in items(v) {
                guard case .string(let x) = item else { continue }
                if !first { out += sep }
                out += x
                first = false
            }
            return .string(out)
        })
        add(make("base64encode", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            str(a, 0).map { .string(Data($0.utf8).base64EncodedString()) }
        })
        add(make("base64decode", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let d = Data(base64Encoded: s, options: .ignoreUnknownCharacters) else { return .string("") }
            return .string(String(decoding: d, as: UTF8.self))
        })
        add(make("encodeUrlComponent", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            return .string(try encodeURI(s, component: true))
        })
        add(make("encodeUrl", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            return .string(try encodeURI(s, component: false))
        })
        add(make("decodeUrlComponent", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            return .string(try decodeURI(s, component: true))
        })
        add(make("decodeUrl", "<s-:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            return .string(try decodeURI(s, component: false))
        })

        // numbers
        add(make("number", "<(nsb)-:n>") { _, a, _, _ throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            return .number(try numberCast(v))
        })
        add(make("floor", "<n-:n>") { _, a, _, _ throws(JSONataError) in num(a, 0).map { .number($0.rounded(.down)) } })
        add(make("ceil", "<n-:n>") { _, a, _, _ throws(JSONataError) in num(a, 0).map { .number($0.rounded(.up)) } })
        add(make("abs", "<n-:n>") { _, a, _, _ throws(JSONataError) in num(a, 0).map { .number(abs($0)) } })
        add(make("round", "<n-n?:n>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            return .number(round(x, num(a, 1)))
        })
        add(make("sqrt", "<n-:n>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            if x < 0 { throw JSONataError("D3060", value: .number(x)) }
            return .number(x.squareRoot())
        })
        add(make("power", "<n-n:n>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0), let y = num(a, 1) else { return nil }
            let r = pow(x, y)
            if !r.isFinite { throw JSONataError("D3061", value: .number(x), message: "The power function has resulted in a value that cannot be represented as a JSON number: base=\(formatJS(x)), exponent=\(formatJS(y))") }
            return .number(r)
        })
        add(make("random", "<:n>") { _, _, _, _ throws(JSONataError) in .number(Double.random(in: 0..<1)) })
        add(make("formatNumber", "<n-so?:s>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            return .string(try NumberFormatting.formatNumber(x, str(a, 1) ?? "", arg(a, 2)?.objectValue))
        })
        add(make("formatBase", "<n-n?:s>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            let radix = num(a, 1) ?? 10
            if radix < 2 || radix > 36 { throw JSONataError("D3100", value: .number(radix)) }
            let v = round(x, nil)
            let s = radixDigits(abs(v), radix: Int(radix))
            return .string(v < 0 ? "-" + s : s)
        })
        add(make("formatInteger", "<n-s:s>") { _, a, _, _ throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            return .string(try NumberFormatting.formatInteger(x, str(a, 1) ?? ""))
        })
        add(make("parseInteger", "<s-s:n>") { _, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            return try NumberFormatting.parseInteger(s, str(a, 1) ?? "").map { .number($0) }
        })

        // booleans
        add(make("boolean", "<x-:b>") { _, a, _, _ throws(JSONataError) in boolean(arg(a, 0)).map { .bool($0) } })
        add(make("not", "<x-:b>") { _, a, _, _ throws(JSONataError) in boolean(arg(a, 0)).map { .bool(!$0) } })
        add(make("exists", "<x:b>") { _, a, _, _ throws(JSONataError) in .bool(arg(a, 0) != nil) })

        // arrays
        add(make("append", "<xx:a>") { _, a, _, _ throws(JSONataError) in append(arg(a, 0), arg(a, 1)) })
        add(make("reverse", "<a:a>") { _, a, _, _ throws(JSONataError) in
            guard case .array(let arr)? = arg(a, 0) else { return arg(a, 0) }
            if arr.items.count <= 1 { return .array(arr) }
            return .arr(arr.items.reversed())
        })
        add(make("shuffle", "<a:a>") { _, a, _, _ throws(JSONataError) in
            guard case .array(let arr)? = arg(a, 0) else { return arg(a, 0) }
            if arr.items.count <= 1 { return .array(arr) }
            return .arr(arr.items.shuffled())
        })
        add(make("distinct", "<x:x>") { _, a, _, _ throws(JSONataError) in
            guard case .array(let arr)? = arg(a, 0) else { return arg(a, 0) }
            if arr.items.count <= 1 { return .array(arr) }
            var out: [JV] = []
            for v in arr.items where !out.contains(where: { deepEqual($0, v) }) { out.append(v) }
            return .array(JArray(out, sequence: arr.isSequence))
        })
        add(make("sort", "<af?:a>") { ev, a, _, env throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            guard case .array(let arr) = v, arr.items.count > 1 else { return v }
            if let f = arg(a, 1) {
                let sorted = try mergeSort(arr.items) { x, y throws(JSONataError) in
                    boolean(try ev.apply(f, [x, y], nil, env)) ?? false
                }
                return .arr(sorted)
            }
            if arr.items.allSatisfy({ $0.isNumber }) {
                return .arr(try mergeSort(arr.items) { x, y throws(JSONataError) in x.numberValue! > y.numberValue! })
            }
            if arr.items.allSatisfy({ $0.isString }) {
                return .arr(try mergeSort(arr.items) { x, y throws(JSONataError) in compareStrings(x.stringValue!, y.stringValue!) > 0 })
            }
            throw JSONataError("D3070")
        })
        add(make("zip", "<a+>") { _, a, _, _ throws(JSONataError) in
            let arrays = a.map { $0?.arrayValue?.items ?? [] }
            let n = arrays.map(\.count).min() ?? 0
            return .arr((0..<n).map { i in .arr(arrays.map { $0[i] }) })
        })

        // objects
        add(make("keys", "<x-:a<s>>") { _, a, _, _ throws(JSONataError) in
            .seq(keys(arg(a, 0)).map { .string($0) })
        })
        add(make("lookup", "<x-s:x>") { _, a, _, _ throws(JSONataError) in
            guard let k = str(a, 1) else { return nil }
            return lookup(arg(a, 0), k)
        })
        add(make("spread", "<x-:a<o>>") { _, a, _, _ throws(JSONataError) in
            func spread(_ v: JV?) -> JV? {
                switch v {
                case .array(let arr)?:
                    var result: JV? = .seq([])
                    for item in arr.items { result = append(result, spread(item)) }
                    return result
                case .object(let o)?:
                    return .seq(o.entries.map { m in let n = JObject(); n[m.key] = m.value; return .object(n) })
                default: return v
                }
            }
            return spread(arg(a, 0))
        })
        add(make("merge", "<a<o>:o>") { _, a, _, _ throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            var r: JObject? = nil
            for item in items(v) {
                guard let o = item.objectValue else { continue }
                // the first object is copied whole (a lazy one stays lazy), the others' members set one by one
                if let r { for m in o.entries { r[m.key] = m.value } } else { r = o.copy() }
            }
            return .object(r ?? JObject())
        })
        add(make("each", "<o-f:a>") { ev, a, _, env throws(JSONataError) in
            guard case .object(let o)? = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            var out: [JV] = []
            for m in o.entries {
                if let r = try ev.apply(f, hofArgs(f, m.value, .string(m.key), .object(o)), nil, env) { out.append(r) }
            }
            return .seq(out)
        })
        add(make("sift", "<o-f?:o>") { ev, a, _, env throws(JSONataError) in
            guard case .object(let o)? = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let r = JObject()
            for m in o.entries {
                if boolean(try ev.apply(f, hofArgs(f, m.value, .string(m.key), .object(o)), nil, env)) == true { r[m.key] = m.value }
            }
            return r.isEmpty ? nil : .object(r)
        })
        add(make("error", "<s?:x>") { _, a, _, _ throws(JSONataError) in
            throw JSONataError("D3137", message: str(a, 0) ?? "$error() function evaluated")
        })
        add(make("assert", "<bs?:x>") { _, a, _, _ throws(JSONataError) in
            if case .bool(true)? = arg(a, 0) { return nil }
            throw JSONataError("D3141", message: str(a, 1) ?? "$assert() statement failed")
        })
        add(make("type", "<x:s>") { _, a, _, _ throws(JSONataError) in arg(a, 0).map { .string(typeName($0)) } })
        add(make("clone", "<(oa)-:o>") { _, a, _, _ throws(JSONataError) in arg(a, 0).flatMap { deepClone($0) } })

        // higher-order
        add(make("map", "<af>") { ev, a, _, env throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let xs = items(v)
            var out: [JV] = []
            out.reserveCapacity(xs.count)
            let arity = min(f?.functionValue?.arity ?? 1, 3)
            let direct = ev.directLambda(f, count: arity)
            for (i, x) in xs.enumerated() {
                let r: JV?
                if let direct {
                    r = try ev.invoke(direct, x, arity >= 2 ? .number(Double(i)) : nil, arity >= 3 ? v : nil, count: arity, env: env)
                } else {
                    r = try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), nil, env)
                }
                if let r { out.append(r) }
            }
            return .seq(out)
        })
        add(make("filter", "<af>") { ev, a, _, env throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            var out: [JV] = []
            let arity = min(f?.functionValue?.arity ?? 1, 3)
            let direct = ev.directLambda(f, count: arity)
            for (i, x) in items(v).enumerated() {
                let r: JV?
                if let direct {
                    r = try ev.invoke(direct, x, arity >= 2 ? .number(Double(i)) : nil, arity >= 3 ? v : nil, count: arity, env: env)
                } else {
                    r = try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), nil, env)
                }
                if boolean(r) == true { out.append(x) }
            }
            return .seq(out)
        })
        add(make("single", "<af?>") { ev, a, _, env throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            var found: JV? = nil
            var hasMatch = false
            for (i, x) in items(v).enumerated() {
                var ok = true
                if f != nil { ok = boolean(try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), nil, env)) ?? false }
                if ok {
                    if hasMatch { throw JSONataError("D3138", index: i) }
                    found = x
                    hasMatch = true
                }
            }
            if !hasMatch { throw JSONataError("D3139") }
            return found
        })
        add(make("reduce", "<afj?:j>") { ev, a, _, env throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let arity = f?.functionValue?.arity ?? 0
            if arity < 2 { throw JSONataError("D3050", index: 1) }
            let xs = items(v)
            var result: JV?
            var index: Int
            if arg(a, 2) == nil && !xs.isEmpty { result = xs[0]; index = 1 } else { result = arg(a, 2); index = 0 }
            let direct = arity <= 3 ? ev.directLambda(f, count: arity) : nil
            while index < xs.count {
                if let direct {
                    result = try ev.invoke(direct, result, xs[index], arity >= 3 ? .number(Double(index)) : nil, count: arity, env: env)
                    index += 1
                    continue
                }
                var args: [JV?] = [result, xs[index]]
                if arity >= 3 { args.append(.number(Double(index))) }
                if arity >= 4 { args.append(v) }
                result = try ev.apply(f, args, nil, env)
                index += 1
            }
            return result
        })

        // date/time
        add(make("now", "<s?s?:s>") { ev, a, _, _ throws(JSONataError) in
            return .string(try DateTimeFormatting.format(ev.timestampMillis, picture: str(a, 0), timezone: str(a, 1)))
        })
        add(make("millis", "<:n>") { ev, _, _, _ throws(JSONataError) in .number(ev.timestampMillis) })
        add(make("fromMillis", "<n-s?s?:s>") { _, a, _, _ throws(JSONataError) in
            guard let ms = num(a, 0) else { return nil }
            return .string(try DateTimeFormatting.format(ms, picture: str(a, 1), timezone: str(a, 2)))
        })
        add(make("toMillis", "<s-s?:n>") { ev, a, _, _ throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            if let p = str(a, 1) { return try DateTimeFormatting.parse(s, picture: p, now: ev.timestampMillis).map { .number($0) } }
            guard let ms = DateTimeFormatting.parseISO(s) else { throw JSONataError("D3110", value: .string(s)) }
            return .number(ms)
        })
        return t
    }()

    /// `$1`..`$n` and `$$` in a replacement string (jsonata-js `replace`).
    static func substituteGroups(_ replacement: String, _ m: Match) -> String {
        let r = Array(replacement)
        var out = ""
        var position = 0
        while position < r.count {
            guard let dollar = r[position...].firstIndex(of: "$") else { break }
            out += String(r[position..<dollar])
            position = dollar + 1
            guard position < r.count else { out += "$"; break }
            let c = r[position]
            if c == "$" { out += "$"; position += 1; continue }
            if c == "0" { out += m.match; position += 1; continue }
            let maxDigits = m.groups.isEmpty ? 1 : Int(floor(log10(Double(m.groups.count)))) + 1
            func parse(_ n: Int) -> Int? {
                var digits = ""
                var i = position
                while i < r.count, digits.count < n, r[i].isASCII, r[i].isNumber { digits.append(r[i]); i += 1 }
                return Int(digits)
            }
            var index = parse(maxDigits)
            if maxDigits > 1, let i = index, i > m.groups.count { index = parse(maxDigits - 1) }
            if let index {
                if !m.groups.isEmpty, index >= 1, index <= m.groups.count, case .string(let g) = m.groups[index - 1] { out += g }
                position += String(index).count
            } else {
                out += "$"
            }
        }
        if position < r.count { out += String(r[position...]) }
        return out
    }
}
