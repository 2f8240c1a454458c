import ASL
import History

/// Where the compare view's rows start (the reducer maps clicks with it).
enum CompareLayout {
    static let titleY = 2
    static let headerY = 3
    static let firstRowY = 5
    static let labelWidth = 24
}

/// The executions of a run as rows, the states as columns (of every definition the rows ran):
/// each cell shows what that execution did in that state (entered, passed, failed, caught, retried), the outcome
/// at the row's end, and a key of the column codes underneath.
func drawCompareView(_ state: DashboardState, group: Int, _ canvas: inout Canvas) {
    let members = state.compareMembers(group)
    let width = canvas.width
    guard let first = members.first, let definition = state.definition(of: first) else {
        canvas.write(" #\(group): waiting for its executions…", x: 0, y: CompareLayout.titleY)
        return
    }
    // The first execution's states in reading order, then those only other definitions have
    // (executions of one machine may have run different versions of it).
    var names = statesInReadingOrder(definition)
    var known = Set(names)
    for member in members.dropFirst() {
        guard let other = state.definition(of: member), other != definition else { continue }
        for name in statesInReadingOrder(other) where known.insert(name).inserted { names.append(name) }
    }
    let outcomeWidth = 18
    let room = width - CompareLayout.labelWidth - outcomeWidth - 2
    let columnWidth = clamp(room / max(1, names.count), 2, 4)
    let shown = min(names.count, room / columnWidth)
    let codes = columnCodes(names, length: columnWidth >= 4 ? 3 : 2)
    let marked = group == DashboardState.markedGroup
    let caption = marked ? " of \(first.machineName)" : first.group.map { $0.caption.isEmpty ? "" : ", " + $0.caption } ?? ""
    canvas.write(" Compare \(marked ? "marked" : first.group?.title ?? "#\(group)"): \(members.count) executions\(caption)"
                    .clipped(width), x: 0, y: CompareLayout.titleY - 1, style: CellStyle(bold: true))
    if columnWidth >= 3 {
        canvas.write(" each cell: what the row's execution did in that column's state", x: 0, y: CompareLayout.titleY, style: CellStyle(dim: true))
    }
    canvas.write((" " + (marked ? "execution" : first.group?.rankTitle ?? "")).fitted(CompareLayout.labelWidth), x: 0, y: CompareLayout.headerY, style: CellStyle(bold: true))
    for index in 0..<shown {
        // Two-cell columns cannot hold a code and a gap: codes alternate over two rows.
        let y = columnWidth >= 3 || index % 2 == 0 ? CompareLayout.headerY : CompareLayout.titleY
        canvas.write(codes[index], x: CompareLayout.labelWidth + index * columnWidth, y: y, style: CellStyle(bold: true))
    }
    canvas.write("outcome", x: CompareLayout.labelWidth + shown * columnWidth + 1, y: CompareLayout.headerY, style: CellStyle(bold: true))
    canvas.write(String(repeating: "─", count: width), x: 0, y: CompareLayout.headerY + 1, style: CellStyle(dim: true))
    for (row, summary) in members.enumerated() {
        let y = CompareLayout.firstRowY + row
        let selected = row == state.compareRow
        let tag = marked ? summary.labels.map(\.value).joined(separator: " ") : summary.group?.rankLabel ?? ""
        canvas.write(((selected ? "▸" : " ") + "\(summary.shortLabel) \(tag)").fitted(CompareLayout.labelWidth - 1),
                     x: 0, y: y, style: CellStyle(bold: selected, reverse: selected))
        let overlay = ExecutionOverlay(events: summary.events, definition: state.definition(of: summary) ?? definition)
        for index in 0..<shown {
            let status = overlay.status(of: names[index])
            let attempts = overlay.attempts(of: names[index])
            var text = String(status.glyph)
            if attempts > 1, columnWidth > 2 { text += String(min(9, attempts)) }
            canvas.write(text, x: CompareLayout.labelWidth + index * columnWidth, y: y, style: status.style)
        }
        let outcome = "\(summary.status.label) \(formatElapsed(summary.elapsed(now: state.now)))"
        canvas.write(outcome.clipped(outcomeWidth), x: CompareLayout.labelWidth + shown * columnWidth + 1, y: y,
                     style: CellStyle(foreground: summary.status.color, bold: true))
    }
    // The key: code = state name, in as many columns as fit.
    var y = CompareLayout.firstRowY + members.count + 1
    let entries = (0..<shown).map { "\(codes[$0].fitted(columnWidth >= 4 ? 4 : 3))\(names[$0])" }
    let roomRows = max(1, canvas.height - 4 - legendTopRow(members.count))
    let longest = (entries.map(\.count).max() ?? 0) + 2
    let perRow = max(1, (width - 1) / min(longest, width - 1), (entries.count + roomRows - 1) / roomRows)
    let entryWidth = max(8, (width - 1) / perRow)
    let legendTop = y
    for (index, entry) in entries.enumerated() {
        let line = legendTop + index / perRow
        guard line < canvas.height - 3 else { break }
        canvas.write(entry.clipped(entryWidth - 1), x: 1 + (index % perRow) * entryWidth, y: line, style: CellStyle(dim: true))
        y = line + 1
    }
    if shown < names.count, y < canvas.height - 2 {
        canvas.write(" \(names.count - shown) more states do not fit: widen the terminal", x: 0, y: y, style: CellStyle(foreground: .yellow))
        y += 1
    }
    if y + 1 < canvas.height - 1 {
        let legend = renderGraphLegend(width: width - 2)
        var clipped = Canvas(width: width - 2, height: min(legend.height, canvas.height - 2 - y))
        clipped.blit(legend, x: 0, y: 0)
        canvas.blit(clipped, x: 1, y: y + 1)
    }
}

private func legendTopRow(_ memberCount: Int) -> Int { CompareLayout.firstRowY + memberCount + 1 }

/// Short column titles: `C1` for "Create New Order (1)", initials for the rest, made unique.
func columnCodes(_ names: [String], length: Int = 3) -> [String] {
    var used: Set<String> = []
    return names.map { name in
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var code: String
        if let open = name.lastIndex(of: "("), let digit = name[open...].first(where: \.isNumber) {
            code = String(words.first?.first ?? "?").uppercased() + String(digit)
        } else {
            code = String(words.prefix(length).compactMap(\.first)).uppercased()
        }
        if code.isEmpty { code = "?" }
        var unique = code
        var n = 2
        while used.contains(unique) { unique = String(code.prefix(length - 1)) + String(n % 10); n += 1 }
        used.insert(unique)
        return unique
    }
}
