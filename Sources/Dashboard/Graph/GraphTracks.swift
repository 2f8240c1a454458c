/// Pass 5a: gives each bending edge a horizontal track in the gap it crosses. Edges whose
/// horizontal runs do not touch share a track; an edge leaving at a column must turn above
/// any edge that arrives at that column, so that their vertical pieces never lie on each other.
enum GraphTracks {
    struct Run {
        var key: ScopePlacement.EdgeGap
        var up: [Int]
        var down: [Int]
        var low: Int
        var high: Int
    }

    static func assign(_ p: inout ScopePlacement, ordering: ScopeOrdering) {
        var runs: [Int: [Run]] = [:]
        for s in ordering.segments {
            let sx = p.outPort(s.upper, edge: s.edge, lower: s.lower)
            let tx = p.inPort(s.lower, edge: s.edge, upper: s.upper)
            guard sx != tx else { continue }
            let gap = p.rank(of: s.lower)
            runs[gap, default: []].append(Run(key: .init(edge: s.edge, gap: gap), up: [sx], down: [tx], low: min(sx, tx), high: max(sx, tx)))
        }
        for loop in p.backEdges {
            guard let lane = p.laneX[loop.edge] else { continue }
            let graphFrom = p.outOrder.first(where: { $0.value.contains(loop.edge) })?.key
            let graphTo = p.inOrder.first(where: { $0.value.contains(loop.edge) })?.key
            if let from = graphFrom {
                let sx = p.outPort(from, edge: loop.edge, lower: nil)
                runs[loop.from + 1, default: []].append(Run(key: .init(edge: loop.edge, gap: loop.from + 1), up: [sx, lane], down: [], low: min(sx, lane), high: max(sx, lane)))
            }
            if let to = graphTo {
                let tx = p.inPort(to, edge: loop.edge, upper: nil)
                runs[loop.to, default: []].append(Run(key: .init(edge: loop.edge, gap: loop.to), up: [], down: [tx, lane], low: min(tx, lane), high: max(tx, lane)))
            }
        }
        for (_, list) in runs {
            for (key, t) in tracks(for: list) { p.track[key] = t }
        }
    }

    /// Track index of each run: constraints first (topological), then the first free track.
    static func tracks(for runs: [Run]) -> [ScopePlacement.EdgeGap: Int] {
        let n = runs.count
        var above: [[Int]] = Array(repeating: [], count: n)  // above[b] = runs that must be above b
        var indegree = Array(repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n where a != b {
            if !Set(runs[a].up).isDisjoint(with: runs[b].down) { above[b].append(a); indegree[b] += 1 }
        } }
        // Among free choices, runs that go left take the upper tracks from the leftmost source,
        // runs that go right from the rightmost source: then their vertical pieces do not cross.
        func priority(_ i: Int) -> (Int, Int, Int) {
            let source = runs[i].up.first ?? runs[i].low
            let goesLeft = runs[i].low < source
            return (goesLeft ? 0 : 1, goesLeft ? source : -source, i)
        }
        var done = Array(repeating: false, count: n)
        var sequence: [Int] = []
        while sequence.count < n {
            let ready = (0..<n).filter { !done[$0] && indegree[$0] == 0 }
            // A cycle of constraints: break it at the leftmost run.
            let pick = (ready.isEmpty ? (0..<n).filter { !done[$0] } : ready).min { priority($0) < priority($1) }!
            done[pick] = true
            sequence.append(pick)
            for b in 0..<n where above[b].contains(pick) { indegree[b] -= 1 }
        }
        var track = Array(repeating: -1, count: n)
        var occupied: [[(Int, Int)]] = []
        for i in sequence {
            var t = above[i].map { track[$0] + 1 }.max() ?? 0
            while true {
                if t >= occupied.count { occupied.append([]) }
                let clash = occupied[t].contains { runs[i].low <= $0.1 + 1 && $0.0 <= runs[i].high + 1 }
                if !clash { break }
                t += 1
            }
            occupied[t].append((runs[i].low, runs[i].high))
            track[i] = t
        }
        var result: [ScopePlacement.EdgeGap: Int] = [:]
        for i in 0..<n { result[runs[i].key] = track[i] }
        return result
    }
}
