/// A colour of the dashboard's palette. The terminal adapter maps each to a colour pair; a
/// monochrome terminal ignores them, so meaning is never carried by colour alone.
public enum CellColor: UInt8, Sendable, Hashable, CaseIterable {
    case `default`, red, green, yellow, blue, magenta, cyan, white, gray

    /// The index among the eight standard terminal colours (ANSI 30-37, curses COLOR_*); nil for
    /// `default` and `gray`, which each renderer maps as its terminal allows.
    public var standardIndex: Int? {
        switch self {
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .default, .gray: return nil
        }
    }
}

/// How one cell is drawn.
public struct CellStyle: Sendable, Hashable {
    public var foreground: CellColor
    public var background: CellColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: CellColor = .default, background: CellColor = .default, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = CellStyle()
}

/// One terminal cell: a single-width character and its style.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    public static let blank = Cell()
}

/// A grid of cells: what `render` produces and the terminal adapter copies to the screen.
/// Drawing outside the grid is clipped, never a crash.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y) to the right, clipped at the canvas edge (or at `maxWidth` cells).
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil) {
        var column = x
        let limit = maxWidth.map { x + $0 } ?? width
        for character in text {
            if column >= limit { break }
            self[column, y] = Cell(character, style: style)
            column += 1
        }
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell) {
        guard w > 0, h > 0 else { return }
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { cells[row * width + column] = cell }
        }
    }

    /// Copies another canvas in at (x, y), clipped.
    public mutating func blit(_ other: Canvas, x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width { self[x + column, y + row] = other[column, row] }
        }
    }

    /// The text of each row, trailing spaces removed: what golden files store.
    public var lines: [String] {
        (0..<height).map { row in
            var line = String(cells[(row * width)..<(row * width + width)].map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// All rows joined by newlines.
    public var text: String { lines.joined(separator: "\n") }
}
