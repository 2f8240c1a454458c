/// A function signature such as `<s-n?:s>`: validates the arguments of a call, substitutes the
/// context for a missing `-` argument and wraps a single value into an array for an `a` parameter.
final class Signature: @unchecked Sendable {
    struct Param {
        var regex: String
        var type: String
        var array = false
        var context = false
        var contextRegex: JRegex?
        var subtype: String?
    }

    let params: [Param]
    let regex: JRegex
    let text: String
    /// Per parameter: the symbols it accepts and its quantifier (`?` optional, `+` one or more),
    /// for matching without a regex.
    let allowed: [Set<Character>]
    let quantifiers: [Character?]
    /// The fast path's view of each parameter: the symbols it accepts as bits (``JV/symbolBit``),
    /// whether it takes exactly one argument (no quantifier or `?`), and its array subtype's bit.
    let allowedBits: [UInt32]
    let single: [Bool]
    let subtypeBits: [UInt32?]

    init(params: [Param], text: String) {
        self.params = params
        self.text = text
        let pattern = "^" + params.map { "(" + $0.regex + ")" }.joined() + "$"
        regex = try! JRegex(pattern: pattern, flags: "")
        var allowed: [Set<Character>] = []
        var quantifiers: [Character?] = []
        for p in params {
            var r = p.regex
            var q: Character? = nil
            if let last = r.last, last == "?" || last == "+" { q = last; r.removeLast() }
            if let last = r.last, last == "?" || last == "+" { q = q == "+" || last == "+" ? (last == "?" ? "*" : "+") : "?"; r.removeLast() }
            allowed.append(Set(r.filter { $0 != "[" && $0 != "]" }))
            quantifiers.append(q)
        }
        self.allowed = allowed
        self.quantifiers = quantifiers
        allowedBits = allowed.map { set in set.reduce(0) { $0 | Signature.bit($1) } }
        single = quantifiers.map { $0 == nil || $0 == "?" }
        subtypeBits = params.map { p in p.subtype.map { sub in sub.first.map { Signature.bit($0) } ?? 0 } }
    }

    /// Whether the parameters from `index` on are all optional (`?`) and none takes the context (`-`).
    func trailingOptional(from index: Int) -> Bool {
        for i in index..<params.count where quantifiers[i] != "?" || params[i].context { return false }
        return true
    }

    static func bit(_ c: Character) -> UInt32 {
        guard let a = c.asciiValue, a >= 97, a <= 122 else { return 0 }
        return 1 << UInt32(a - 97)
    }

    /// How many arguments each parameter takes (the regex's greedy, backtracking match), or nil.
    func match(_ symbols: [Character]) -> [Int]? {
        var counts = [Int](repeating: 0, count: params.count)
        func go(_ p: Int, _ i: Int) -> Bool {
            if p == params.count { return i == symbols.count }
            let set = allowed[p]
            switch quantifiers[p] {
            case nil:
                guard i < symbols.count, set.contains(symbols[i]) else { return false }
                counts[p] = 1
                return go(p + 1, i + 1)
            case "?":
                if i < symbols.count, set.contains(symbols[i]) {
                    counts[p] = 1
                    if go(p + 1, i + 1) { return true }
                }
                counts[p] = 0
                return go(p + 1, i)
            default: // "+" or "*": greedy
                var n = 0
                while i + n < symbols.count, set.contains(symbols[i + n]) { n += 1 }
                let least = quantifiers[p] == "+" ? 1 : 0
                while n >= least {
                    counts[p] = n
                    if go(p + 1, i + n) { return true }
                    n -= 1
                }
                return false
            }
        }
        return go(0, 0) ? counts : nil
    }

    static let transform = try! Signature.parse("<(oa):o>")

    static func parse(_ signature: String) throws(JSONataError) -> Signature {
        let chars = Array(signature)
        var position = 1
        var params: [Param] = []
        var param = Param(regex: "", type: "")
        func findClosing(_ start: Int, _ open: Character, _ close: Character) -> Int {
            var depth = 1
            var p = start
            while p < chars.count {
                p += 1
                if p >= chars.count { break }
                if chars[p] == close { depth -= 1; if depth == 0 { break } } else if chars[p] == open { depth += 1 }
            }
            return p
        }
        loop: while position < chars.count {
            let symbol = chars[position]
            if symbol == ":" { break }
            switch symbol {
            case "s", "n", "b", "l", "o":
                param.regex = "[\(symbol)m]"
                param.type = String(symbol)
                params.append(param); param = Param(regex: "", type: "")
            case "a":
                param.regex = "[asnblfom]"
                param.type = "a"
                param.array = true
                params.append(param); param = Param(regex: "", type: "")
            case "f":
                param.regex = "f"
                param.type = "f"
                params.append(param); param = Param(regex: "", type: "")
            case "j":
                param.regex = "[asnblom]"
                param.type = "j"
                params.append(param); param = Param(regex: "", type: "")
            case "x":
                param.regex = "[asnblfom]"
                param.type = "x"
                params.append(param); param = Param(regex: "", type: "")
            case "-":
                guard !params.isEmpty else { break }
                params[params.count - 1].context = true
                params[params.count - 1].contextRegex = try? JRegex(pattern: params[params.count - 1].regex, flags: "")
                params[params.count - 1].regex += "?"
            case "?", "+":
                guard !params.isEmpty else { break }
                params[params.count - 1].regex += String(symbol)
            case "(":
                let end = findClosing(position, "(", ")")
                let choice = String(chars[(position + 1)..<min(end, chars.count)])
                if choice.contains("<") {
                    throw JSONataError("S0402", position: position, value: .string(choice))
                }
                param.regex = "[\(choice)m]"
                param.type = "(\(choice))"
                position = end
                params.append(param); param = Param(regex: "", type: "")
            case "<":
                guard let last = params.last, last.type == "a" || last.type == "f" else {
                    throw JSONataError("S0401", position: position, value: .string(params.last?.type ?? ""))
                }
                let end = findClosing(position, "<", ">")
                params[params.count - 1].subtype = String(chars[(position + 1)..<min(end, chars.count)])
                position = end
            case ">":
                break
            default:
                break
            }
            position += 1
        }
        return Signature(params: params, text: signature)
    }

