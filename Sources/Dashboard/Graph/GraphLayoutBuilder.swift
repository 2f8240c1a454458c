/// Runs the passes scope by scope, innermost first: a Parallel or Map is sized from its
/// branches laid side by side, then placed like any box in its own scope. Everything is
/// finally moved into the coordinates of the whole drawing.
struct GraphLayoutBuilder {
    let graph: StateGraph
    /// Shown name of each state node.
    let names: [Int: String]
    /// 1: compact one-row boxes; 3: boxes with a border all round.
    let boxHeight: Int

    struct Result {
        var width = 0
        var height = 0
        var rects: [Int: Rect] = [:]
        /// Fork and join bars, by node id.
        var bars: [Int: Rect] = [:]
        var routes: [Int: [GridPoint]] = [:]
    }

    /// Columns a box needs for its contents: status glyph, name, type badge, attempt count.
    static func contentWidth(name: String, node: GraphNode) -> Int {
        2 + name.count + 3 + node.typeName.count + (node.hasRetry ? 3 : 0)
    }

    func boxWidth(_ node: GraphNode) -> Int {
        Self.contentWidth(name: names[node.id] ?? node.name, node: node) + (boxHeight == 1 ? 2 : 4)
    }

    func layout(scope scopeID: Int) -> Result {
        let scope = graph.scopes[scopeID]
        var children: [Int: [Result]] = [:]
        var sizes: [Int: (width: Int, height: Int)] = [:]
        for id in scope.nodes {
            let node = graph.nodes[id]
            switch node.kind {
            case .fork, .join:
                sizes[id] = (1, 1)
            case .state where node.isContainer:
                let inner = node.childScopes.map { layout(scope: $0) }
                children[id] = inner
                let innerWidth = inner.map(\.width).reduce(0, +) + 3 * (inner.count - 1)
                let titleWidth = Self.contentWidth(name: names[id] ?? node.name, node: node) + 6
                sizes[id] = (max(innerWidth + 4, titleWidth), (inner.map(\.height).max() ?? 0) + 2)
            case .state:
                sizes[id] = (boxWidth(node), boxHeight)
            }
        }
        let ranking = GraphRanking.rank(scope: scope, in: graph)
        let ordering = GraphOrdering.order(scope: scope, ranking: ranking, in: graph)
        let placement = GraphPositioning.place(ordering: ordering, ranking: ranking, scope: scope, graph: graph) { sizes[$0] ?? (1, 1) }
        var result = Result(width: placement.width, height: placement.height)
        func rect(_ item: LayerItem) -> Rect {
            let r = placement.rank(of: item)
            let y = placement.rankY.indices.contains(r) ? placement.rankY[r] : 0
            switch item {
            case .node(let id):
                if graph.nodes[id].kind != .state { return Rect(x: 0, y: y, width: placement.width, height: 1) }
                let size = sizes[id] ?? (1, 1)
                return Rect(x: placement.x[item] ?? 0, y: y, width: size.width, height: size.height)
            case .dummy:
                return Rect(x: placement.x[item] ?? 0, y: y, width: 1, height: placement.rankHeight.indices.contains(r) ? placement.rankHeight[r] : 1)
            }
        }
        for id in scope.nodes {
            if graph.nodes[id].kind == .state { result.rects[id] = rect(.node(id)) } else { result.bars[id] = rect(.node(id)) }
        }
        result.routes = GraphRouting.routes(placement: placement, ordering: ordering, scope: scope, graph: graph, rect: rect)
        for (id, inner) in children {
            guard let box = result.rects[id] else { continue }
            let innerHeight = box.height - 2
            var x = box.x + 2
            for (child, scopeID) in zip(inner, graph.nodes[id].childScopes) {
                let stretched = stretch(child, scope: scopeID, to: innerHeight)
                merge(stretched, dx: x, dy: box.y + 1, into: &result)
                x += child.width + 3
            }
        }
        return result
    }

    /// Moves a branch's join bar down to the container's last inner row, lengthening the
    /// arrows that end on it, so that all branches of a Parallel join on one line.
    private func stretch(_ child: Result, scope: Int, to height: Int) -> Result {
        let delta = height - child.height
        guard delta > 0 else { return child }
        var out = child
        out.height = height
        for (id, bar) in child.bars where graph.nodes[id].kind == .join && graph.nodes[id].scope == scope {
            out.bars[id] = Rect(x: bar.x, y: bar.y + delta, width: bar.width, height: 1)
            for edge in graph.edges where edge.to == id {
                guard var cells = out.routes[edge.id], let last = cells.last else { continue }
                for step in 1...delta { cells.append(GridPoint(x: last.x, y: last.y + step)) }
                out.routes[edge.id] = cells
            }
        }
        return out
    }

    private func merge(_ child: Result, dx: Int, dy: Int, into result: inout Result) {
        for (id, r) in child.rects { result.rects[id] = Rect(x: r.x + dx, y: r.y + dy, width: r.width, height: r.height) }
        for (id, r) in child.bars { result.bars[id] = Rect(x: r.x + dx, y: r.y + dy, width: r.width, height: r.height) }
        for (id, cells) in child.routes { result.routes[id] = cells.map { GridPoint(x: $0.x + dx, y: $0.y + dy) } }
    }
}
