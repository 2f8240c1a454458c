/// Parses JSONPath text into steps. Positions in error messages are 1-based and count
/// Unicode scalars.
struct JSONPathParser {
    let text: String
    let chars: [Unicode.Scalar]
    let root: Unicode.Scalar
    var pos = 0
    /// How many filters we are inside; names then also end at operators and spaces.
    var filterDepth = 0

    init(text: String, root: Unicode.Scalar) {
        self.text = text
        self.chars = Array(text.unicodeScalars)
        self.root = root
    }

    func error(_ message: String) -> StatesError {
        .runtime("Invalid JSONPath '\(text)': \(message) at position \(pos + 1)")
    }

    var atEnd: Bool { pos >= chars.count }
    var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }
    func peek(_ offset: Int) -> Unicode.Scalar? { pos + offset < chars.count ? chars[pos + offset] : nil }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
    }

    /// A whole path: the root character, then steps to the end of the text.
    mutating func parsePath() throws(StatesError) -> [JSONPathStep] {
        guard current == root else { throw error("a path must start with '\(root)'") }
        pos += 1
        let steps = try parseSteps()
        if !atEnd { throw error("unexpected character '\(chars[pos])'") }
        return steps
    }

    mutating func parseSteps() throws(StatesError) -> [JSONPathStep] {
        var steps: [JSONPathStep] = []
        while let c = current {
            if c == "." {
                if peek(1) == "." {
                    pos += 2
                    if current == "[" {
                        steps.append(JSONPathStep(selector: try parseBracket(), descendant: true))
                    } else if current == "*" {
                        pos += 1
                        steps.append(JSONPathStep(selector: .wildcard, descendant: true))
                    } else {
                        steps.append(JSONPathStep(selector: .name(try parseName()), descendant: true))
                    }
                } else {
                    pos += 1
                    if current == "*" {
                        pos += 1
                        steps.append(JSONPathStep(selector: .wildcard, descendant: false))
                    } else {
                        steps.append(JSONPathStep(selector: .name(try parseName()), descendant: false))
                    }
                }
            } else if c == "[" {
                steps.append(JSONPathStep(selector: try parseBracket(), descendant: false))
            } else if filterDepth > 0 {
                break
            } else {
                throw error("expected '.' or '[' but found '\(c)'")
            }
        }
        return steps
    }

    func endsName(_ c: Unicode.Scalar) -> Bool {
        if c == "." || c == "[" { return true }
        guard filterDepth > 0 else { return false }
        switch c {
        case " ", "\t", "\n", "\r", ")", "]", "=", "!", "<", ">", "&", "|", ",": return true
        default: return false
        }
    }

    mutating func parseName() throws(StatesError) -> String {
        let start = pos
        while let c = current, !endsName(c) { pos += 1 }
        guard pos > start else { throw error("expected a property name") }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: chars[start..<pos])
        return String(name)
    }

    mutating func parseBracket() throws(StatesError) -> JSONPathSelector {
        pos += 1  // '['
        skipSpaces()
        guard let c = current else { throw error("unterminated '['") }
        let selector: JSONPathSelector
        if c == "*" {
            pos += 1
            selector = .wildcard
        } else if c == "?" {
            pos += 1
            filterDepth += 1
            let filter = try parseOr()
            filterDepth -= 1
            selector = .filter(filter)
        } else if c == "'" || c == "\"" {
            var names = [try parseQuoted()]
            skipSpaces()
            while current == "," {
                pos += 1
                skipSpaces()
                guard current == "'" || current == "\"" else { throw error("expected a quoted name") }
                names.append(try parseQuoted())
                skipSpaces()
            }
            selector = names.count == 1 ? .name(names[0]) : .names(names)
        } else if c == "-" || c == ":" || isDigit(c) {
            selector = try parseIndexes()
        } else {
            throw error("unexpected character '\(c)' after '['")
        }
        skipSpaces()
        guard current == "]" else { throw error("expected ']'") }
        pos += 1
        return selector
    }

    mutating func parseIndexes() throws(StatesError) -> JSONPathSelector {
        let first = try parseOptionalInt()
        skipSpaces()
        if current == ":" {
            pos += 1
            skipSpaces()
            let end = try parseOptionalInt()
            skipSpaces()
            var step = 1
            if current == ":" {
                pos += 1
                skipSpaces()
                step = try parseOptionalInt() ?? 1
                if step == 0 { throw error("a slice step cannot be 0") }
            }
            return .slice(start: first, end: end, step: step)
        }
        guard let first else { throw error("expected an index") }
        var indices = [first]
        while current == "," {
            pos += 1
            skipSpaces()
            guard let next = try parseOptionalInt() else { throw error("expected an index") }
            indices.append(next)
            skipSpaces()
        }
        return indices.count == 1 ? .index(first) : .indices(indices)
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    mutating func parseOptionalInt() throws(StatesError) -> Int? {
        let start = pos
        if current == "-" { pos += 1 }
        let digitsStart = pos
        while let c = current, isDigit(c) { pos += 1 }
        if pos == digitsStart {
            if pos > start { throw error("expected digits after '-'") }
            return nil
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[start..<pos])
        guard let value = Int(String(s)) else { throw error("index out of range") }
        return value
    }

    /// A string in single or double quotes; `\` escapes only the quote and itself, any other
    /// backslash is the character itself (AWS reads `$['a\"b']` as the key `a\"b`, recorded).
    mutating func parseQuoted() throws(StatesError) -> String {
        let start = pos
        let quote = chars[pos]
        pos += 1
        var out = String.UnicodeScalarView()
        while let c = current {
            pos += 1
            if c == quote { return String(out) }
            if c == "\\", let next = current, next == quote || next == "\\" {
                pos += 1
                out.append(next)
            } else {
                out.append(c)
            }
        }
        pos = start
        throw error("unterminated string")
    }

    // MARK: Filters

    mutating func parseOr() throws(StatesError) -> JSONPathFilter {
        var lhs = try parseAnd()
        while true {
            skipSpaces()
            guard current == "|", peek(1) == "|" else { return lhs }
            pos += 2
            lhs = .or(lhs, try parseAnd())
        }
    }

    mutating func parseAnd() throws(StatesError) -> JSONPathFilter {
        var lhs = try parseUnary()
        while true {
            skipSpaces()
            guard current == "&", peek(1) == "&" else { return lhs }
            pos += 2
            lhs = .and(lhs, try parseUnary())
        }
    }

    mutating func parseUnary() throws(StatesError) -> JSONPathFilter {
        skipSpaces()
        if current == "!", peek(1) != "=" {
            pos += 1
            return .not(try parseUnary())
        }
        if current == "(" {
            pos += 1
            let inner = try parseOr()
            skipSpaces()
            guard current == ")" else { throw error("expected ')'") }
            pos += 1
            return inner
        }
        let lhs = try parseOperand()
        skipSpaces()
        guard let op = parseComparison() else { return .exists(lhs) }
        let rhs = try parseOperand()
        return .compare(lhs, op, rhs)
    }

    mutating func parseComparison() -> JSONPathComparison? {
        guard let c = current else { return nil }
        let two = peek(1) == "="
        switch c {
        case "=" where two: pos += 2; return .equal
        case "!" where two: pos += 2; return .notEqual
        case "<": pos += two ? 2 : 1; return two ? .lessOrEqual : .less
        case ">": pos += two ? 2 : 1; return two ? .greaterOrEqual : .greater
        default: return nil
        }
    }

    mutating func parseOperand() throws(StatesError) -> JSONPathOperand {
        skipSpaces()
        guard let c = current else { throw error("expected a value in the filter") }
        if c == "@" || c == "$" {
            let start = pos
            pos += 1
            let steps = try parseSteps()
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[start..<pos])
            let path = JSONPath(text: String(s), steps: steps)
            return c == "@" ? .relative(path) : .absolute(path)
        }
        if c == "'" || c == "\"" { return .literal(.string(try parseQuoted())) }
        if c == "-" || isDigit(c) {
            let start = pos
            pos += 1
            while let d = current, isDigit(d) || d == "." || d == "e" || d == "E" || d == "+" || d == "-" { pos += 1 }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[start..<pos])
            guard let n = Double(String(s)) else { throw error("invalid number '\(String(s))'") }
            return .literal(.number(n))
        }
        for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let w = Array(word.unicodeScalars)
            if pos + w.count <= chars.count, Array(chars[pos..<pos + w.count]) == w {
                pos += w.count
                return .literal(value)
            }
        }
        throw error("unexpected character '\(c)' in the filter")
    }
}
