/// Draws a laid-out graph as SVG elements, in the order the text painter draws cells:
/// containers, then routes, then edge labels, then the state boxes on top.
struct SVGPainter {
    let layout: GraphLayout
    let overlay: ExecutionOverlay?
    let grid: SVGGrid

    /// Arrowheads: one per line colour (an SVG 1.1 marker cannot take its line's colour).
    static let markers = [("arrow", StatusPalette.edge), ("arrow-taken", StatusPalette.takenEdge), ("arrow-caught", StatusPalette.caughtEdge)]

    func elements() -> [String] {
        var out: [String] = ["<g class=\"containers\">"]
        for (node, rect) in layout.stateBoxes where node.isContainer { out += container(node, rect) }
        out.append("</g>")
        out.append("<g class=\"edges\" fill=\"none\">")
        for edge in layout.graph.edges { out += route(edge) }
        out.append("</g>")
        // A label may lie over its own route's sideways run (as in the text): a background hides the line there.
        out.append("<g class=\"labels\" font-size=\"12\">")
        for label in layout.labels {
            let edge = layout.graph.edges[label.edge]
            out.append("  <rect x=\"\(grid.left(label.at.x) - 2)\" y=\"\(grid.midY(label.at.y) - 7)\" width=\"\(label.text.count * grid.cellWidth + 4)\""
                       + " height=\"14\" fill=\"\(background(at: label.at))\"/>")
            out.append("  <text x=\"\(grid.left(label.at.x))\" y=\"\(grid.baseline(label.at.y))\" fill=\"\(lineColour(edge))\">"
                       + ExportEscaping.xml(label.text) + "</text>")
        }
        out.append("</g>")
        out.append("<g class=\"states\">")
        for (node, rect) in layout.stateBoxes where !node.isContainer { out += box(node, rect) }
        out.append("</g>")
        return out
    }

    /// The colour under a cell: the fill of the innermost container around it (other than `node`), else the page's.
    private func background(at point: GridPoint, outside node: GraphNode? = nil) -> String {
        let around = layout.stateBoxes.filter { $0.node.isContainer && $0.node.id != node?.id && $0.rect.contains(point) }
        guard let inner = around.min(by: { $0.rect.width * $0.rect.height < $1.rect.width * $1.rect.height }) else { return SVGGrid.background }
        return (palette(inner.node) ?? .container).fill
    }

    private func status(_ node: GraphNode) -> StateRunStatus? { overlay?.status(of: node.name) }
    private func palette(_ node: GraphNode) -> StatusPalette? { status(node).map(StatusPalette.of) }
    private func isTaken(_ edge: GraphEdge) -> Bool { overlay?.isTaken(edge, in: layout.graph) ?? false }

    private func lineColour(_ edge: GraphEdge) -> String {
        guard isTaken(edge) else { return StatusPalette.edge }
        return edge.kind == .catch ? StatusPalette.caughtEdge : StatusPalette.takenEdge
    }

    /// The frame of a box in pixels: its border runs through the centres of its border cells.
    private func frame(_ rect: Rect) -> (x: Int, y: Int, width: Int, height: Int) {
        if rect.height == 1 {
            return (grid.left(rect.x) + 1, grid.midY(rect.y) - grid.cellHeight / 2 + 1, rect.width * grid.cellWidth - 2, grid.cellHeight - 2)
        }
        return (grid.midX(rect.x), grid.midY(rect.y), (rect.width - 1) * grid.cellWidth, (rect.height - 1) * grid.cellHeight)
    }

    private func rectElement(_ rect: Rect, radius: Int, look: StatusPalette, heavyWidth: String = "2.5") -> String {
        let f = frame(rect)
        return "<rect x=\"\(f.x)\" y=\"\(f.y)\" width=\"\(f.width)\" height=\"\(f.height)\" rx=\"\(radius)\" fill=\"\(look.fill)\""
            + " stroke=\"\(look.stroke)\" stroke-width=\"\(look.heavy ? heavyWidth : "1.25")\"\(look.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
    }

    /// A tooltip: the full name, the type and, with an execution, the status.
    private func tooltip(_ node: GraphNode) -> String {
        var text = "\(node.name) (\(node.typeName))"
        if let status = status(node) { text += ": " + status.word }
        return "<title>" + ExportEscaping.xml(text) + "</title>"
    }

