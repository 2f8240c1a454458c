import CNcurses
import Dashboard

extension TerminalScreen {
    /// Shows `canvas`, writing only the cells that changed since the last canvas presented;
    /// after a resize (or when the size changed) the whole screen is redrawn. When nothing
    /// changed nothing is written, so presenting an unchanged frame costs no output.
    public func present(_ canvas: Canvas) {
        guard screen != nil else { return }
        let sameSize = lastCanvas.map { $0.width == canvas.width && $0.height == canvas.height } ?? false
        let fullRedraw = needsFullRedraw || !sameSize
        let runs = changedRuns(old: fullRedraw ? nil : lastCanvas, new: canvas)
        lastCanvas = canvas
        needsFullRedraw = false
        guard fullRedraw || !runs.isEmpty else { return }
        // Clears what lies outside a canvas smaller than the screen.
        if fullRedraw { _ = werase(pd_stdscr()) }
        for run in runs { draw(run) }
        _ = wnoutrefresh(pd_stdscr())
        _ = doupdate()
    }

    private func draw(_ run: Run) {
        let attributes = cursesAttributes(run.style)
        let pair = colorPair(run.style)
        let maxCharacters = Int(pd_ccharw_max())
        for (offset, character) in run.characters.enumerated() {
            var wide = character.unicodeScalars.prefix(maxCharacters).map { wchar_t(bitPattern: $0.value) }
            // A control character would move the cursor and shift the rest of the row.
            if let first = character.unicodeScalars.first, first.value < 0x20 || first.value == 0x7F {
                wide = [wchar_t(0x20)]
            }
            wide.append(0)
            var cell = cchar_t()
            _ = setcchar(&cell, wide, attributes, pair, nil)
            // Writing the bottom-right cell returns ERR (the cursor cannot advance) but draws it.
            _ = mvwadd_wch(pd_stdscr(), Int32(run.y), Int32(run.x + offset), &cell)
        }
    }

    private func cursesAttributes(_ style: CellStyle) -> attr_t {
        var attributes = pd_a_normal()
        if style.bold { attributes |= pd_a_bold() }
        if style.dim { attributes |= pd_a_dim() }
        if style.reverse { attributes |= pd_a_reverse() }
        if style.underline { attributes |= pd_a_underline() }
        return attributes
    }

    private func colorPair(_ style: CellStyle) -> Int16 {
        guard hasColors else { return 0 }
        let (number, isNew) = colorPairs.pair(foreground: style.foreground, background: style.background)
        if isNew {
            _ = init_pair(number, palette.cursesColor(style.foreground, isForeground: true),
                          palette.cursesColor(style.background, isForeground: false))
        }
        return number
    }
}
