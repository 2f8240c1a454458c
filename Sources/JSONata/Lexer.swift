/// A token of a JSONata expression. `position` is the offset just past the token, as in jsonata-js.
struct Token {
    enum Kind { case op, name, variable, string, number, value, regex, end }
    var kind: Kind
    var text: String          // operator symbol, name, variable name (without `$`), string contents
    var number: Double = 0
    var literal: JV? = nil    // for `value` (true/false/null)
    var regex: JRegex? = nil
    var position: Int

    /// The symbol's id for the parser (jsonata-js `node.id`).
    var id: String {
        switch kind {
        case .op: return text
        case .name, .variable: return "(name)"
        case .string, .number, .value: return "(literal)"
        case .regex: return "(regex)"
        case .end: return "(end)"
        }
    }
}

/// The tokenizer: one token at a time; `infix` tells whether a `/` is division (after an operand)
/// or starts a regex literal.
struct Lexer {
    let chars: [Character]
    var position = 0

    init(_ text: String) { chars = Array(text) }

    static let singleOperators: Set<Character> = [".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^", "&", "!", "~"]

    func char(_ i: Int) -> Character? { i < chars.count ? chars[i] : nil }

    mutating func next(infix: Bool) throws(JSONataError) -> Token {
        // skip whitespace and comments
        while true {
            while let c = char(position), c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" { position += 1 }
            if char(position) == "/", char(position + 1) == "*" {
                let start = position
                position += 2
                while true {
                    guard let c = char(position) else { throw JSONataError("S0106", position: start) }
                    if c == "*", char(position + 1) == "/" { position += 2; break }
                    position += 1
                }
                continue
            }
            break
        }
        guard let c = char(position) else { return Token(kind: .end, text: "(end)", position: position) }
        if !infix && c == "/" {
            position += 1
            return try scanRegex()
        }
        let two: String? = char(position + 1).map { String(c) + String($0) }
        if let two, ["..", ":=", "!=", ">=", "<=", "**", "~>"].contains(two) {
            position += 2
            return Token(kind: .op, text: two, position: position)
        }
        if Lexer.singleOperators.contains(c) {
            position += 1
            return Token(kind: .op, text: String(c), position: position)
        }
        if c == "\"" || c == "'" {
            let quote = c
            position += 1
            var s = ""
            while let ch = char(position) {
                if ch == "\\" {
                    position += 1
                    guard let e = char(position) else { break }
                    switch e {
                    case "\"": s.append("\"")
                    case "\\": s.append("\\")
                    case "/": s.append("/")
                    case "b": s.append("\u{08}")
                    case "f": s.append("\u{0C}")
                    case "n": s.append("\n")
                    case "r": s.append("\r")
                    case "t": s.append("\t")
                    case "u":
                        let hex = String(chars[min(position + 1, chars.count)..<min(position + 5, chars.count)])
                        guard hex.count == 4, hex.allSatisfy({ $0.isHexDigit }), let code = UInt32(hex, radix: 16) else {
                            throw JSONataError("S0104", position: position)
                        }
                        position += 4
                        // surrogate pairs
                        if (0xD800...0xDBFF).contains(code), char(position + 1) == "\\", char(position + 2) == "u" {
                            let lowHex = String(chars[min(position + 3, chars.count)..<min(position + 7, chars.count)])
                            if let low = UInt32(lowHex, radix: 16), (0xDC00...0xDFFF).contains(low) {
                                position += 6
                                let scalar = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))!
                                s.unicodeScalars.append(scalar)
                                break
                            }
                        }
                        // a lone surrogate, which no Swift string holds, becomes U+FFFE (that $encodeUrl rejects as JavaScript does a lone surrogate)
                        if let scalar = Unicode.Scalar(code) { s.unicodeScalars.append(scalar) } else { s.append("\u{FFFE}") }
                    default:
                        throw JSONataError("S0103", position: position, token: String(e))
                    }
                } else if ch == quote {
                    position += 1
                    return Token(kind: .string, text: s, position: position)
                } else {
                    s.append(ch)
                }
                position += 1
            }
            throw JSONataError("S0101", position: position)
        }
        if c.isASCII && c.isNumber {
            let start = position
            var i = position
            if chars[i] == "0" { i += 1 } else { while let d = char(i), d.isASCII, d.isNumber { i += 1 } }
            if char(i) == ".", let d = char(i + 1), d.isASCII, d.isNumber {
                i += 1
                while let d = char(i), d.isASCII, d.isNumber { i += 1 }
            }
            if let e = char(i), e == "e" || e == "E" {
                var j = i + 1
                if let s = char(j), s == "+" || s == "-" { j += 1 }
                if let d = char(j), d.isASCII, d.isNumber {
                    while let d = char(j), d.isASCII, d.isNumber { j += 1 }
                    i = j
                }
            }
            let text = String(chars[start..<i])
            let n = Double(text) ?? .nan
            position = i
            guard n.isFinite else { throw JSONataError("S0102", position: start, token: text) }
            return Token(kind: .number, text: text, number: n, position: position)
        }
        if c == "`" {
            position += 1
            let start = position
            while let ch = char(position), ch != "`" { position += 1 }
            guard char(position) == "`" else { throw JSONataError("S0105", position: position) }
            let name = String(chars[start..<position])
            position += 1
            return Token(kind: .name, text: name, position: position)
        }
        // names and variables
        var i = position
        while let ch = char(i), !(ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\u{0B}" || Lexer.singleOperators.contains(ch)) { i += 1 }
        let word = String(chars[position..<i])
        position = i
        if word.hasPrefix("$") {
            return Token(kind: .variable, text: String(word.dropFirst()), position: position)
        }
        switch word {
        case "and", "or", "in": return Token(kind: .op, text: word, position: position)
        case "true": return Token(kind: .value, text: word, literal: .bool(true), position: position)
        case "false": return Token(kind: .value, text: word, literal: .bool(false), position: position)
        case "null": return Token(kind: .value, text: word, literal: .null, position: position)
        default: return Token(kind: .name, text: word, position: position)
        }
    }

    mutating func scanRegex() throws(JSONataError) -> Token {
        let start = position
        var depth = 0
        func isClosingSlash(_ p: Int) -> Bool {
            if chars[p] == "/" && depth == 0 {
                var backslashes = 0
                while p - (backslashes + 1) >= 0, chars[p - (backslashes + 1)] == "\\" { backslashes += 1 }
                return backslashes % 2 == 0
            }
            return false
        }
        while position < chars.count {
            let c = chars[position]
            if isClosingSlash(position) {
                let pattern = String(chars[start..<position])
                if pattern.isEmpty { throw JSONataError("S0301", position: position) }
                position += 1
                var flags = ""
                while let f = char(position), f == "i" || f == "m" { flags.append(f); position += 1 }
                let regex: JRegex
                do {
                    regex = try JRegex(pattern: pattern, flags: flags)
                } catch {
                    throw JSONataError("S0303", position: position, message: "Invalid regular expression: /\(pattern)/: \(error.message)")
                }
                return Token(kind: .regex, text: pattern, regex: regex, position: position)
            }
            let prev: Character? = position > 0 ? chars[position - 1] : nil
            if (c == "(" || c == "[" || c == "{") && prev != "\\" { depth += 1 }
            if (c == ")" || c == "]" || c == "}") && prev != "\\" { depth -= 1 }
            position += 1
        }
        throw JSONataError("S0302", position: position)
    }
}
