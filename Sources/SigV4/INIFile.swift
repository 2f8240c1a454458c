/// The INI dialect of the AWS shared `credentials` and `config` files.
///
/// - `[section]` starts a section; its name is trimmed, and anything after the closing `]` is ignored.
/// - `key = value`: key and value trimmed; keys compared without case (stored lowercase).
/// - Lines whose first non-blank character is `#` or `;` are comments; in a value, `#` or `;` after
///   whitespace starts a comment too (secrets have no whitespace, so they cannot be cut).
/// - An indented line after a key with an empty value is a sub-property (`s3 =` then `  region = x`),
///   stored as `s3.region`; another indented line continues the value above it, after a newline.
/// - Properties before the first section, and lines that are none of these, are ignored.
/// - A section repeated later merges into the first; a repeated key keeps the last value.
public struct INIFile: Hashable, Sendable {
    /// The sections in the order first seen, each with its properties.
    public private(set) var sections: [Section] = []

    /// A section and its properties.
    public struct Section: Hashable, Sendable {
        /// The name between the brackets, trimmed: `default`, `profile dev` or, in credentials, `dev`.
        public var name: String
        /// The properties, keys lowercase.
        public var properties: [String: String]
    }

    /// Parses `text`; never fails (see the type's rules).
    public init(parsing text: String) {
        var current: Int?
        var lastKey: String?
        var parentKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let indented = rawLine.first == " " || rawLine.first == "\t"
            if !indented, line.hasPrefix("["), let close = line.lastIndex(of: "]") {
                let name = String(line[line.index(after: line.startIndex)..<close].trimmingWhitespace)
                if let existing = sections.firstIndex(where: { $0.name == name }) {
                    current = existing
                } else {
                    sections.append(Section(name: name, properties: [:]))
                    current = sections.count - 1
                }
                lastKey = nil
                parentKey = nil
                continue
            }
            guard let index = current else { continue }
            if indented, let lastKey {
                if let parentKey, let equals = line.firstIndex(of: "=") {
                    let key = parentKey + "." + line[..<equals].trimmingWhitespace.lowercased()
                    sections[index].properties[key] = Self.value(line[line.index(after: equals)...])
                } else if parentKey == nil {
                    let previous = sections[index].properties[lastKey] ?? ""
                    sections[index].properties[lastKey] = previous.isEmpty ? Self.value(line[...]) : previous + "\n" + Self.value(line[...])
                }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingWhitespace.lowercased()
            guard !key.isEmpty else { continue }
            let value = Self.value(line[line.index(after: equals)...])
            sections[index].properties[key] = value
            lastKey = key
            parentKey = value.isEmpty ? key : nil
        }
    }

    /// The properties of the section named `name`, nil when there is none.
    public subscript(section name: String) -> [String: String]? {
        sections.first { $0.name == name }?.properties
    }

    /// A value with a trailing comment (`#` or `;` after whitespace) removed, trimmed.
    private static func value(_ text: Substring) -> String {
        var previousWasSpace = true
        var end = text.endIndex
        for index in text.indices {
            let character = text[index]
            if (character == "#" || character == ";") && previousWasSpace && index != text.startIndex {
                end = index
                break
            }
            previousWasSpace = character == " " || character == "\t"
        }
        return String(text[..<end].trimmingWhitespace)
    }
}

extension StringProtocol {
    var trimmingWhitespace: SubSequence {
        var result = self[...]
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
