/// Pass 5b: the cells each edge passes through, in travel order, relative to its scope.
/// A route starts on the cell just below its source box and ends on the cell just above its
/// target box. It only runs sideways on its gap's track, and vertically through gaps,
/// dummy columns and the loop lanes on the right, so it never crosses a box.
enum GraphRouting {
    static func routes(placement p: ScopePlacement, ordering: ScopeOrdering, scope: GraphScope, graph: StateGraph,
                       rect: (LayerItem) -> Rect) -> [Int: [GridPoint]] {
        var result: [Int: [GridPoint]] = [:]
        var segmentsByEdge: [Int: [(upper: LayerItem, lower: LayerItem, edge: Int)]] = [:]
        for s in ordering.segments { segmentsByEdge[s.edge, default: []].append(s) }
        for (edge, segments) in segmentsByEdge {
            guard let first = segments.first else { continue }
            var path = Path(start: GridPoint(x: p.outPort(first.upper, edge: edge, lower: first.lower), y: rect(first.upper).maxY))
            for s in segments {
                let gap = p.rank(of: s.lower)
                let sx = p.outPort(s.upper, edge: edge, lower: s.lower)
                let tx = p.inPort(s.lower, edge: edge, upper: s.upper)
                let bottom = p.gapY[gap] + p.gapHeight[gap] - 1
                if sx != tx, let t = p.track[.init(edge: edge, gap: gap)] {
                    path.line(to: GridPoint(x: sx, y: p.gapY[gap] + t))
                    path.line(to: GridPoint(x: tx, y: p.gapY[gap] + t))
                }
                path.line(to: GridPoint(x: tx, y: bottom))
                if case .dummy = s.lower { path.line(to: GridPoint(x: tx, y: p.rankY[gap] + p.rankHeight[gap] - 1)) }
            }
            result[edge] = path.cells
        }
        for loop in p.backEdges {
            let edge = graph.edges[loop.edge]
            guard let lane = p.laneX[loop.edge],
                  let below = p.track[.init(edge: loop.edge, gap: loop.from + 1)],
                  let above = p.track[.init(edge: loop.edge, gap: loop.to)] else { continue }
            let source = LayerItem.node(edge.from), target = LayerItem.node(edge.to)
            let sx = p.outPort(source, edge: loop.edge, lower: nil)
            let tx = p.inPort(target, edge: loop.edge, upper: nil)
            var path = Path(start: GridPoint(x: sx, y: rect(source).maxY))
            path.line(to: GridPoint(x: sx, y: p.gapY[loop.from + 1] + below))
            path.line(to: GridPoint(x: lane, y: p.gapY[loop.from + 1] + below))
            path.line(to: GridPoint(x: lane, y: p.gapY[loop.to] + above))
            path.line(to: GridPoint(x: tx, y: p.gapY[loop.to] + above))
            path.line(to: GridPoint(x: tx, y: p.gapY[loop.to] + p.gapHeight[loop.to] - 1))
            result[loop.edge] = path.cells
        }
        return result
    }
}

/// A route under construction: orthogonal steps of one cell.
struct Path {
    private(set) var cells: [GridPoint]

    init(start: GridPoint) { cells = [start] }

    mutating func line(to target: GridPoint) {
        guard var current = cells.last else { return }
        while current.x != target.x {
            current.x += target.x > current.x ? 1 : -1
            cells.append(current)
        }
        while current.y != target.y {
            current.y += target.y > current.y ? 1 : -1
            cells.append(current)
        }
    }
}
