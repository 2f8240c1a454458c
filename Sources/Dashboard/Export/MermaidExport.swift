import ASL

extension GraphExport {
    /// A Mermaid `flowchart TD` of the definition: one node per state labelled with its full
    /// name, its shape telling its type (Task a rectangle, Pass rounded, Wait a hexagon, Choice a
    /// rhombus, Succeed a stadium, Fail a double-bordered box), Parallel and Map states as
    /// subgraphs holding a subgraph per branch (or the Map's item processor), start and end
    /// markers, and an edge per transition: Next, each Choice rule (labelled with a short summary
    /// of the rule), Default, Catch (dashed, labelled with the errors it catches).
    ///
    /// With an execution, each state gets the class of its status (`classDef` per status) and the
    /// transitions taken are drawn heavier (`linkStyle`).
    public static func mermaid(_ definition: StateMachineDefinition, overlay: ExecutionOverlay? = nil) -> String {
        MermaidWriter(graph: ExportGraph(definition, overlay: overlay)).document()
    }
}

/// Writes the Mermaid text: nodes nested in their subgraphs first (Mermaid puts a node in the
/// subgraph where it first appears), then every edge, then the overlay's classes and link styles.
private struct MermaidWriter {
    let graph: ExportGraph
    private var lines: [String] = []
    /// Edges in the order written (linkStyle numbers them so) and whether each was taken/caught.
    private var edges: [(taken: Bool, caught: Bool)] = []

    static let startID = "machineStart"
    static let endID = "machineEnd"

    init(graph: ExportGraph) { self.graph = graph }

    func document() -> String {
        var writer = self
        writer.lines = ["flowchart TD"]
        writer.lines.append("    \(Self.startID)((\"Start\"))")
        writer.declare(scope: 0, indent: 1)
        writer.lines.append("    \(Self.endID)((\"End\"))")
        writer.writeEdges()
        if graph.overlay != nil { writer.writeClasses() }
        return writer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func declare(scope: Int, indent: Int) {
        let pad = String(repeating: "    ", count: indent)
        for node in graph.states(in: scope) {
            let id = graph.id(node.id)
            guard node.isContainer else {
                lines.append(pad + id + Self.shape(node.typeName, ExportEscaping.mermaid(node.name)))
                continue
            }
            lines.append(pad + "subgraph \(id) [\(ExportEscaping.mermaid(node.name))]")
            for (index, child) in node.childScopes.enumerated() {
                lines.append(pad + "    subgraph \(id)_\(index + 1) [\(ExportEscaping.mermaid(graph.scopeTitle(node, index: index)))]")
                declare(scope: child, indent: indent + 2)
                lines.append(pad + "    end")
            }
            lines.append(pad + "end")
        }
    }

    /// The node's brackets around its quoted label.
    static func shape(_ type: String, _ label: String) -> String {
        switch type {
        case "Choice": return "{\(label)}"
        case "Pass": return "(\(label))"
        case "Wait": return "{{\(label)}}"
        case "Succeed": return "([\(label)])"
        case "Fail": return "[[\(label)]]"
        default: return "[\(label)]"
        }
    }

    private mutating func writeEdges() {
        lines.append("")
        if let start = graph.start {
            lines.append("    \(Self.startID) --> \(graph.id(start.id))")
            edges.append((graph.startTaken, false))
        }
        for edge in graph.graph.edges {
            let from = graph.graph.nodes[edge.from], to = graph.graph.nodes[edge.to]
            guard from.kind == .state, to.kind == .state else { continue }  // fork and join: the subgraph shows them
            let arrow = edge.kind == .catch ? "-.->" : "-->"
            let label = graph.label(edge).map { "|\(ExportEscaping.mermaid($0))|" } ?? ""
            lines.append("    \(graph.id(from.id)) \(arrow)\(label) \(graph.id(to.id))")
            edges.append((graph.isTaken(edge), edge.kind == .catch))
        }
        for node in graph.states(in: 0) where node.ends {
            lines.append("    \(graph.id(node.id)) --> \(Self.endID)")
            edges.append((graph.endTaken(node), false))
        }
    }

    private mutating func writeClasses() {
        lines.append("")
        for status in StateRunStatus.legendOrder {
            let p = StatusPalette.of(status)
            var style = "fill:\(p.fill),stroke:\(p.stroke),color:\(p.text)"
            if p.heavy { style += ",stroke-width:3px" }
            if p.dashed { style += ",stroke-dasharray:5 3" }
            lines.append("    classDef \(status.exportClass) \(style)")
        }
        var byClass: [String: [String]] = [:]
        var containers: [(String, StatusPalette)] = []
        for node in graph.statesInOrder {
            guard let status = graph.status(node) else { continue }
            if node.isContainer {
                containers.append((graph.id(node.id), StatusPalette.of(status)))
            } else {
                byClass[status.exportClass, default: []].append(graph.id(node.id))
            }
        }
        for status in StateRunStatus.legendOrder {
            if let ids = byClass[status.exportClass] { lines.append("    class \(ids.joined(separator: ",")) \(status.exportClass)") }
        }
        // Subgraphs take `style` in every Mermaid version (`class` on a subgraph only in recent ones).
        for (id, p) in containers { lines.append("    style \(id) fill:\(p.fill),stroke:\(p.stroke),color:\(p.text)") }
        for (caught, colour) in [(false, StatusPalette.takenEdge), (true, StatusPalette.caughtEdge)] {
            let numbers = edges.indices.filter { edges[$0].taken && edges[$0].caught == caught }
            if !numbers.isEmpty {
                lines.append("    linkStyle \(numbers.map(String.init).joined(separator: ",")) stroke:\(colour),stroke-width:3px")
            }
        }
    }
}