    /// `✓ Name · Task ×3` as text spans: status glyph, name, type (greyed), attempts after a retry.
    private func content(_ node: GraphNode, look: StatusPalette) -> String {
        var spans = ""
        if let status = status(node) { spans += ExportEscaping.xml("\(status.glyph) ") }
        spans += ExportEscaping.xml(layout.shownNames[node.id] ?? node.name)
        spans += "<tspan fill-opacity=\"0.65\">" + ExportEscaping.xml(" · \(node.typeName)") + "</tspan>"
        if let overlay, node.hasRetry, overlay.attempts(of: node.name) > 1 {
            spans += ExportEscaping.xml(" ×\(min(9, overlay.attempts(of: node.name)))")
        }
        return spans
    }

    private func box(_ node: GraphNode, _ rect: Rect) -> [String] {
        let look = palette(node) ?? .plain
        let f = frame(rect)
        let row = rect.y + rect.height / 2
        return ["  <g>" + tooltip(node),
                "    " + rectElement(rect, radius: 6, look: look),
                "    <text x=\"\(f.x + f.width / 2)\" y=\"\(grid.baseline(row))\" text-anchor=\"middle\" fill=\"\(look.text)\""
                    + "\(status(node)?.isActive == true ? " font-weight=\"bold\"" : "")>\(content(node, look: look))</text>",
                "  </g>"]
    }

    /// The columns of a container's title, `↯ Name · Parallel`, written over its top border from column x + 2.
    private func titleColumns(_ node: GraphNode) -> Int {
        (status(node) == nil ? 0 : 2) + (layout.shownNames[node.id] ?? node.name).count + 3 + node.typeName.count
    }

    private func container(_ node: GraphNode, _ rect: Rect) -> [String] {
        let look = palette(node) ?? .container
        let title = titleColumns(node)
        let titleX = grid.left(rect.x + 2)
        var out = ["  <g>" + tooltip(node),
                   "    " + rectElement(rect, radius: 10, look: look, heavyWidth: "2"),
                   "    <rect x=\"\(titleX - 4)\" y=\"\(grid.midY(rect.y) - grid.cellHeight / 2)\" width=\"\(title * grid.cellWidth + 8)\""
                       + " height=\"\(grid.cellHeight)\" fill=\"\(background(at: GridPoint(x: rect.x, y: rect.y), outside: node))\"/>",
                   "    <text x=\"\(titleX)\" y=\"\(grid.baseline(rect.y))\" fill=\"\(look.text)\">\(content(node, look: look))</text>"]
        // The fork and join bars across the container, where the text drawing puts its `═` rows.
        for row in [rect.y + 1, rect.maxY - 2] {
            out.append("    <line x1=\"\(grid.left(rect.x + 2))\" y1=\"\(grid.midY(row))\" x2=\"\(grid.left(rect.maxX - 2))\" y2=\"\(grid.midY(row))\""
                       + " stroke=\"#263238\" stroke-width=\"3\"/>")
        }
        out.append("  </g>")
        return out
    }

    /// An edge's route from its source's border to its target's (a join bar takes no arrowhead),
    /// as a polyline through the corners of its cells.
    private func route(_ edge: GraphEdge) -> [String] {
        guard let cells = layout.routes[edge.id], let first = cells.first, let last = cells.last else { return [] }
        let toJoin = layout.graph.nodes[edge.to].kind == .join
        let path = [GridPoint(x: first.x, y: first.y - 1)] + cells + [GridPoint(x: last.x, y: last.y + 1)]
        var corners: [GridPoint] = [path[0]]
        for i in 1..<path.count {
            let isLast = i == path.count - 1
            if isLast || !Self.isStraight(path[i - 1], path[i], path[i + 1]) { corners.append(path[i]) }
        }
        var points = corners.map { "\(grid.midX($0.x)),\(grid.midY($0.y))" }
        // An arrow into a container that would cross its title stops on top of the title.
        let target = layout.graph.nodes[edge.to]
        if target.isContainer, let box = layout.rects[target.id], (box.x + 1)...(box.x + 2 + titleColumns(target)) ~= last.x {
            points[points.count - 1] = "\(grid.midX(last.x)),\(grid.midY(last.y) + grid.cellHeight / 2)"
        }
        let taken = isTaken(edge), caught = edge.kind == .catch
        var attributes = "stroke=\"\(lineColour(edge))\" stroke-width=\"\(taken ? "2.5" : "1.25")\""
        if caught { attributes += " stroke-dasharray=\"5 4\"" }
        if !toJoin { attributes += " marker-end=\"url(#\(taken ? (caught ? "arrow-caught" : "arrow-taken") : "arrow"))\"" }
        return ["  <polyline points=\"\(points.joined(separator: " "))\" \(attributes)/>"]
    }

    private static func isStraight(_ a: GridPoint, _ b: GridPoint, _ c: GridPoint) -> Bool {
        (a.x == b.x && b.x == c.x) || (a.y == b.y && b.y == c.y)
    }
}
