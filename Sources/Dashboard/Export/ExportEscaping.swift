/// How each export format quotes a name or label, so that whatever a state is called (quotes,
/// angle brackets, ampersands, backslashes, control characters) the file stays well formed and
/// shows the name as written.
enum ExportEscaping {
    /// Text for XML character data and attribute values: the five predefined entities, and
    /// characters XML 1.0 cannot hold at all (control characters other than tab, line feed and
    /// carriage return, U+FFFE, U+FFFF) replaced by U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A Graphviz double-quoted string, quotes included. Backslashes are doubled (dot reads
    /// `\n`, `\l`, `\N`... as escapes in labels), quotes escaped, line breaks written as `\n`,
    /// other control characters dropped; `&` is written `&amp;` because dot reads HTML entities
    /// in plain labels (so that a name containing `&lt;` is not shown as `<`).
    static func dot(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "&": out += "&amp;"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A Mermaid quoted label, quotes included. Mermaid has no backslash escapes: characters it
    /// would read as syntax or markup are written as its `#code;` entities (`"` `#` `&` `<` `>`
    /// `|` and the backtick that starts a Markdown string), line breaks and control characters
    /// as a space.
    static func mermaid(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "&": out += "#amp;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " "; continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
