import ASL

/// What the Mermaid and dot exports share: the extracted graph with a safe identifier for every
/// state (`s1`, `s2`, ... in the order the documents declare them, whatever the state is called),
/// the states of each scope, the loops, short edge labels, and the execution's reading of each
/// state and transition.
struct ExportGraph {
    let graph: StateGraph
    let overlay: ExecutionOverlay?
    private let ids: [Int: String]
    /// Every state, in the order of their identifiers (as the documents declare them).
    let statesInOrder: [GraphNode]
    /// The edges that close a loop (as the text layout finds them, scope by scope).
    let backEdges: Set<Int>

    /// Labels longer than this are cut with `…` (a JSONata condition can be a whole expression).
    static let maxLabelLength = 48

    init(_ definition: StateMachineDefinition, overlay: ExecutionOverlay?) {
        let graph = GraphExtraction.graph(of: definition)
        self.graph = graph
        self.overlay = overlay
        // Numbered in the order the documents declare them: each state, then what it holds.
        var order: [Int] = []
        func number(scope: Int) {
            for id in graph.scopes[scope].nodes where graph.nodes[id].kind == .state {
                order.append(id)
                for child in graph.nodes[id].childScopes { number(scope: child) }
            }
        }
        if !graph.scopes.isEmpty { number(scope: 0) }
        statesInOrder = order.map { graph.nodes[$0] }
        ids = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, "s\($0 + 1)") })
        backEdges = graph.scopes.reduce(into: []) { $0.formUnion(GraphRanking.rank(scope: $1, in: graph).backEdges) }
    }

    /// The identifier of a state node (also of the subgraph or cluster of a container).
    func id(_ node: Int) -> String { ids[node] ?? "n\(node)" }

    /// The states of a scope, in the order a traversal from its StartAt meets them.
    func states(in scope: Int) -> [GraphNode] {
        graph.scopes[scope].nodes.map { graph.nodes[$0] }.filter { $0.kind == .state }
    }

    /// The machine's start state.
    var start: GraphNode? {
        let entry = graph.scopes.first.map { graph.nodes[$0.entry] }
        return entry?.kind == .state ? entry : nil
    }

    /// The title of a container's `index`-th child scope: `branch N` for a Parallel, `each item`
    /// for a Map's item processor.
    func scopeTitle(_ container: GraphNode, index: Int) -> String {
        container.typeName == "Map" ? "each item" : "branch \(index + 1)"
    }

    /// The label an edge shows: the Choice rule, `default`, or `catch` and the errors caught.
    func label(_ edge: GraphEdge) -> String? {
        guard let text = edge.label else { return nil }
        return GraphLayout.shorten(text, to: Self.maxLabelLength)
    }

    /// The status of a state in the execution, nil without one.
    func status(_ node: GraphNode) -> StateRunStatus? { overlay?.status(of: node.name) }

    /// Whether the execution went along the edge.
    func isTaken(_ edge: GraphEdge) -> Bool { overlay?.isTaken(edge, in: graph) ?? false }

    /// Whether the execution started (the edge from the start marker).
    var startTaken: Bool { start.flatMap(status).map { $0 != .notStarted } ?? false }

    /// Whether the execution ended in `node` (the edge to the end marker): it succeeded there,
    /// or it is a Fail state that was entered.
    func endTaken(_ node: GraphNode) -> Bool {
        guard let status = status(node) else { return false }
        return status == .succeeded || (node.typeName == "Fail" && status == .failed)
    }
}
