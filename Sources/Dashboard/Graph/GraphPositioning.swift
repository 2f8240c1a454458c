/// Pass 4: x and y of every item of one scope, the ports where edges leave and enter boxes,
/// the horizontal track each bending edge uses in the gap between two ranks, and the lanes
/// on the right that loops climb. All coordinates are relative to the scope's top-left.
///
/// Gap `g` lies above rank `g` (gap 0 above the first rank, gap `R` below the last): its
/// first rows are tracks, its last row holds the arrowheads.
struct ScopePlacement {
    var layers: [[LayerItem]]
    var x: [LayerItem: Int] = [:]
    var itemWidth: [LayerItem: Int] = [:]
    var itemHeight: [LayerItem: Int] = [:]
    var rankY: [Int] = []
    var rankHeight: [Int] = []
    var gapY: [Int] = []
    var gapHeight: [Int] = []
    /// Track row (0-based inside its gap) by (edge id, gap index).
    var track: [EdgeGap: Int] = [:]
    /// Lane column of each back-edge.
    var laneX: [Int: Int] = [:]
    var width = 0
    var height = 0
    /// Out- and in-edges of each item, in port order (left to right).
    var outOrder: [LayerItem: [Int]] = [:]
    var inOrder: [LayerItem: [Int]] = [:]
    /// Back-edges: (edge, source rank, target rank).
    var backEdges: [(edge: Int, from: Int, to: Int)] = []
    /// Fork and join nodes span the scope; their ports follow the other end of the edge.
    var bars: Set<LayerItem> = []

    struct EdgeGap: Hashable { var edge: Int; var gap: Int }

    func rank(of item: LayerItem) -> Int { layers.firstIndex(where: { $0.contains(item) }) ?? 0 }

    private func offset(_ index: Int, of count: Int, width: Int) -> Int {
        guard width > 2 else { return width / 2 }
        return 1 + ((index + 1) * (width - 2)) / (count + 1)
    }

    /// Column where `edge` leaves `item` (below it).
    func outPort(_ item: LayerItem, edge: Int, lower: LayerItem?) -> Int {
        if bars.contains(item), let lower { return inPort(lower, edge: edge, upper: nil) }
        let order = outOrder[item] ?? [edge]
        return x[item, default: 0] + offset(order.firstIndex(of: edge) ?? 0, of: order.count, width: itemWidth[item, default: 1])
    }

    /// Column where `edge` enters `item` (from above).
    func inPort(_ item: LayerItem, edge: Int, upper: LayerItem?) -> Int {
        if bars.contains(item), let upper { return outPort(upper, edge: edge, lower: nil) }
        let order = inOrder[item] ?? [edge]
        return x[item, default: 0] + offset(order.firstIndex(of: edge) ?? 0, of: order.count, width: itemWidth[item, default: 1])
    }
}

enum GraphPositioning {
    static let separation = 2

