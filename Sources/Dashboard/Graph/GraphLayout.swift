import ASL

/// Why a definition could not be laid out.
public enum GraphLayoutError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Even with every name shortened to a few characters the drawing needs `needed` columns.
    case tooNarrow(needed: Int, available: Int)

    public var description: String {
        switch self {
        case .tooNarrow(let needed, let available):
            return "the graph needs at least \(needed) columns, only \(available) available"
        }
    }
}

/// A definition laid out top to bottom on a grid of cells: a box per state, containers for
/// Parallel and Map with their branches side by side, and a route of cells per transition.
///
/// Computed once per definition; ``renderGraph(_:overlay:viewport:focus:)`` draws it with or
/// without an execution's overlay. Names are shortened with `…` only when `maxWidth` demands.
public struct GraphLayout: Sendable {
    /// Columns and rows of the whole drawing.
    public let width: Int
    public let height: Int
    /// Rows of a plain state's box: 3 (bordered) or 1 (compact, chosen to fit `maxHeight`).
    public let boxHeight: Int
    /// State names in layout order (machine first, then nested).
    public let stateNames: [String]

    let graph: StateGraph
    let shownNames: [Int: String]
    let rects: [Int: Rect]
    let bars: [Int: Rect]
    let routes: [Int: [GridPoint]]
    let labels: [EdgeLabel]

    /// Lays the definition out within `maxWidth` columns (shortening names if needed) and, when
    /// `maxHeight` is given and bordered boxes would be taller, with compact one-row boxes.
    public init(definition: StateMachineDefinition, maxWidth: Int, maxHeight: Int? = nil) throws(GraphLayoutError) {
        let graph = GraphExtraction.graph(of: definition)
        var attempt: GraphLayout?
        for boxHeight in [3, 1] {
            let candidate = try Self.fitting(graph: graph, maxWidth: maxWidth, boxHeight: boxHeight)
            attempt = candidate
            if maxHeight.map({ candidate.height <= $0 }) ?? true { break }
        }
        self = attempt!
    }

    private init(graph: StateGraph, names: [Int: String], boxHeight: Int, maxWidth: Int) {
        let built = GraphLayoutBuilder(graph: graph, names: names, boxHeight: boxHeight).layout(scope: 0)
        let labels = GraphLabels.place(graph: graph, rects: built.rects, bars: built.bars, routes: built.routes, width: max(built.width, maxWidth))
        self.graph = graph
        self.shownNames = names
        self.boxHeight = boxHeight
        self.width = max(built.width, labels.map { $0.at.x + $0.text.count }.max() ?? 0)
        self.height = built.height
        self.rects = built.rects
        self.bars = built.bars
        self.routes = built.routes
        self.stateNames = graph.nodes.filter { $0.kind == .state }.map(\.name)
        self.labels = labels
    }

    /// The widest layout that fits: full names if possible, else names cut to the longest
    /// length that fits (found by bisection), then each cut name given back in full where
    /// the drawing still fits, so that only the names in the crowded ranks stay shortened.
    private static func fitting(graph: StateGraph, maxWidth: Int, boxHeight: Int) throws(GraphLayoutError) -> GraphLayout {
        func layout(cap: Int) -> GraphLayout {
            var names: [Int: String] = [:]
            for node in graph.nodes where node.kind == .state { names[node.id] = shorten(node.name, to: cap) }
            return GraphLayout(graph: graph, names: names, boxHeight: boxHeight, maxWidth: maxWidth)
        }
        func restoringNames(_ layout: GraphLayout) -> GraphLayout {
            var best = layout
            for node in graph.nodes where node.kind == .state && best.shownNames[node.id] != node.name {
                var names = best.shownNames
                names[node.id] = node.name
                let candidate = GraphLayout(graph: graph, names: names, boxHeight: boxHeight, maxWidth: maxWidth)
                if candidate.width <= maxWidth { best = candidate }
            }
            return best
        }
        let longest = graph.nodes.map(\.name.count).max() ?? 1
        let full = layout(cap: longest)
        if full.width <= maxWidth { return full }
        var low = 3, high = longest - 1
        let smallest = layout(cap: low)
        guard smallest.width <= maxWidth else { throw .tooNarrow(needed: smallest.width, available: maxWidth) }
        var best = smallest
        while low < high {
            let mid = (low + high + 1) / 2
            let candidate = layout(cap: mid)
            if candidate.width <= maxWidth { best = candidate; low = mid } else { high = mid - 1 }
        }
        return restoringNames(best)
    }

    /// `name` cut to `cap` characters, the last one replaced by `…`.
    static func shorten(_ name: String, to cap: Int) -> String {
        name.count <= cap ? name : String(name.prefix(max(1, cap - 1))) + "…"
    }

    /// The box of a state (the container for a Parallel or Map), in drawing coordinates.
    public func box(named name: String) -> Rect? {
        graph.nodes.first { $0.kind == .state && $0.name == name }.flatMap { rects[$0.id] }
    }

    /// The name as drawn (possibly shortened).
    public func shownName(of name: String) -> String? {
        graph.nodes.first { $0.kind == .state && $0.name == name }.flatMap { shownNames[$0.id] }
    }

    /// Every box of a state, by node id (containers included).
    var stateBoxes: [(node: GraphNode, rect: Rect)] {
        graph.nodes.compactMap { node in rects[node.id].map { (node, $0) } }
    }
}
