/// A failure to read JSON text, with the line and column where it happened (both from 1).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259). Duplicate object keys keep the last value, as Jackson does.
    public init(parsing text: String) throws(JSONParseError) {
        var parser = JSONTextParser(bytes: Array(text.utf8), builder: JSONValueBuilder())
        self = try parser.parseDocument()
    }

    /// Parses JSON from UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONTextParser(bytes: bytes, builder: JSONValueBuilder())
        self = try parser.parseDocument()
    }

    /// Parses JSON text into values of the caller's own type, made by `builder` as the text is read:
    /// for readers that need what `JSONValue` drops, such as the order of an object's members.
    public static func parse<Builder: JSONBuilder>(_ text: String, builder: Builder) throws(JSONParseError) -> Builder.Value {
        var parser = JSONTextParser(bytes: Array(text.utf8), builder: builder)
        return try parser.parseDocument()
    }
}

/// Makes the values of a JSON document as the parser reads them (see `JSONValue.parse(_:builder:)`).
/// Object members arrive in the order of the text; a duplicate key arrives again.
public protocol JSONBuilder {
    associatedtype Value
    associatedtype ObjectBuffer
    associatedtype ArrayBuffer
    func makeNull() -> Value
    func make(bool: Bool) -> Value
    func make(number: Double) -> Value
    func make(string: String) -> Value
    func makeObjectBuffer() -> ObjectBuffer
    func add(key: String, value: Value, to object: inout ObjectBuffer)
    func finish(object: ObjectBuffer) -> Value
    func makeArrayBuffer() -> ArrayBuffer
    func append(_ value: Value, to array: inout ArrayBuffer)
    func finish(array: ArrayBuffer) -> Value
}

/// The builder of `JSONValue` itself (duplicate keys keep the last value).
struct JSONValueBuilder: JSONBuilder {
    @inline(__always) func makeNull() -> JSONValue { .null }
    @inline(__always) func make(bool: Bool) -> JSONValue { .bool(bool) }
    @inline(__always) func make(number: Double) -> JSONValue { .number(number) }
    @inline(__always) func make(string: String) -> JSONValue { .string(string) }
    @inline(__always) func makeObjectBuffer() -> [String: JSONValue] { [:] }
    @inline(__always) func add(key: String, value: JSONValue, to object: inout [String: JSONValue]) { object[key] = value }
    @inline(__always) func finish(object: [String: JSONValue]) -> JSONValue { .object(object) }
    @inline(__always) func makeArrayBuffer() -> [JSONValue] { [] }
    @inline(__always) func append(_ value: JSONValue, to array: inout [JSONValue]) { array.append(value) }
    @inline(__always) func finish(array: [JSONValue]) -> JSONValue { .array(array) }
}

private struct JSONTextParser<Builder: JSONBuilder> {
    typealias Value = Builder.Value
    let bytes: [UInt8]
    let builder: Builder
    var index = 0
    /// Nesting limit, so that hostile input cannot exhaust the stack.
    let maxDepth = 512

    init(bytes: [UInt8], builder: Builder) { self.bytes = bytes; self.builder = builder }

    mutating func parseDocument() throws(JSONParseError) -> Value {
        skipWhitespace()
        if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; skipWhitespace() }
        guard index < bytes.count else { throw error("the text is empty, expected a JSON value") }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        var i = 0
        let end = min(index, bytes.count)
        while i < end {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return JSONParseError(message: message, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> Value {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard index < bytes.count else { throw error("unexpected end of text, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return builder.make(string: try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return builder.make(bool: true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return builder.make(bool: false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return builder.makeNull()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))', expected a value")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        let utf8 = Array(literal.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("invalid literal, expected \(literal)")
        }
        index += utf8.count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> Value {
        index += 1
        var members = builder.makeObjectBuffer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return builder.finish(object: members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in the object")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            builder.add(key: key, value: try parseValue(depth: depth + 1), to: &members)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of text inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return builder.finish(object: members) }
            throw error("expected ',' or '}' in the object")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> Value {
        index += 1
        var elements = builder.makeArrayBuffer()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return builder.finish(array: elements) }
        while true {
            skipWhitespace()
            builder.append(try parseValue(depth: depth + 1), to: &elements)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of text inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return builder.finish(array: elements) }
            throw error("expected ',' or ']' in the array")
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        var scalars: [UInt8] = []
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return s
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string (escape it)") }
            index += 1
        }
        scalars.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string (escape it)") }
            if byte != UInt8(ascii: "\\") { scalars.append(byte); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""): scalars.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scalars.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scalars.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw error("unpaired surrogate in \\u escape")
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                index -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
            }
        }
        throw error("unterminated string")
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> Value {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zeros are not allowed in a number") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected digits after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected digits in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw error("number out of range: \(text)") }
        return builder.make(number: number)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
