/// An entry of a rank: a node, or a dummy that carries a long edge through the rank.
enum LayerItem: Hashable {
    case node(Int)
    case dummy(edge: Int, rank: Int)
}

/// Pass 3: the order of items within each rank of one scope. Long edges are split by dummies
/// so that every segment joins adjacent ranks; barycenter sweeps then reduce crossings.
struct ScopeOrdering {
    /// Items of each rank, left to right.
    var layers: [[LayerItem]]
    /// Segments between adjacent ranks: (upper item, lower item, edge id).
    var segments: [(upper: LayerItem, lower: LayerItem, edge: Int)]

    /// The number of crossing segment pairs.
    func crossings() -> Int {
        var position: [LayerItem: Int] = [:]
        for layer in layers { for (i, item) in layer.enumerated() { position[item] = i } }
        var byRank: [Int: [(Int, Int)]] = [:]
        for s in segments {
            guard let a = position[s.upper], let b = position[s.lower] else { continue }
            byRank[rankOf(s.upper), default: []].append((a, b))
        }
        var count = 0
        for pairs in byRank.values {
            for i in pairs.indices { for j in pairs.indices where j > i {
                if (pairs[i].0 - pairs[j].0) * (pairs[i].1 - pairs[j].1) < 0 { count += 1 }
            } }
        }
        return count
    }

    func rankOf(_ item: LayerItem) -> Int {
        layers.firstIndex(where: { $0.contains(item) }) ?? 0
    }
}

enum GraphOrdering {
    static func order(scope: GraphScope, ranking: ScopeRanking, in graph: StateGraph, sweeps: Int = 6) -> ScopeOrdering {
        var layers = Array(repeating: [LayerItem](), count: max(1, ranking.rankCount))
        for node in scope.nodes { layers[ranking.rank[node] ?? 0].append(.node(node)) }
        var segments: [(upper: LayerItem, lower: LayerItem, edge: Int)] = []
        for edgeID in scope.edges where !ranking.backEdges.contains(edgeID) {
            let edge = graph.edges[edgeID]
            let a = ranking.rank[edge.from] ?? 0, b = ranking.rank[edge.to] ?? 0
            var previous = LayerItem.node(edge.from)
            if b > a + 1 {
                for r in (a + 1)..<b {
                    let dummy = LayerItem.dummy(edge: edgeID, rank: r)
                    layers[r].append(dummy)
                    segments.append((previous, dummy, edgeID))
                    previous = dummy
                }
            }
            segments.append((previous, .node(edge.to), edgeID))
        }
        var ordering = ScopeOrdering(layers: layers, segments: segments)
        var upper: [LayerItem: [LayerItem]] = [:], lower: [LayerItem: [LayerItem]] = [:]
        for s in segments {
            upper[s.lower, default: []].append(s.upper)
            lower[s.upper, default: []].append(s.lower)
        }
        var best = ordering
        var bestCrossings = ordering.crossings()
        for sweep in 0..<sweeps {
            let downward = sweep % 2 == 0
            let ranks = downward ? Array(1..<max(1, ordering.layers.count)) : Array((0..<max(0, ordering.layers.count - 1)).reversed())
            for r in ranks {
                let reference = ordering.layers[downward ? r - 1 : r + 1]
                var position: [LayerItem: Int] = [:]
                for (i, item) in reference.enumerated() { position[item] = i }
                let current = ordering.layers[r]
                let keyed = current.enumerated().map { (index, item) -> (Double, Int, LayerItem) in
                    let neighbours = (downward ? upper[item] : lower[item]) ?? []
                    let places = neighbours.compactMap { position[$0] }
                    let center = places.isEmpty ? Double(index) : Double(places.reduce(0, +)) / Double(places.count)
                    return (center, index, item)
                }
                ordering.layers[r] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            let crossings = ordering.crossings()
            if crossings < bestCrossings { best = ordering; bestCrossings = crossings }
        }
        return best
    }
}
