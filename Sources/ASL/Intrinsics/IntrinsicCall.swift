/// A parsed intrinsic function call such as `States.Format('Hello, {}', $.name)`.
///
/// Arguments are string literals in single quotes (escapes `\'`, `\{`, `\}`, `\\`), numbers,
/// `true`, `false`, `null`, paths (`$.x` reads the input, `$$.y` the context object) and
/// nested calls.
public struct IntrinsicCall: Sendable, Hashable {
    /// The function called.
    public let function: IntrinsicFunction
    let arguments: [IntrinsicArgument]

    /// Parses a call. - Throws: `States.IntrinsicFailure` naming the text and position of a
    /// syntax error or an unknown function.
    public init(parsing text: String) throws(StatesError) {
        var parser = IntrinsicParser(text: text)
        self = try parser.parseWhole()
    }

    init(function: IntrinsicFunction, arguments: [IntrinsicArgument]) {
        self.function = function
        self.arguments = arguments
    }

    static let cache = ParseCache<IntrinsicCall>()

    /// The parsed call for `text`, parsing it only the first time this text is seen.
    public static func cached(_ text: String) throws(StatesError) -> IntrinsicCall {
        try cache.value(for: text) { (t: String) throws(StatesError) -> IntrinsicCall in try IntrinsicCall(parsing: t) }
    }

    /// True when `text` looks like an intrinsic call (`States.Name(`…) rather than a path.
    public static func isIntrinsic(_ text: String) -> Bool { text.hasPrefix("States.") }
}

/// The intrinsic functions of the Amazon States Language.
public enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"
}

/// One argument of an intrinsic call.
indirect enum IntrinsicArgument: Sendable, Hashable {
    /// A number, boolean or null literal.
    case literal(JSONValue)
    /// A quoted string: `value` with escapes resolved, `raw` as written between the quotes
    /// (States.Format needs it to tell `\{` from a placeholder).
    case string(value: String, raw: String)
    /// A path, `$…` or `$$…`.
    case path(String)
    case call(IntrinsicCall)
}

/// Parses the call syntax. Positions in errors are 1-based.
struct IntrinsicParser {
    let text: String
    let chars: [Unicode.Scalar]
    var pos = 0
    /// Nesting limit for calls within calls (AWS allows 10; we allow a little slack).
    let maxDepth = 16

    init(text: String) {
        self.text = text
        self.chars = Array(text.unicodeScalars)
    }

    func error(_ message: String) -> StatesError {
        .intrinsicFailure("Invalid intrinsic function call '\(text)': \(message) at position \(pos + 1)")
    }

    var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
    }

    func substring(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[range])
        return String(s)
    }

    mutating func parseWhole() throws(StatesError) -> IntrinsicCall {
        skipSpaces()
        let call = try parseCall(depth: 0)
        skipSpaces()
        guard pos == chars.count else { throw error("unexpected text after the call") }
        return call
    }

    static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "_"
    }

    mutating func parseCall(depth: Int) throws(StatesError) -> IntrinsicCall {
        guard depth < maxDepth else { throw error("intrinsic calls nested more than \(maxDepth) deep") }
        let start = pos
        while let c = current, IntrinsicParser.isIdentifier(c) { pos += 1 }
        let name = substring(start..<pos)
        guard !name.isEmpty else { throw error("expected a function name") }
        guard current == "(" else { throw error("expected '(' after \(name)") }
        guard let function = IntrinsicFunction(rawValue: name) else {
            pos = start
            throw error("unknown intrinsic function '\(name)'")
        }
        pos += 1
        var arguments: [IntrinsicArgument] = []
        skipSpaces()
        if current == ")" {
            pos += 1
            return IntrinsicCall(function: function, arguments: arguments)
        }
        while true {
            arguments.append(try parseArgument(depth: depth))
            skipSpaces()
            guard let c = current else { throw error("missing ')'") }
            pos += 1
            if c == ")" { return IntrinsicCall(function: function, arguments: arguments) }
            guard c == "," else {
                pos -= 1
                throw error("expected ',' or ')' but found '\(c)'")
            }
        }
    }

    mutating func parseArgument(depth: Int) throws(StatesError) -> IntrinsicArgument {
        skipSpaces()
        guard let c = current else { throw error("expected an argument") }
        switch c {
        case "'": return try parseString()
        case "$": return .path(scanPath())
        case "-", "0"..."9": return .literal(try parseNumber())
        default:
            let start = pos
            while let d = current, IntrinsicParser.isIdentifier(d) { pos += 1 }
            let word = substring(start..<pos)
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                pos = start
                guard !word.isEmpty else { throw error("unexpected character '\(c)'") }
                return .call(try parseCall(depth: depth + 1))
            }
        }
    }

    /// A string literal; the raw text is kept for States.Format.
    mutating func parseString() throws(StatesError) -> IntrinsicArgument {
        pos += 1
        let start = pos
        var value = String.UnicodeScalarView()
        while let c = current {
            if c == "'" {
                let raw = substring(start..<pos)
                pos += 1
                return .string(value: String(value), raw: raw)
            }
            if c == "\\" {
                pos += 1
                guard let next = current else { break }
                switch next {
                case "'", "{", "}", "\\": value.append(next)
                // Step Functions refuses any other escape (`\"` among them) when it validates.
                default: throw error("illegal escape \"\\\(next)\" in a string literal (only \\', \\{, \\} and \\\\ are allowed)")
                }
            } else {
                value.append(c)
            }
            pos += 1
        }
        throw error("unterminated string literal")
    }

    /// A path runs to the next ',' or ')' (or space) outside brackets and quotes.
    mutating func scanPath() -> String {
        let start = pos
        var brackets = 0
        var quote: Unicode.Scalar?
        while let c = current {
            if let q = quote {
                if c == "\\" { pos += 1 } else if c == q { quote = nil }
            } else if brackets > 0 && (c == "'" || c == "\"") {
                quote = c
            } else if c == "[" {
                brackets += 1
            } else if c == "]" {
                brackets -= 1
            } else if brackets == 0 && (c == "," || c == ")" || c == " " || c == "\t") {
                break
            }
            pos += 1
        }
        return substring(start..<min(pos, chars.count))
    }

    mutating func parseNumber() throws(StatesError) -> JSONValue {
        let start = pos
        pos += 1
        while let c = current, (c >= "0" && c <= "9") || c == "." || c == "e" || c == "E" || c == "+" || c == "-" { pos += 1 }
        let text = substring(start..<pos)
        guard let n = Double(text), n.isFinite else {
            pos = start
            throw error("invalid number '\(text)'")
        }
        return .number(n)
    }
}
