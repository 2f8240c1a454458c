/// Pass 6: draws a laid-out graph into a canvas the size of `viewport`, with an execution's
/// overlay if given. When the drawing is larger than the viewport it pans to keep the focus
/// in view: the state named by `focus`, else the running state, else the top-left corner.
public func renderGraph(_ layout: GraphLayout, overlay: ExecutionOverlay?, viewport: (width: Int, height: Int), focus: String?) -> Canvas {
    let full = GraphPainter(layout: layout, overlay: overlay).paint()
    var canvas = Canvas(width: viewport.width, height: viewport.height)
    let target = focus.flatMap(layout.box(named:)) ?? overlay?.activeStates.lazy.compactMap(layout.box(named:)).first
    func offset(_ size: Int, _ view: Int, _ low: Int?, _ length: Int?) -> Int {
        guard size > view, let low, let length else { return 0 }
        return min(max(0, low + length / 2 - view / 2), size - view)
    }
    let ox = offset(layout.width, viewport.width, target?.x, target?.width)
    let oy = offset(layout.height, viewport.height, target?.y, target?.height)
    canvas.blit(full, x: -ox, y: -oy)
    return canvas
}

/// The legend of the overlay: each status's glyph and word, and the two kinds of edge.
public func renderGraphLegend(width: Int) -> Canvas {
    var items: [(String, CellStyle)] = StateRunStatus.legendOrder.map { ($0.label, $0.style) }
    items.append(("━ taken", CellStyle(bold: true)))
    items.append(("╌ catch", CellStyle(dim: true)))
    var rows: [[(String, CellStyle)]] = [[]]
    var used = 0
    for item in items {
        let needed = item.0.count + (rows[rows.count - 1].isEmpty ? 0 : 2)
        if used + needed > width, !rows[rows.count - 1].isEmpty { rows.append([]); used = 0 }
        used += item.0.count + (rows[rows.count - 1].isEmpty ? 0 : 2)
        rows[rows.count - 1].append(item)
    }
    var canvas = Canvas(width: width, height: rows.count)
    for (y, row) in rows.enumerated() {
        var x = 0
        for (text, style) in row {
            canvas.write(text, x: x, y: y, style: style)
            x += text.count + 2
        }
    }
    return canvas
}

/// Draws the whole layout at full size.
private struct GraphPainter {
    let layout: GraphLayout
    let overlay: ExecutionOverlay?

    func paint() -> Canvas {
        var canvas = Canvas(width: layout.width, height: layout.height)
        let graph = layout.graph
        // Containers first, so that what lies inside is drawn over their background.
        for (node, rect) in layout.stateBoxes where node.isContainer { drawContainer(node, rect, &canvas) }
        var lines = LineCells()
        var arrows: [(GridPoint, Character, CellStyle)] = []
        var tees: [(GridPoint, Character, CellStyle)] = []
        for edge in graph.edges {
            guard let cells = layout.routes[edge.id], let first = cells.first, let last = cells.last else { continue }
            let taken = isTaken(edge)
            let dashed = edge.kind == .catch
            let style = CellStyle(foreground: taken ? (dashed ? .magenta : .green) : .default, bold: taken, dim: dashed && !taken)
            lines.add(cells, heavy: taken, dashed: dashed, style: style)
            lines.connect(first, .up)
            let fromNode = graph.nodes[edge.from], toNode = graph.nodes[edge.to]
            if fromNode.kind == .fork {
                tees.append((GridPoint(x: first.x, y: first.y - 1), "╤", .plain))
            } else if layout.boxHeight > 1 || fromNode.isContainer {
                tees.append((GridPoint(x: first.x, y: first.y - 1), taken ? "┳" : "┬", style))
            }
            if toNode.kind == .join {
                lines.connect(last, .down)
                tees.append((GridPoint(x: last.x, y: last.y + 1), "╧", .plain))
            } else {
                arrows.append((last, "▼", style))
            }
        }
        lines.draw(into: &canvas)
        for (point, character, style) in tees + arrows { canvas[point.x, point.y] = Cell(character, style: style) }
        for label in layout.labels {
            let edge = graph.edges[label.edge]
            let style = CellStyle(foreground: isTaken(edge) ? .green : .default, dim: !isTaken(edge) && edge.kind == .catch)
            canvas.write(label.text, x: label.at.x, y: label.at.y, style: style)
        }
        for (node, rect) in layout.stateBoxes where !node.isContainer { drawBox(node, rect, &canvas) }
        return canvas
    }

