/// Accumulates the line pieces of all routes per cell, so that crossings and shared cells get
/// the right box-drawing character (┼, ├, ┬ ...). Taken edges draw heavy, Catch edges dashed.
struct LineCells {
    struct Direction: OptionSet, Hashable {
        let rawValue: UInt8
        static let up = Direction(rawValue: 1), down = Direction(rawValue: 2)
        static let left = Direction(rawValue: 4), right = Direction(rawValue: 8)
    }

    private struct Piece {
        var directions: Direction = []
        var heavy = false
        var solid = false
        var style = CellStyle.plain
    }

    private var pieces: [GridPoint: Piece] = [:]

    mutating func add(_ cells: [GridPoint], heavy: Bool, dashed: Bool, style: CellStyle) {
        for (i, cell) in cells.enumerated() {
            var piece = pieces[cell] ?? Piece()
            if i > 0 { piece.directions.insert(Self.direction(from: cell, to: cells[i - 1])) }
            if i + 1 < cells.count { piece.directions.insert(Self.direction(from: cell, to: cells[i + 1])) }
            piece.heavy = piece.heavy || heavy
            piece.solid = piece.solid || !dashed
            if heavy || piece.style == .plain { piece.style = style }
            pieces[cell] = piece
        }
    }

    mutating func connect(_ cell: GridPoint, _ direction: Direction) {
        pieces[cell, default: Piece()].directions.insert(direction)
    }

    func draw(into canvas: inout Canvas) {
        for (cell, piece) in pieces {
            canvas[cell.x, cell.y] = Cell(Self.character(piece.directions, heavy: piece.heavy, dashed: !piece.solid), style: piece.style)
        }
    }

    private static func direction(from a: GridPoint, to b: GridPoint) -> Direction {
        if b.x > a.x { return .right }
        if b.x < a.x { return .left }
        return b.y > a.y ? .down : .up
    }

    static func character(_ d: Direction, heavy: Bool, dashed: Bool) -> Character {
        let vertical = d.isSubset(of: [.up, .down]), horizontal = d.isSubset(of: [.left, .right])
        if vertical && !d.isEmpty { return dashed ? (heavy ? "╏" : "╎") : (heavy ? "┃" : "│") }
        if horizontal && !d.isEmpty { return dashed ? (heavy ? "╍" : "╌") : (heavy ? "━" : "─") }
        let light: [UInt8: Character] = [10: "┌", 6: "┐", 9: "└", 5: "┘", 11: "├", 7: "┤", 14: "┬", 13: "┴", 15: "┼"]
        let bold: [UInt8: Character] = [10: "┏", 6: "┓", 9: "┗", 5: "┛", 11: "┣", 7: "┫", 14: "┳", 13: "┻", 15: "╋"]
        return (heavy ? bold : light)[d.rawValue] ?? "·"
    }
}
