/// A text drawn next to (or over) an edge: the Choice rule, `default`, or what a Catch catches.
struct EdgeLabel: Sendable, Equatable {
    var edge: Int
    var text: String
    var at: GridPoint
}

/// Pass 5c: puts each edge's label where it fits without covering a box, another route or
/// another label: over a long enough sideways run of its own route, else beside one of its
/// vertical cells; cut with `…` when only a shorter space is free, left out when none is.
enum GraphLabels {
    static func place(graph: StateGraph, rects: [Int: Rect], bars: [Int: Rect], routes: [Int: [GridPoint]], width: Int) -> [EdgeLabel] {
        var taken: [GridPoint: Int] = [:]  // route cells: how many routes use each
        for cells in routes.values { for c in Set(cells) { taken[c, default: 0] += 1 } }
        let boxes = Array(rects.values) + Array(bars.values)
        var labelled: Set<GridPoint> = []
        func free(_ p: GridPoint) -> Bool {
            p.x >= 0 && p.x < width && taken[p] == nil && !labelled.contains(p) && !boxes.contains { $0.contains(p) && !isContainerInside($0, p, rects: rects, graph: graph) }
        }
        var labels: [EdgeLabel] = []
        for edge in graph.edges.sorted(by: { $0.id < $1.id }) {
            guard let text = edge.label, let cells = routes[edge.id], cells.count > 1 else { continue }
            var placed: EdgeLabel?
            // Over a horizontal run of this route alone.
            var runStart = 0
            for i in 1...cells.count {
                let continues = i < cells.count && cells[i].y == cells[runStart].y
                if continues { continue }
                let run = cells[runStart..<i]
                if run.count >= text.count + 4 {
                    let left = run.map(\.x).min()! + 2
                    let y = cells[runStart].y
                    let spots = (0..<text.count).map { GridPoint(x: left + $0, y: y) }
                    if spots.allSatisfy({ taken[$0] == 1 && !labelled.contains($0) }) {
                        placed = EdgeLabel(edge: edge.id, text: text, at: GridPoint(x: left, y: y))
                        break
                    }
                }
                runStart = i
            }
            // Beside a vertical cell, right of it, else left of it: full text first, then the
            // longest cut that fits.
            if placed == nil {
                var bestCut: EdgeLabel?
                for (i, c) in cells.enumerated() where i > 0 && cells[i - 1].x == c.x {
                    var room = 0
                    while room < text.count + 1, free(GridPoint(x: c.x + 2 + room, y: c.y)) { room += 1 }
                    if free(GridPoint(x: c.x + 1, y: c.y)) {
                        if room >= text.count + 1 {
                            placed = EdgeLabel(edge: edge.id, text: text, at: GridPoint(x: c.x + 2, y: c.y))
                            break
                        }
                        if room - 1 >= 6, room - 1 > (bestCut?.text.count ?? 0) {
                            bestCut = EdgeLabel(edge: edge.id, text: String(text.prefix(room - 2)) + "…", at: GridPoint(x: c.x + 2, y: c.y))
                        }
                    }
                    // On the left, two blank cells before the label, so that it cannot be read
                    // as the label of a line further left.
                    var leftRoom = 0
                    while leftRoom < text.count + 2, free(GridPoint(x: c.x - 2 - leftRoom, y: c.y)) { leftRoom += 1 }
                    if free(GridPoint(x: c.x - 1, y: c.y)), leftRoom >= text.count + 2 {
                        placed = EdgeLabel(edge: edge.id, text: text, at: GridPoint(x: c.x - 1 - text.count, y: c.y))
                        break
                    }
                }
                placed = placed ?? bestCut
            }
            if let label = placed {
                labels.append(label)
                for k in 0..<label.text.count { labelled.insert(GridPoint(x: label.at.x + k, y: label.at.y)) }
            }
        }
        return labels
    }

    /// Inside a container (not on its border or bars) a cell may hold a label.
    private static func isContainerInside(_ rect: Rect, _ p: GridPoint, rects: [Int: Rect], graph: StateGraph) -> Bool {
        guard let id = rects.first(where: { $0.value == rect })?.key, graph.nodes[id].isContainer else { return false }
        return p.x > rect.x && p.x < rect.maxX - 1 && p.y > rect.y + 1 && p.y < rect.maxY - 2
    }
}
