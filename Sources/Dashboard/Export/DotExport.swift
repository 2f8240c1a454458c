import ASL

extension GraphExport {
    /// A Graphviz `digraph` of the definition, top to bottom: a node per state labelled with its
    /// full name and shaped by its type (Task a rounded box, Pass a box, Wait a hexagon, Choice a
    /// diamond, Succeed an ellipse, Fail an octagon), each Parallel or Map a cluster holding a
    /// cluster per branch (or the Map's item processor) between a fork bar and a join bar, start
    /// and end markers, and an edge per transition: Next, each Choice rule and Default
    /// (labelled), Catch (dashed, labelled with the errors it catches).
    ///
    /// With an execution, states are filled with their status's colours and the transitions taken
    /// drawn heavier. Every identifier and label is quoted and escaped; `dot -Tsvg` renders it.
    public static func dot(_ definition: StateMachineDefinition, overlay: ExecutionOverlay? = nil) -> String {
        DotWriter(graph: ExportGraph(definition, overlay: overlay)).document()
    }
}

/// Writes the dot text: defaults, the nodes nested in their clusters, then every edge.
private struct DotWriter {
    let graph: ExportGraph
    private var lines: [String] = []

    static let font = "Helvetica"

    init(graph: ExportGraph) { self.graph = graph }

    func document() -> String {
        var writer = self
        writer.lines = [
            "digraph \"state machine\" {",
            "    graph [rankdir=TB, compound=true, fontname=\"\(Self.font)\", fontsize=11, nodesep=0.35, ranksep=0.45];",
            "    node [fontname=\"\(Self.font)\", fontsize=11, margin=\"0.15,0.06\"];",
            "    edge [fontname=\"\(Self.font)\", fontsize=9, color=\"\(StatusPalette.edge)\", fontcolor=\"\(StatusPalette.edge)\", arrowsize=0.7];",
            "    \"start\" [label=\"\", tooltip=\"Start\", shape=circle, style=filled, fillcolor=\"#263238\", color=\"#263238\", width=0.22, fixedsize=true];",
        ]
        writer.declare(scope: 0, indent: 1)
        writer.lines.append("    \"end\" [label=\"\", tooltip=\"End\", shape=doublecircle, style=filled, fillcolor=\"#263238\", color=\"#263238\", width=0.16, fixedsize=true];")
        writer.writeEdges()
        writer.lines.append("}")
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ id: String) -> String { "\"\(id)\"" }

    private mutating func declare(scope: Int, indent: Int) {
        let pad = String(repeating: "    ", count: indent)
        for node in graph.states(in: scope) {
            let id = graph.id(node.id)
            let palette = graph.status(node).map(StatusPalette.of)
            guard node.isContainer else {
                lines.append(pad + quoted(id) + " [" + nodeAttributes(node, palette).joined(separator: ", ") + "];")
                continue
            }
            let look = palette ?? .container
            lines.append(pad + "subgraph \(quoted("cluster_" + id)) {")
            lines.append(pad + "    label=\(ExportEscaping.dot(node.name)); labeljust=l; fontsize=11;")
            lines.append(pad + "    style=\"rounded,filled\(look.dashed ? ",dashed" : "")\"; color=\"\(look.stroke)\"; fillcolor=\"\(look.fill)\"; fontcolor=\"\(look.text)\"; penwidth=\(look.heavy ? 2 : 1);")
            lines.append(pad + "    " + bar(id + "_fork"))
            for (index, child) in node.childScopes.enumerated() {
                lines.append(pad + "    subgraph \(quoted("cluster_\(id)_\(index + 1)")) {")
                lines.append(pad + "        label=\(ExportEscaping.dot(graph.scopeTitle(node, index: index))); labeljust=l; fontsize=9;")
                lines.append(pad + "        style=\"rounded,dashed,filled\"; color=\"\(StatusPalette.container.stroke)\"; fillcolor=\"#ffffff\"; fontcolor=\"\(StatusPalette.container.text)\"; penwidth=1;")
                declare(scope: child, indent: indent + 2)
                lines.append(pad + "    }")
            }
            lines.append(pad + "    " + bar(id + "_join"))
            lines.append(pad + "}")
        }
    }

    /// A fork or join bar: a thin filled box.
    private func bar(_ id: String) -> String {
        quoted(id) + " [label=\"\", shape=box, style=filled, fillcolor=\"#263238\", color=\"#263238\", width=1.2, height=0.05, fixedsize=true];"
    }

    private func nodeAttributes(_ node: GraphNode, _ palette: StatusPalette?) -> [String] {
        var styles: [String] = []
        let shape: String
        switch node.typeName {
        case "Task": shape = "box"; styles.append("rounded")
        case "Pass": shape = "box"
        case "Wait": shape = "hexagon"
        case "Choice": shape = "diamond"
        case "Succeed": shape = "ellipse"
        case "Fail": shape = "octagon"
        default: shape = "box"
        }
        let look = palette ?? .plain
        styles.append("filled")
        if look.dashed { styles.append("dashed") }
        var attributes = ["label=\(ExportEscaping.dot(node.name))", "tooltip=\(ExportEscaping.dot(node.typeName))", "shape=\(shape)",
                          "style=\"\(styles.joined(separator: ","))\"", "color=\"\(look.stroke)\"", "fillcolor=\"\(look.fill)\"",
                          "fontcolor=\"\(look.text)\""]
        if look.heavy { attributes.append("penwidth=2") }
        return attributes
    }

    /// The dot node an edge leaves from or arrives at: a state, or its container's bar.
    private func endpoint(_ id: Int, leaving: Bool) -> String {
        let node = graph.graph.nodes[id]
        switch node.kind {
        case .state where node.isContainer: return graph.id(id) + (leaving ? "_join" : "_fork")
        case .state: return graph.id(id)
        case .fork, .join:
            let container = graph.graph.scopes[node.scope].container ?? 0
            return graph.id(container) + (node.kind == .fork ? "_fork" : "_join")
        }
    }

    private mutating func writeEdges() {
        if let start = graph.start { edge("start", endpoint(start.id, leaving: false), [], taken: graph.startTaken, caught: false) }
        for edge in graph.graph.edges {
            let from = graph.graph.nodes[edge.from]
            var attributes: [String] = []
            if let label = graph.label(edge) { attributes.append("label=\(ExportEscaping.dot(label))") }
            // A loop's edge does not rank its target below its source, so that the flow keeps going down.
            if graph.backEdges.contains(edge.id) { attributes.append("constraint=false") }
            if edge.kind == .catch {
                attributes.append("style=dashed")
                // A Catch leaves the whole Parallel or Map, not its join bar (unless it goes back into it).
                if from.isContainer, edge.to != edge.from { attributes.append("ltail=\(quoted("cluster_" + graph.id(from.id)))") }
            }
            self.edge(endpoint(edge.from, leaving: true), endpoint(edge.to, leaving: false), attributes,
                      taken: graph.isTaken(edge), caught: edge.kind == .catch)
        }
        for node in graph.states(in: 0) where node.ends {
            edge(endpoint(node.id, leaving: true), "end", [], taken: graph.endTaken(node), caught: false)
        }
    }

    private mutating func edge(_ from: String, _ to: String, _ attributes: [String], taken: Bool, caught: Bool) {
        var attributes = attributes
        if taken {
            let colour = caught ? StatusPalette.caughtEdge : StatusPalette.takenEdge
            attributes += ["color=\"\(colour)\"", "fontcolor=\"\(colour)\"", "penwidth=2.5"]
        }
        let list = attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]"
        lines.append("    \(quoted(from)) -> \(quoted(to))\(list);")
    }
}