    static func place(ordering: ScopeOrdering, ranking: ScopeRanking, scope: GraphScope, graph: StateGraph,
                      size: (Int) -> (width: Int, height: Int)) -> ScopePlacement {
        var p = ScopePlacement(layers: ordering.layers)
        for layer in ordering.layers {
            for item in layer {
                switch item {
                case .node(let id):
                    let s = size(id)
                    p.itemWidth[item] = s.width; p.itemHeight[item] = s.height
                    if graph.nodes[id].kind != .state { p.bars.insert(item) }
                case .dummy:
                    p.itemWidth[item] = 1; p.itemHeight[item] = 0
                }
            }
        }
        // Port order: by the index of the other end in its layer; back-edges on the right.
        var index: [LayerItem: Int] = [:]
        for layer in ordering.layers { for (i, item) in layer.enumerated() { index[item] = i } }
        var outs: [LayerItem: [(Int, Int)]] = [:], ins: [LayerItem: [(Int, Int)]] = [:]
        var upperOf: [LayerItem: [LayerItem]] = [:], lowerOf: [LayerItem: [LayerItem]] = [:]
        for s in ordering.segments {
            outs[s.upper, default: []].append((index[s.lower] ?? 0, s.edge))
            ins[s.lower, default: []].append((index[s.upper] ?? 0, s.edge))
            upperOf[s.lower, default: []].append(s.upper)
            lowerOf[s.upper, default: []].append(s.lower)
        }
        for edgeID in scope.edges where ranking.backEdges.contains(edgeID) {
            let edge = graph.edges[edgeID]
            p.backEdges.append((edgeID, ranking.rank[edge.from] ?? 0, ranking.rank[edge.to] ?? 0))
            outs[.node(edge.from), default: []].append((Int.max, edgeID))
            ins[.node(edge.to), default: []].append((Int.max, edgeID))
        }
        p.outOrder = outs.mapValues { $0.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1) }
        p.inOrder = ins.mapValues { $0.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1) }

        assignX(&p, upperOf: upperOf, lowerOf: lowerOf, ordering: ordering)
        let contentWidth = p.layers.flatMap { $0 }.filter { !p.bars.contains($0) }
            .map { p.x[$0, default: 0] + p.itemWidth[$0, default: 1] }.max() ?? 1
        // Lanes: shorter loops nearer the content.
        let loops = p.backEdges.sorted { ($0.from - $0.to, $0.edge) < ($1.from - $1.to, $1.edge) }
        for (k, loop) in loops.enumerated() { p.laneX[loop.edge] = contentWidth + 1 + k }
        p.width = max(1, contentWidth + (loops.isEmpty ? 0 : 1 + loops.count))
        for bar in p.bars { p.x[bar] = 0; p.itemWidth[bar] = p.width }
        GraphTracks.assign(&p, ordering: ordering)
        assignY(&p)
        return p
    }

    private static func assignX(_ p: inout ScopePlacement, upperOf: [LayerItem: [LayerItem]], lowerOf: [LayerItem: [LayerItem]], ordering: ScopeOrdering) {
        for layer in p.layers {
            var cursor = 0
            for item in layer {
                p.x[item] = cursor
                cursor += p.itemWidth[item, default: 1] + separation
            }
        }
        let segmentEdges = Dictionary(ordering.segments.map { (SegmentKey(upper: $0.upper, lower: $0.lower), $0.edge) }, uniquingKeysWith: { a, _ in a })
        func pass(downward: Bool) {
            let ranks = downward ? Array(p.layers.indices) : Array(p.layers.indices.reversed())
            for r in ranks {
                let layer = p.layers[r]
                var desired: [Int] = []
                for item in layer {
                    let current = p.x[item, default: 0]
                    let neighbours = ((downward ? upperOf[item] : lowerOf[item]) ?? []).filter { !p.bars.contains($0) }
                    if neighbours.isEmpty || p.bars.contains(item) { desired.append(current); continue }
                    var total = 0
                    for n in neighbours {
                        let key = downward ? SegmentKey(upper: n, lower: item) : SegmentKey(upper: item, lower: n)
                        let edge = segmentEdges[key] ?? 0
                        if downward {
                            total += p.outPort(n, edge: edge, lower: item) - (p.inPort(item, edge: edge, upper: n) - current)
                        } else {
                            total += p.inPort(n, edge: edge, upper: item) - (p.outPort(item, edge: edge, lower: n) - current)
                        }
                    }
                    desired.append(Int((Double(total) / Double(neighbours.count)).rounded(.down)))
                }
                let widths = layer.map { p.itemWidth[$0, default: 1] }
                for (i, x) in balanced(desired: desired, widths: widths).enumerated() { p.x[layer[i]] = x }
            }
            let minX = p.layers.flatMap { $0 }.filter { !p.bars.contains($0) }.compactMap { p.x[$0] }.min() ?? 0
            for item in p.x.keys { p.x[item]! -= minX }
        }
        for _ in 0..<3 { pass(downward: true); pass(downward: false) }
        pass(downward: true)
    }

    /// Positions as close to `desired` as the order and the separation allow: the mean of
    /// packing from the left and packing from the right, so that no side is favoured.
    static func balanced(desired: [Int], widths: [Int]) -> [Int] {
        let n = desired.count
        guard n > 0 else { return [] }
        var fromLeft = desired, fromRight = desired
        for i in 1..<max(1, n) where n > 1 { fromLeft[i] = max(desired[i], fromLeft[i - 1] + widths[i - 1] + separation) }
        if n > 1 {
            for i in stride(from: n - 2, through: 0, by: -1) { fromRight[i] = min(desired[i], fromRight[i + 1] - widths[i] - separation) }
        }
        var result = (0..<n).map { (fromLeft[$0] + fromRight[$0]) / 2 }
        for i in 1..<max(1, n) where n > 1 { result[i] = max(result[i], result[i - 1] + widths[i - 1] + separation) }
        return result
    }

    private static func assignY(_ p: inout ScopePlacement) {
        let ranks = p.layers.count
        var gapTracks = Array(repeating: 0, count: ranks + 1)
        var gapUsed = Array(repeating: false, count: ranks + 1)
        for (key, t) in p.track { gapTracks[key.gap] = max(gapTracks[key.gap], t + 1); gapUsed[key.gap] = true }
        var y = 0
        for r in 0...ranks {
            let inner = r > 0 && r < ranks
            let h = gapUsed[r] ? gapTracks[r] + (r == ranks ? 0 : 1) : (inner ? 1 : 0)
            p.gapY.append(y); p.gapHeight.append(h)
            y += h
            if r < ranks {
                let height = p.layers[r].compactMap { p.itemHeight[$0] }.max() ?? 1
                p.rankY.append(y); p.rankHeight.append(max(1, height))
                y += max(1, height)
            }
        }
        p.height = y
    }
}

struct SegmentKey: Hashable { var upper: LayerItem; var lower: LayerItem }
