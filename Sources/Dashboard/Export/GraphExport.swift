import ASL

/// A state machine's graph as a document in one of the ``GraphExportFormat``s: what
/// the `graph --format` command prints and the dashboard's `:export` writes. Pure: a definition
/// (and an execution's overlay) in, the document's text out, ending with a line feed.
///
/// ```swift
/// let svg = try GraphExport.render(definition, as: .svg, overlay: ExecutionOverlay(events: history, definition: definition))
/// ```
public enum GraphExport {
    /// The document in `format`; `text` only applies to ``GraphExportFormat/text``.
    /// - Throws: ``GraphLayoutError`` when the text drawing does not fit `text.width`.
    public static func render(_ definition: StateMachineDefinition, as format: GraphExportFormat, overlay: ExecutionOverlay? = nil,
                              text: GraphTextOptions = GraphTextOptions()) throws(GraphLayoutError) -> String {
        switch format {
        case .text: return try self.text(definition, overlay: overlay, options: text)
        case .svg: return try svg(definition, overlay: overlay)
        case .dot: return dot(definition, overlay: overlay)
        case .mermaid: return mermaid(definition, overlay: overlay)
        }
    }

    /// The drawing the `graph` command prints: the layout within `options.width` columns (names
    /// shortened only if they must be), cut to `options.height` rows around the running state,
    /// followed by the legend when an execution is overlaid; ANSI colours with `options.color`.
    public static func text(_ definition: StateMachineDefinition, overlay: ExecutionOverlay? = nil,
                            options: GraphTextOptions = GraphTextOptions()) throws(GraphLayoutError) -> String {
        let layout = try GraphLayout(definition: definition, maxWidth: options.width, maxHeight: options.height)
        let rows = min(options.height ?? layout.height, layout.height)
        let canvas = renderGraph(layout, overlay: overlay, viewport: (layout.width, rows), focus: nil)
        var lines = options.color ? canvas.ansiLines : canvas.lines
        if overlay != nil {
            let legend = renderGraphLegend(width: options.width)
            lines.append("")
            lines += options.color ? legend.ansiLines : legend.lines
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// How the text drawing is made: the room it has and whether it is coloured.
public struct GraphTextOptions: Sendable, Equatable {
    /// Columns available for the drawing.
    public var width: Int
    /// Rows available (the drawing pans to the running state); nil: the whole drawing.
    public var height: Int?
    /// ANSI colour escapes.
    public var color: Bool

    public init(width: Int = 120, height: Int? = nil, color: Bool = false) {
        self.width = width
        self.height = height
        self.color = color
    }
}
