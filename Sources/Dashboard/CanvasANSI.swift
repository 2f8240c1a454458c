extension Canvas {
    /// The rows as text with ANSI SGR escapes for each style change (for `--color` output).
    public var ansiLines: [String] {
        (0..<height).map { row in
            var line = ""
            var current = CellStyle.plain
            var lastNonBlank = -1
            for column in 0..<width where self[column, row].character != " " { lastNonBlank = column }
            for column in 0..<(lastNonBlank + 1) {
                let cell = self[column, row]
                if cell.style != current {
                    line += Self.sgr(cell.style)
                    current = cell.style
                }
                line.append(cell.character)
            }
            if current != .plain { line += "\u{1B}[0m" }
            return line
        }
    }

    private static func sgr(_ style: CellStyle) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let fg = code(style.foreground) { codes.append(String(30 + fg)) }
        if let bg = code(style.background) { codes.append(String(40 + bg)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func code(_ color: CellColor) -> Int? {
        switch color {
        case .default: return nil
        case .gray: return 0
        default: return color.standardIndex
        }
    }
}