    static let arrayTypes: [String: String] = ["a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings"]

    /// The arguments after validation, or a T0410/T0411/T0412 error.
    func validate(_ args: [JV?], context: JV?) throws(JSONataError) -> [JV?] {
        // Fast path: one argument per parameter, each of an accepted type, nothing to convert.
        if args.count <= params.count && (args.count == params.count || trailingOptional(from: args.count)) {
            var simple = true
            var wrapped: [JV?]? = nil
            if args.count < params.count {
                // the missing trailing optional parameters: undefined
                wrapped = args
                wrapped!.append(contentsOf: repeatElement(nil, count: params.count - args.count))
            }
            for i in 0..<args.count {
                guard single[i], let a = args[i] else { simple = false; break }
                let sym = a.symbolBit
                if allowedBits[i] & sym == 0 { simple = false; break }
                if params[i].array {
                    if sym == JV.arrayBit {
                        if let t = subtypeBits[i] {
                            guard case .array(let arr) = a, arr.items.allSatisfy({ $0.symbolBit == t }) else { simple = false; break }
                        }
                    } else {
                        // a single value where an array is expected: wrapped, when of the subtype
                        if let t = subtypeBits[i], t != sym || params[i].subtype!.count != 1 { simple = false; break }
                        if wrapped == nil { wrapped = args }
                        wrapped![i] = .array(JArray([a]))
                    }
                }
            }
            if simple { return wrapped ?? args }
        }
        var symbols: [Character] = []
        symbols.reserveCapacity(args.count)
        for a in args { symbols.append(a?.symbol ?? "m") }
        guard let counts = match(symbols) else {
            throw validationError(args, String(symbols))
        }
        var validated: [JV?] = []
        validated.reserveCapacity(params.count)
        var argIndex = 0
        var offset = 0
        for (index, param) in params.enumerated() {
            let m = symbols[offset..<(offset + counts[index])]
            offset += counts[index]
            if m.isEmpty {
                if param.context, param.contextRegex != nil {
                    let ctype = context?.symbol ?? "m"
                    if allowed[index].contains(ctype) {
                        validated.append(context)
                    } else {
                        throw JSONataError("T0411", value: context, index: argIndex + 1)
                    }
                } else {
                    validated.append(argIndex < args.count ? args[argIndex] : nil)
                    argIndex += 1
                }
            } else {
                for single in m {
                    var arg = argIndex < args.count ? args[argIndex] : nil
                    if param.type == "a" {
                        if single == "m" {
                            arg = nil
                        } else {
                            var ok = true
                            if let subtype = param.subtype {
                                if single != "a" && String(m) != subtype {
                                    ok = false
                                } else if single == "a", case .array(let arr)? = arg, let first = arr.items.first {
                                    let itemType = first.symbol
                                    if String(itemType) != String(subtype.prefix(1)) {
                                        ok = false
                                    } else {
                                        ok = arr.items.allSatisfy { $0.symbol == itemType }
                                    }
                                }
                            }
                            if !ok {
                                throw JSONataError("T0412", value: arg, index: argIndex + 1, type: Signature.arrayTypes[param.subtype ?? ""] ?? "")
                            }
                            if single != "a", let a = arg { arg = .array(JArray([a])) }
                        }
                    }
                    validated.append(arg)
                    argIndex += 1
                }
            }
        }
        return validated
    }

    func validationError(_ args: [JV?], _ supplied: String) -> JSONataError {
        var partial = "^"
        var goodTo = 0
        for p in params {
            partial += p.regex
            let re = try! JRegex(pattern: partial, flags: "")
            guard let m = try? re.captureOffsets(in: supplied) else {
                return JSONataError("T0410", value: goodTo < args.count ? args[goodTo] : nil, index: goodTo + 1)
            }
            goodTo = m[1] - m[0]
        }
        return JSONataError("T0410", value: goodTo < args.count ? args[goodTo] : nil, index: goodTo + 1)
    }
}
