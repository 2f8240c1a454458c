import ASL

extension GraphExport {
    /// Columns the SVG's layout may use: so many that no name is ever shortened.
    static let svgLayoutWidth = 100_000

    /// A standalone SVG image of the definition, drawn from the same layout as the text (each
    /// cell 8×16 pixels): rounded boxes for states, containers with fork and join bars for
    /// Parallel and Map, routes as lines with arrowheads, the edge labels. With an execution,
    /// boxes take their status's colours, taken transitions are drawn heavy, and a legend follows.
    /// Well-formed XML (every name escaped) with `width`, `height` and `viewBox`.
    /// - Throws: ``GraphLayoutError`` only for a graph wider than ``svgLayoutWidth`` columns.
    public static func svg(_ definition: StateMachineDefinition, overlay: ExecutionOverlay? = nil) throws(GraphLayoutError) -> String {
        svg(try GraphLayout(definition: definition, maxWidth: svgLayoutWidth), overlay: overlay)
    }

    /// The SVG of a layout already made (names shortened as they are in it).
    public static func svg(_ layout: GraphLayout, overlay: ExecutionOverlay? = nil) -> String {
        let grid = SVGGrid()
        let drawingWidth = layout.width * grid.cellWidth
        let legend = overlay == nil ? nil : SVGLegend(width: max(drawingWidth, SVGLegend.minimumWidth), grid: grid)
        let width = max(drawingWidth, legend?.width ?? 0) + 2 * grid.margin
        let legendTop = grid.margin + layout.height * grid.cellHeight + grid.cellHeight
        let height = (legend.map { legendTop + $0.height } ?? grid.margin + layout.height * grid.cellHeight) + grid.margin
        var out = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
                + " font-family=\"\(grid.fontFamily)\" font-size=\"\(grid.fontSize)\" xml:space=\"preserve\">",
            "  <title>State machine graph</title>",
            "  <defs>",
        ]
        for (id, colour) in SVGPainter.markers {
            out.append("    <marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                       + " markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"\(colour)\"/></marker>")
        }
        out.append("  </defs>")
        out.append("  <rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"\(SVGGrid.background)\"/>")
        out += SVGPainter(layout: layout, overlay: overlay, grid: grid).elements().map { "  " + $0 }
        if let legend { out += legend.elements(top: legendTop).map { "  " + $0 } }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}

/// Cells to pixels: a cell is 8×16, its centre is where lines run; a monospace font of 13 px
/// advances about 7.8 px, so a text fits the cells the layout gave it.
struct SVGGrid {
    let cellWidth = 8
    let cellHeight = 16
    let margin = 16
    let fontSize = 13
    let fontFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    static let background = "#ffffff"

    /// The left edge of column `x`.
    func left(_ x: Int) -> Int { margin + x * cellWidth }
    /// The centre of column `x` / row `y`.
    func midX(_ x: Int) -> Int { margin + x * cellWidth + cellWidth / 2 }
    func midY(_ y: Int) -> Int { margin + y * cellHeight + cellHeight / 2 }
    /// The baseline that centres one line of text on row `y`.
    func baseline(_ y: Int) -> Int { midY(y) + 4 }
}

/// The key of an SVG with an execution: each status's swatch, glyph and word, then the two
/// kinds of line (taken, catch), wrapped in rows that fit the width.
struct SVGLegend {
    static let minimumWidth = 560
    let width: Int
    let grid: SVGGrid
    private let rows: [[Item]]
    private static let rowHeight = 22

    private enum Item {
        case status(StateRunStatus)
        case line(String, colour: String, dashed: Bool)

        var text: String {
            switch self {
            case .status(let status): return status.label
            case .line(let text, _, _): return text
            }
        }
        var pixels: Int { 22 + text.count * 8 + 18 }
    }

    init(width: Int, grid: SVGGrid) {
        self.width = width
        self.grid = grid
        var items = StateRunStatus.legendOrder.map(Item.status)
        items.append(.line("taken", colour: StatusPalette.takenEdge, dashed: false))
        items.append(.line("catch", colour: StatusPalette.edge, dashed: true))
        var rows: [[Item]] = [[]]
        var used = 0
        for item in items {
            if used + item.pixels > width, !rows[rows.count - 1].isEmpty { rows.append([]); used = 0 }
            rows[rows.count - 1].append(item)
            used += item.pixels
        }
        self.rows = rows
    }

    var height: Int { rows.count * Self.rowHeight }

    func elements(top: Int) -> [String] {
        var out = ["<g class=\"legend\">"]
        for (r, row) in rows.enumerated() {
            var x = grid.margin
            let mid = top + r * Self.rowHeight + Self.rowHeight / 2
            for item in row {
                switch item {
                case .status(let status):
                    let p = StatusPalette.of(status)
                    out.append("  <rect x=\"\(x)\" y=\"\(mid - 7)\" width=\"16\" height=\"14\" rx=\"3\" fill=\"\(p.fill)\" stroke=\"\(p.stroke)\""
                               + " stroke-width=\"\(p.heavy ? 2 : 1)\"\(p.dashed ? " stroke-dasharray=\"3 2\"" : "")/>")
                case .line(_, let colour, let dashed):
                    out.append("  <line x1=\"\(x)\" y1=\"\(mid)\" x2=\"\(x + 16)\" y2=\"\(mid)\" stroke=\"\(colour)\""
                               + " stroke-width=\"\(dashed ? "1.5" : "2.5")\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
                }
                out.append("  <text x=\"\(x + 22)\" y=\"\(mid + 4)\" fill=\"#37474f\">\(ExportEscaping.xml(item.text))</text>")
                x += item.pixels
            }
        }
        out.append("</g>")
        return out
    }
}
