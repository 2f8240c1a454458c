import ASL

/// A cell position on the drawing grid: x grows to the right, y downwards.
public struct GridPoint: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func contains(_ p: GridPoint) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}

/// What a transition of the graph stands for.
public enum GraphEdgeKind: Sendable, Hashable {
    case next, choice, `default`, `catch`
    /// From a Parallel/Map fork bar to a branch's first state.
    case fork
    /// From a branch's last state to the join bar.
    case join
}

/// What a node of the graph is.
enum GraphNodeKind: Equatable {
    /// A state; containers (Parallel, Map) hold their branches as child scopes.
    case state
    /// The fork bar of a branch (one per branch scope).
    case fork
    /// The join bar of a branch.
    case join
}

/// A node of the extracted graph.
struct GraphNode {
    var id: Int
    var name: String
    var kind: GraphNodeKind
    var typeName: String
    var scope: Int
    /// Child scopes (branches) of a Parallel or the item processor of a Map.
    var childScopes: [Int] = []
    /// Whether the state has a Retry, so its box keeps room for an attempt count.
    var hasRetry: Bool = false
    /// Whether the state ends its machine or branch (`End`, Succeed or Fail).
    var ends: Bool = false
    var isContainer: Bool { !childScopes.isEmpty }
}

/// An edge of the extracted graph, always between two nodes of the same scope.
struct GraphEdge {
    var id: Int
    var from: Int
    var to: Int
    var kind: GraphEdgeKind
    var label: String?
}

/// One level of nesting: the top machine, a Parallel branch or a Map processor.
struct GraphScope {
    var id: Int
    var nodes: [Int] = []
    var edges: [Int] = []
    /// The first node (the start state, or the fork bar in a branch).
    var entry: Int = 0
    /// The Parallel/Map node holding this scope, nil for the top machine.
    var container: Int?
}

/// The graph of a definition: nodes, edges and nested scopes. Scope 0 is the machine.
struct StateGraph {
    var nodes: [GraphNode] = []
    var edges: [GraphEdge] = []
    var scopes: [GraphScope] = []

    func outEdges(_ node: Int) -> [GraphEdge] { edges.filter { $0.from == node } }
}
