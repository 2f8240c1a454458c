import History

/// The dashboard's view: the whole screen for `state`, as a canvas of `state.width` x
/// `state.height` cells. Pure: the same state (with any cache) always draw the same cells.
public func render(_ state: DashboardState, cache: ViewCache) -> Canvas {
    // A replay draws every view as of its cursor; an opened iteration, the graph of its run alone.
    let state = state.asOfReplay.focusingIteration(cache: cache)
    var canvas = Canvas(width: state.width, height: state.height)
    let geometry = PaneGeometry(width: state.width, height: state.height)
    guard geometry.isUsable else {
        drawTooSmall(state.title, &canvas)
        return canvas
    }
    drawHeader(state, &canvas)
    switch state.mode {
    case .main:
        drawOrdersPane(state, geometry, &canvas)
        drawGraphPane(state, geometry, cache, &canvas)
        drawDetailPane(state, geometry, cache: cache, &canvas)
    case .compare(let group):
        drawCompareView(state, group: group, &canvas)
    case .queues:
        drawQueuesView(state, &canvas)
    case .timeline(let arn):
        drawTimelineView(state, arn: arn, cache: cache, &canvas)
    case .events(let arn):
        drawEventsView(state, arn: arn, cache: cache, &canvas)
    case .stateDetails(let arn):
        drawStateDetailsView(state, arn: arn, cache: cache, &canvas)
    }
    drawFooter(state, &canvas)
    if let line = state.commandLine { drawCommandLine(line, &canvas) }
    if let form = state.form { drawForm(form, &canvas) }
    if state.showHelp { drawHelp(state, &canvas) }
    return canvas
}

/// Says how big the terminal must be, wrapped into whatever room there is.
private func drawTooSmall(_ title: String, _ canvas: inout Canvas) {
    let text = "Terminal too small: \(canvas.width)x\(canvas.height). \(title) needs at least "
        + "\(PaneGeometry.minWidth)x\(PaneGeometry.minHeight): enlarge the window, or press q to quit."
    let lines = wrapped(text, width: canvas.width)
    let top = max(0, (canvas.height - lines.count) / 2)
    for (index, line) in lines.enumerated() {
        canvas.write(line, x: max(0, (canvas.width - line.count) / 2), y: top + index, style: CellStyle(foreground: .yellow, bold: true))
    }
}

/// The product name, the clock speed and the counts; the help hint at the right.
private func drawHeader(_ state: DashboardState, _ canvas: inout Canvas) {
    canvas.fill(x: 0, y: 0, width: canvas.width, height: 1, with: Cell(" ", style: CellStyle(reverse: true)))
    // How the source is doing (``DashboardState/statusLine``) goes at the right, in place of
    // what does not fit beside it: the counts, the speed if need be, never the title.
    let status = state.statusLine.map { " ⚠ \($0) " }
    var end = canvas.width
    var x = 0
    var full = false
    func put(_ text: String, _ style: CellStyle) {
        if status != nil {
            guard !full, x + text.count <= end else { full = true; return }
        }
        canvas.write(text, x: x, y: 0, style: style)
        x += text.count
    }
    let bar = CellStyle(reverse: true)
    put(" \(state.title) ", CellStyle(bold: true, reverse: true))
    let titleEnd = x
    if let status { end = max(titleEnd, canvas.width - status.count) }
    put(" speed \(state.speed.label) ", bar)
    if let replay = state.replay {
        let at = state.replay.flatMap { r in r.arns.first.flatMap(state.execution).map { r.time - $0.startDate } } ?? 0
        put(" \(replay.isPlaying ? "▶" : "⏸") REPLAY \(replay.position)/\(replay.total) \(formatOffset(at)) ", CellStyle(foreground: .magenta, bold: true, reverse: true))
    }
    let counts: [(ExecutionStatus, String, String)] = [
        (.running, "running", "run"), (.succeeded, "succeeded", "ok"), (.failed, "failed", "fail"),
        (.timedOut, "timed out", "t/o"), (.aborted, "aborted", "abrt"),
    ]
    let dlq = state.deadLetters.count
    let tally = state.statusCounts
    let long = counts.map { " \($0.0.glyph) \(tally[$0.0, default: 0]) \($0.1)" }.joined() + " ✉ \(dlq) DLQ"
    let useLong = x + long.count + (status == nil ? 9 : 0) <= end
    for (status, word, short) in counts {
        let n = tally[status, default: 0]
        put(" \(status.glyph) \(n) \(useLong ? word : short)", CellStyle(foreground: n > 0 ? status.color : .default, reverse: true))
    }
    put(" ✉ \(dlq) DLQ", CellStyle(foreground: dlq > 0 ? .magenta : .default, reverse: true))
    if let status {
        let room = canvas.width - titleEnd
        guard room > 4 else { return }
        let fitted = status.count <= room ? status : String(status.prefix(room - 2)) + "… "
        canvas.write(fitted, x: canvas.width - fitted.count, y: 0, style: CellStyle(foreground: .yellow, bold: true, reverse: true))
        return
    }
    let hint = " ? help "
    if x + hint.count < canvas.width { canvas.write(hint, x: canvas.width - hint.count, y: 0, style: bar) }
}

