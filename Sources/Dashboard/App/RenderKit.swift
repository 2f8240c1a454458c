import ASL
import Foundation

/// Drawing helpers shared by the dashboard's views.
extension String {
    /// Cut to `width` characters (the last one `…` when cut), then padded with spaces.
    func fitted(_ width: Int) -> String {
        guard width > 0 else { return "" }
        if count > width { return String(prefix(max(0, width - 1))) + "…" }
        return self + String(repeating: " ", count: width - count)
    }

    /// Exactly `width` characters: padded, or cut in the middle with `…` when longer, so that
    /// both ends show (`order-2026…-0042`: names that differ at the end stay apart).
    func middleFitted(_ width: Int) -> String {
        guard width > 0 else { return "" }
        guard count > width else { return self + String(repeating: " ", count: width - count) }
        let tail = (width - 1) / 2
        return String(prefix(width - 1 - tail)) + "…" + String(suffix(tail))
    }

    /// Cut to at most `width` characters, with `…` when cut; never padded.
    func clipped(_ width: Int) -> String {
        guard width > 0 else { return "" }
        return count > width ? String(prefix(max(0, width - 1))) + "…" : self
    }
}

/// Splits text into lines of at most `width` characters, breaking at spaces where possible. A
/// paragraph's indentation (pretty-printed JSON's) is kept on each of its lines, up to half the width.
func wrapped(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let indent = String(repeating: " ", count: min(paragraph.prefix { $0 == " " }.count, width / 2))
        let body = paragraph.drop { $0 == " " }
        lines += wrapped(paragraph: body, width: width - indent.count).map { indent + $0 }
    }
    return lines
}

/// One paragraph without its indentation, broken at spaces into lines of at most `width`.
private func wrapped(paragraph: Substring, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
        var word = String(word)
        while word.count > width {
            if !line.isEmpty { lines.append(line); line = "" }
            lines.append(String(word.prefix(width)))
            word = String(word.dropFirst(width))
        }
        if line.isEmpty { line = word } else if line.count + 1 + word.count <= width { line += " " + word } else {
            lines.append(line)
            line = word
        }
    }
    lines.append(line)
    return lines
}

extension Canvas {
    /// A bordered box with a title in its top edge; bold cyan when it has the focus.
    mutating func box(_ rect: Rect, title: String, focused: Bool = false) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let style = focused ? CellStyle(foreground: .cyan, bold: true) : CellStyle(foreground: .gray)
        let inner = rect.width - 2
        write("┌" + String(repeating: "─", count: inner) + "┐", x: rect.x, y: rect.y, style: style)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            self[rect.x, row] = Cell("│", style: style)
            self[rect.maxX - 1, row] = Cell("│", style: style)
        }
        write("└" + String(repeating: "─", count: inner) + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        if inner > 4 {
            write(" " + title.clipped(inner - 3) + " ", x: rect.x + 2, y: rect.y, style: CellStyle(bold: true, reverse: focused))
        }
    }

    /// Clears a rect and draws a box: a dialog above whatever lies under it.
    mutating func dialog(_ rect: Rect, title: String) {
        fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, with: .blank)
        box(rect, title: title, focused: true)
    }

    /// Writes text padded or cut to exactly `width` cells.
    mutating func writeFitted(_ text: String, x: Int, y: Int, width: Int, style: CellStyle = .plain) {
        write(text.fitted(width), x: x, y: y, style: style)
    }
}

/// `7.1s`, `1m05s`: an elapsed time in at most 6 cells.
func formatElapsed(_ seconds: Double) -> String {
    if seconds < 100 { return String(format: "%.1fs", seconds) }
    let whole = Int(seconds)
    if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
    return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
}

/// JSON pretty-printed for a narrow pane: a value whose one-line form fits in the width left
/// stays on one line, larger objects and arrays open one member per line (keys sorted).
func compactPrettyJSON(_ value: JSONValue, width: Int, indent: Int = 0, prefix: String = "", suffix: String = "") -> [String] {
    let pad = String(repeating: " ", count: indent)
    let flat = value.serialized()
    if indent + prefix.count + flat.count + suffix.count <= width { return [pad + prefix + flat + suffix] }
    switch value {
    case .object(let members) where !members.isEmpty:
        let keys = members.keys.sorted()
        var lines = [pad + prefix + "{"]
        for (index, key) in keys.enumerated() {
            let name = JSONValue.string(key).serialized() + ": "
            lines += compactPrettyJSON(members[key]!, width: width, indent: indent + 2, prefix: name, suffix: index < keys.count - 1 ? "," : "")
        }
        return lines + [pad + "}" + suffix]
    case .array(let items) where !items.isEmpty:
        var lines = [pad + prefix + "["]
        for (index, item) in items.enumerated() {
            lines += compactPrettyJSON(item, width: width, indent: indent + 2, suffix: index < items.count - 1 ? "," : "")
        }
        return lines + [pad + "]" + suffix]
    default:
        // A long string or number: wrapped by the caller.
        return [pad + prefix + flat + suffix]
    }
}
