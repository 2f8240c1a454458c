/// Pass 2: longest-path layering of one scope. Back-edges (loops) are found by a depth-first
/// search from the entry and left out of the layering; they are routed around the side later.
struct ScopeRanking: Equatable {
    /// Rank of each node of the scope, by node id.
    var rank: [Int: Int]
    /// Ids of the edges that close a loop.
    var backEdges: Set<Int>
    var rankCount: Int { (rank.values.max() ?? -1) + 1 }
}

enum GraphRanking {
    static func rank(scope: GraphScope, in graph: StateGraph) -> ScopeRanking {
        let edges = scope.edges.map { graph.edges[$0] }
        var out: [Int: [GraphEdge]] = [:]
        for edge in edges { out[edge.from, default: []].append(edge) }

        // Iterative DFS: an edge to a node still on the stack is a back-edge.
        var state: [Int: Int] = [:]  // 1 on stack, 2 done
        var backEdges: Set<Int> = []
        var postOrder: [Int] = []
        let roots = [scope.entry] + scope.nodes.filter { $0 != scope.entry }
        for root in roots where state[root] == nil {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let outs = out[top.node] ?? []
                if top.next < outs.count {
                    stack[stack.count - 1].next += 1
                    let edge = outs[top.next]
                    switch state[edge.to] {
                    case nil:
                        state[edge.to] = 1
                        stack.append((edge.to, 0))
                    case 1:
                        backEdges.insert(edge.id)
                    default:
                        break
                    }
                } else {
                    state[top.node] = 2
                    postOrder.append(top.node)
                    stack.removeLast()
                }
            }
        }
        // Longest path in topological order (reverse post-order).
        var rank: [Int: Int] = [:]
        for node in scope.nodes { rank[node] = 0 }
        for node in postOrder.reversed() {
            for edge in out[node] ?? [] where !backEdges.contains(edge.id) {
                rank[edge.to] = max(rank[edge.to]!, rank[node]! + 1)
            }
        }
        // The join sits below everything else of its branch.
        if let join = scope.nodes.first(where: { graph.nodes[$0].kind == .join }) {
            let deepest = scope.nodes.filter { $0 != join }.compactMap { rank[$0] }.max() ?? 0
            rank[join] = deepest + 1
        }
        return ScopeRanking(rank: rank, backEdges: backEdges)
    }
}