    private func status(_ node: GraphNode) -> StateRunStatus? { overlay?.status(of: node.name) }

    private func isTaken(_ edge: GraphEdge) -> Bool { overlay?.isTaken(edge, in: layout.graph) ?? false }

    /// `✓ Name · Task ×3`: glyph (blank without an overlay), name, type, attempts after a retry.
    private func content(_ node: GraphNode) -> String {
        var text = "\(layout.shownNames[node.id] ?? node.name) · \(node.typeName)"
        guard let status = status(node) else { return text }
        text = "\(status.glyph) " + text
        if let overlay, node.hasRetry, overlay.attempts(of: node.name) > 1 {
            text += " ×\(min(9, overlay.attempts(of: node.name)))"
        }
        return text
    }

    private func boxStyle(_ node: GraphNode) -> CellStyle { status(node)?.style ?? .plain }

    private func drawBox(_ node: GraphNode, _ rect: Rect, _ canvas: inout Canvas) {
        let style = boxStyle(node)
        var text = content(node)
        if overlay == nil {
            let room = rect.width - (rect.height == 1 ? 2 : 4)
            text = String(repeating: " ", count: max(0, room - text.count) / 2) + text
        }
        if rect.height == 1 {
            canvas.write("[" + text.padding(toLength: rect.width - 2) + "]", x: rect.x, y: rect.y, style: style)
            return
        }
        drawFrame(rect, style: style, &canvas, keepBottomTees: true)
        canvas.write(" " + text.padding(toLength: rect.width - 4) + " ", x: rect.x + 1, y: rect.y + 1, style: style, maxWidth: rect.width - 2)
    }

    private func drawContainer(_ node: GraphNode, _ rect: Rect, _ canvas: inout Canvas) {
        let style = boxStyle(node)
        drawFrame(rect, style: style, &canvas, keepBottomTees: false)
        canvas.write("─ " + content(node) + " ─", x: rect.x + 1, y: rect.y, style: style, maxWidth: rect.width - 2)
        for row in [rect.y + 1, rect.maxY - 2] {
            for x in (rect.x + 2)..<(rect.maxX - 2) { canvas[x, row] = Cell("═", style: .plain) }
        }
    }

    private func drawFrame(_ rect: Rect, style: CellStyle, _ canvas: inout Canvas, keepBottomTees: Bool) {
        for x in rect.x..<rect.maxX {
            canvas[x, rect.y] = Cell("─", style: style)
            let bottom = canvas[x, rect.maxY - 1].character
            if !(keepBottomTees && (bottom == "┬" || bottom == "┳")) { canvas[x, rect.maxY - 1] = Cell("─", style: style) }
        }
        for y in rect.y..<rect.maxY {
            canvas[rect.x, y] = Cell("│", style: style)
            canvas[rect.maxX - 1, y] = Cell("│", style: style)
        }
        canvas[rect.x, rect.y] = Cell("┌", style: style)
        canvas[rect.maxX - 1, rect.y] = Cell("┐", style: style)
        canvas[rect.x, rect.maxY - 1] = Cell("└", style: style)
        canvas[rect.maxX - 1, rect.maxY - 1] = Cell("┘", style: style)
    }
}

extension ExecutionOverlay {
    /// Whether the execution went along `edge`; a fork or join bar stands for its Parallel or Map.
    func isTaken(_ edge: GraphEdge, in graph: StateGraph) -> Bool {
        func name(_ id: Int) -> String {
            let node = graph.nodes[id]
            if node.kind == .state { return node.name }
            return graph.scopes[node.scope].container.map { graph.nodes[$0].name } ?? ""
        }
        return takenEdges.contains(TakenEdge(from: name(edge.from), to: name(edge.to), caught: edge.kind == .catch))
    }
}

extension String {
    /// Pads with spaces (or cuts) to exactly `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}
