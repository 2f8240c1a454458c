import Dashboard

// Pure: how `CellColor`s become curses colour numbers and colour pairs, kept apart from the
// ncurses calls so the fallbacks (8-colour terminals, no default colours, few pairs) are testable.

/// The terminal's background, which decides the colours that stay readable on it.
public enum TerminalTheme: String, Sendable, CaseIterable {
    /// Light text on a dark background (the default).
    case dark
    /// Dark text on a light background: yellow, cyan and white, faint on white, become darker colours.
    case light
}

/// Maps the dashboard palette onto what a terminal offers.
struct ColorPalette: Sendable {
    /// `COLORS` after `start_color`.
    var colorCount: Int
    /// Whether `use_default_colors` succeeded, so -1 means "the terminal's own colour".
    var hasDefaultColors: Bool
    var theme: TerminalTheme = .dark

    /// The curses colour number for `color` used as foreground or background.
    func cursesColor(_ color: CellColor, isForeground: Bool) -> Int16 {
        switch (theme, color) {
        // Dark goldenrod (#af8700) where there are 256 colours; the palette's own yellow otherwise.
        case (.light, .yellow) where isForeground: return colorCount >= 256 ? 136 : 3
        // Dark cyan (#00878f): the standard cyan is faint on white.
        case (.light, .cyan) where isForeground: return colorCount >= 256 ? 30 : 4
        case (.light, .white) where isForeground: return 0
        case (.light, .gray) where isForeground: return colorCount > 8 ? 8 : 0
        default: break
        }
        switch color {
        case .default:
            // Without default colours, fall back to the classic white on black (black on white when light).
            if hasDefaultColors { return -1 }
            return (isForeground == (theme == .dark)) ? 7 : 0
        case .red, .green, .yellow, .blue, .magenta, .cyan, .white: return Int16(color.standardIndex ?? 7)
        // Colour 8 is "bright black" on 16-colour terminals; with 8 colours white is the nearest
        // that stays readable on a dark background.
        case .gray: return colorCount > 8 ? 8 : 7
        }
    }
}

/// Hands out colour-pair numbers on first use. Pairs are allocated lazily rather than for all
/// 81 combinations up front because some terminals offer only 64 pairs and the dashboard uses few.
struct ColorPairTable: Sendable {
    /// `COLOR_PAIRS`: pair numbers run from 1 to `capacity - 1` (pair 0 is the terminal default).
    var capacity: Int
    private var numbers: [ColorKey: Int16] = [:]

    struct ColorKey: Hashable, Sendable {
        var foreground: CellColor
        var background: CellColor
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The pair for a foreground/background combination. `isNew` says the caller must still
    /// `init_pair` it. Default on default is always pair 0; when the pairs run out, pair 0 is
    /// returned too, since losing colour is better than failing to draw.
    mutating func pair(foreground: CellColor, background: CellColor) -> (number: Int16, isNew: Bool) {
        if foreground == .default && background == .default { return (0, false) }
        let key = ColorKey(foreground: foreground, background: background)
        if let number = numbers[key] { return (number, false) }
        let next = numbers.count + 1
        guard next < min(capacity, Int(Int16.max)) else { return (0, false) }
        numbers[key] = Int16(next)
        return (Int16(next), true)
    }
}
