import ASL
import Testing
@testable import Dashboard

@Suite("Graph layout properties")
struct GraphPropertyTests {
    /// Checks the invariants of one layout; returns the problems found.
    static func problems(in layout: GraphLayout, maxWidth: Int) -> [String] {
        var found: [String] = []
        let graph = layout.graph
        if layout.width > maxWidth { found.append("width \(layout.width) > \(maxWidth)") }
        let boxes = layout.stateBoxes
        let leaves = boxes.filter { !$0.node.isContainer }
        for (i, a) in leaves.enumerated() {
            for b in leaves[(i + 1)...] where a.rect.intersects(b.rect) { found.append("\(a.node.name) overlaps \(b.node.name)") }
        }
        func ancestors(ofScope scope: Int) -> Set<Int> {
            var result: Set<Int> = [], current = graph.scopes[scope].container
            while let c = current { result.insert(c); current = graph.scopes[graph.nodes[c].scope].container }
            return result
        }
        for (node, rect) in boxes {
            if rect.x < 0 || rect.y < 0 || rect.maxX > layout.width || rect.maxY > layout.height { found.append("\(node.name) outside the drawing") }
            // A box inside a container lies strictly within its border.
            for c in ancestors(ofScope: node.scope) {
                let outer = layout.rects[c]!
                if !(rect.x > outer.x && rect.maxX < outer.maxX && rect.y > outer.y && rect.maxY < outer.maxY) {
                    found.append("\(node.name) not inside \(graph.nodes[c].name)")
                }
            }
        }
        for edge in graph.edges {
            guard let route = layout.routes[edge.id], let first = route.first, let last = route.last else {
                found.append("edge \(edge.id) has no route"); continue
            }
            let source = layout.rects[edge.from] ?? layout.bars[edge.from]!
            let target = layout.rects[edge.to] ?? layout.bars[edge.to]!
            if !(first.y == source.maxY && first.x >= source.x && first.x < source.maxX) { found.append("edge \(edge.id) does not start at its source") }
            if !(last.y == target.y - 1 && last.x >= target.x && last.x < target.maxX) { found.append("edge \(edge.id) does not end at its target") }
            for (a, b) in zip(route, route.dropFirst()) where abs(a.x - b.x) + abs(a.y - b.y) != 1 {
                found.append("edge \(edge.id) jumps from \(a) to \(b)")
            }
            let allowed = ancestors(ofScope: graph.nodes[edge.from].scope)
            for cell in route {
                if cell.x < 0 || cell.y < 0 || cell.x >= layout.width || cell.y >= layout.height { found.append("edge \(edge.id) leaves the drawing") }
                for (node, rect) in boxes where rect.contains(cell) {
                    let inside = cell.x > rect.x && cell.x < rect.maxX - 1 && cell.y > rect.y + 1 && cell.y < rect.maxY - 2
                    if !(allowed.contains(node.id) && inside) { found.append("edge \(edge.id) \(edge.kind) crosses \(node.name) at \(cell)") }
                }
            }
        }
        for label in layout.labels where label.at.x + label.text.count > layout.width { found.append("label beyond the width") }
        return found
    }

    @Test(arguments: 0..<300)
    func randomDefinitionsLayOutCleanly(seed: Int) throws {
        var generator = DefinitionGenerator(seed: UInt64(seed) &* 7919 &+ 17)
        let json = generator.definitionJSON()
        let definition = try StateMachineDefinition.load(text: json)
        let maxWidth = 60 + Int(generator.random.next() % 120)
        let maxHeight: Int? = seed % 3 == 0 ? 30 : nil
        let layout: GraphLayout
        do {
            layout = try GraphLayout(definition: definition, maxWidth: maxWidth, maxHeight: maxHeight)
        } catch {
            // Too narrow is allowed, but then the layout at the width it asked for must work.
            guard case .tooNarrow(let needed, _) = error else { throw error }
            #expect(needed > maxWidth)
            layout = try GraphLayout(definition: definition, maxWidth: needed)
            #expect(Self.problems(in: layout, maxWidth: needed) == [], "\(json)")
            return
        }
        #expect(Self.problems(in: layout, maxWidth: maxWidth) == [], "\(json)")
        let canvas = renderGraph(layout, overlay: nil, viewport: (layout.width, layout.height), focus: nil)
        #expect(canvas.lines.allSatisfy { $0.count <= maxWidth })
        // Every state is drawn, whole or shortened.
        for name in layout.stateNames {
            let shown = try #require(layout.shownName(of: name))
            #expect(canvas.text.contains(shown))
            #expect(shown == name || shown.hasSuffix("…"))
        }
    }
}