/// The last row: the latest message, else the main keys.
private func drawFooter(_ state: DashboardState, _ canvas: inout Canvas) {
    let y = canvas.height - 1
    if let message = state.message {
        canvas.writeFitted(" " + message, x: 0, y: y, width: canvas.width, style: CellStyle(foreground: .yellow))
        return
    }
    canvas.writeFitted(" " + footerKeys(state), x: 0, y: y, width: canvas.width, style: CellStyle(dim: true))
}

/// The footer's hints, two spaces apart, each a key and what it does; a click on a hint whose
/// key is one key (`t timeline`, `Esc back`) presses it, so every view is reachable by mouse.
func footerKeys(_ state: DashboardState) -> String {
    var keys: String
    switch state.mode {
    case .timeline: keys = "↑↓ row  Enter details/open  space fold  f failed first  +/- zoom  ←→ h l scroll  e events  r replay  Esc back  ? help"
    case .events: keys = "↑↓ event  Enter details  f unfold all  / filter  t timeline  r replay  Esc back  ? help"
    case .stateDetails: keys = "↑↓ PgUp PgDn scroll  t timeline  e events  r replay  Esc back  ? help"
    case .main: keys = "n start" + (state.quickStart.map { "  \($0.key) \($0.footer)" } ?? "") + "  t timeline  e events  r replay  : command  space mark  c compare  / filter  d queues  s stop  +/- speed  Tab pane  ↑↓ select  Enter open  ? help  q quit"
    case .compare: keys = "↑↓ select  Enter open in graph  t timeline  e events  r replay  s stop  Esc back" + (state.quickStart.map { "  \($0.key) \($0.footer) again" } ?? "") + "  ? help  q quit"
    case .queues: keys = "↑↓ scroll  Esc back  d close  ? help  q quit"
    }
    if state.replay != nil { keys = "REPLAY ←→ event  [ ] state change  Home End  space play/pause  r/Esc end  " + keys }
    return keys
}

/// The key of the footer hint under column `x` (nil: no hint there, or not a single key).
func footerKey(at x: Int, _ state: DashboardState) -> Key? {
    var column = 1
    for hint in footerKeys(state).components(separatedBy: "  ") {
        defer { column += hint.count + 2 }
        guard x >= column, x < column + hint.count else { continue }
        let label = String(hint.prefix { $0 != " " })
        switch label {
        case "Esc": return .escape
        case "Enter": return .enter
        case "Tab": return .tab
        case "q": return nil  // quitting by a stray click is too easy
        default: return label.count == 1 ? .character(label.first!) : nil
        }
    }
    return nil
}
