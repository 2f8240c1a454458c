extension JSONValue {
    /// Whether the compact JSON text of this value is longer than `limit` bytes, found without
    /// writing it (string escapes are not counted, so a value close to the limit may pass).
    /// An upper bound of the compact JSON text's length (numbers at 24 bytes, escapes not
    /// counted), or `cap + 1` once it passes `cap`: a walk that stops there.
    public func serializedSizeBound(cap: Int) -> Int {
        var budget = cap
        return Self.fits(self, budget: &budget, exactNumbers: false) ? cap - budget : cap + 1
    }

    public func serializedSize(exceeds limit: Int) -> Bool {
        // A walk that takes every number at its longest text (24 bytes) settles nearly every
        // case without writing any number; only a value near the limit is measured exactly.
        var bound = limit
        if Self.fits(self, budget: &bound, exactNumbers: false) { return false }
        var budget = limit
        return !Self.fits(self, budget: &budget, exactNumbers: true)
    }

    private static func fits(_ value: JSONValue, budget: inout Int, exactNumbers: Bool) -> Bool {
        switch value {
        case .null: budget -= 4
        case .bool(let b): budget -= b ? 4 : 5
        case .number(let n): budget -= exactNumbers ? format(number: n).utf8.count : 24
        case .string(let s): budget -= s.utf8.count + 2
        case .array(let elements):
            budget -= 1 + max(elements.count, 1)
            for element in elements where budget >= 0 { guard fits(element, budget: &budget, exactNumbers: exactNumbers) else { return false } }
        case .object(let members):
            budget -= 1 + max(members.count, 1)
            for (key, member) in members where budget >= 0 {
                budget -= key.utf8.count + 3
                guard fits(member, budget: &budget, exactNumbers: exactNumbers) else { return false }
            }
        }
        return budget >= 0
    }

    /// JSON text: compact by default, or indented by two spaces. Object keys are sorted.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.format(number: n)
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n"; out += String(repeating: "  ", count: indent + 1) }
                element.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n"; out += String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n"; out += String(repeating: "  ", count: indent + 1) }
                JSONValue.writeQuoted(key, to: &out)
                out += pretty ? ": " : ":"
                members[key]!.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n"; out += String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Integers print without a fraction (`3`, not `3.0`), as Jackson does for integral input.
    public static func format(number n: Double) -> String {
        if n.rounded() == n, abs(n) < 1e16 {
            return String(Int64(n))
        }
        return "\(n)"
    }

    /// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
    public static func writeQuoted(_ s: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: append them whole instead of scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
