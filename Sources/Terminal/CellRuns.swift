import Dashboard

// Pure: decides which cells must be written to the screen, so it can be unit tested without a
// terminal. ncurses diffs its own buffers too, but diffing canvases first means an unchanged
// frame makes no curses calls and no output at all.

/// Consecutive changed cells on one row that share a style: one cursor move and one set of
/// attributes on screen.
struct Run: Equatable, Sendable {
    /// Row, from 0 at the top.
    var y: Int
    /// Column of the first cell, from 0 at the left.
    var x: Int
    var style: CellStyle
    var characters: [Character]

    /// The run's characters as a string (for tests and debugging).
    var text: String { String(characters) }
}

/// The cells of `new` that differ from `old`, grouped per row into runs of one style, in
/// row-major order. With no `old`, or an `old` of another size (after a resize), every cell of
/// `new` is returned: the screen is redrawn in full.
func changedRuns(old: Canvas?, new: Canvas) -> [Run] {
    let previous = old.flatMap { $0.width == new.width && $0.height == new.height ? $0 : nil }
    var runs: [Run] = []
    for y in 0..<new.height {
        var current: Run?
        for x in 0..<new.width {
            let cell = new[x, y]
            if let previous, previous[x, y] == cell {
                if let run = current { runs.append(run) }
                current = nil
                continue
            }
            if var run = current, run.style == cell.style {
                run.characters.append(cell.character)
                current = run
            } else {
                if let run = current { runs.append(run) }
                current = Run(y: y, x: x, style: cell.style, characters: [cell.character])
            }
        }
        if let run = current { runs.append(run) }
    }
    return runs
}
