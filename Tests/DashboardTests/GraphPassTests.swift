import ASL
import Testing
@testable import Dashboard

/// A definition from compact JSON text.
func machine(_ json: String) throws -> StateMachineDefinition { try StateMachineDefinition.load(text: json) }

func node(_ graph: StateGraph, _ name: String) -> Int { graph.nodes.first { $0.name == name }!.id }

@Suite("Graph passes")
struct GraphPassTests {
    let loopJSON = """
    {"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Next": "B"},
      "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericGreaterThan": 3, "Next": "D"}], "Default": "C"},
      "C": {"Type": "Pass", "Next": "A"},
      "D": {"Type": "Pass", "Next": "E"},
      "E": {"Type": "Succeed"}}}
    """

    @Test func extractionKeepsKindsAndLabels() throws {
        let graph = GraphExtraction.graph(of: try GoldenFile.definition("catches"))
        let catches = graph.edges.filter { $0.kind == .catch }
        #expect(catches.count == 4)
        #expect(Set(catches.map(\.to)) == [node(graph, "Apologise")])
        #expect(catches.map(\.label) .contains("catch CardDeclined"))
        #expect(graph.nodes[node(graph, "Cook")].hasRetry)
        let choice = GraphExtraction.graph(of: try machine(loopJSON))
        #expect(choice.edges.contains { $0.kind == .choice && $0.label == "x > 3" })
        #expect(choice.edges.contains { $0.kind == .default && $0.label == "default" })
    }

    @Test func extractionNestsBranchesWithForkAndJoin() throws {
        let graph = GraphExtraction.graph(of: try GoldenFile.definition("nested-parallel"))
        #expect(graph.scopes.count == 5)  // machine, 2 branches, 2 inner branches
        let kitchen = graph.nodes[node(graph, "Kitchen")]
        #expect(kitchen.childScopes.count == 2)
        for scopeID in kitchen.childScopes {
            let scope = graph.scopes[scopeID]
            #expect(scope.container == kitchen.id)
            #expect(graph.nodes[scope.entry].kind == .fork)
            #expect(scope.nodes.contains { graph.nodes[$0].kind == .join })
        }
        // Edges never leave their scope.
        for edge in graph.edges { #expect(graph.nodes[edge.from].scope == graph.nodes[edge.to].scope) }
    }

    @Test func rankingIsLongestPathAndFindsLoops() throws {
        let graph = GraphExtraction.graph(of: try machine(loopJSON))
        let ranking = GraphRanking.rank(scope: graph.scopes[0], in: graph)
        #expect(["A", "B", "C", "D", "E"].map { ranking.rank[node(graph, $0)]! } == [0, 1, 2, 2, 3])
        let back = ranking.backEdges.map { graph.edges[$0] }
        #expect(back.count == 1)
        #expect(back.first.map { ($0.from, $0.to) } ?? (0, 0) == (node(graph, "C"), node(graph, "A")))
    }

    @Test func rankingPutsTheJoinBelowTheDeepestState() throws {
        let graph = GraphExtraction.graph(of: try GoldenFile.definition("nested-parallel"))
        let toppings = graph.nodes[node(graph, "Toppings")]
        let branch = graph.scopes[toppings.childScopes[1]]  // Basil -> Olives
        let ranking = GraphRanking.rank(scope: branch, in: graph)
        let join = branch.nodes.first { graph.nodes[$0].kind == .join }!
        #expect(ranking.rank[join] == 3)
        #expect(ranking.rank[node(graph, "Olives")] == 2)
    }

    @Test func orderingRemovesAnAvoidableCrossing() throws {
        // A fans out to B and C; B leads to E and C to D, but D is listed first.
        let graph = GraphExtraction.graph(of: try machine("""
        {"StartAt": "A", "States": {
          "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "B"}], "Default": "C"},
          "D": {"Type": "Succeed"}, "E": {"Type": "Succeed"},
          "B": {"Type": "Pass", "Next": "E"}, "C": {"Type": "Pass", "Next": "D"}}}
        """))
        let scope = graph.scopes[0]
        let ranking = GraphRanking.rank(scope: scope, in: graph)
        let ordering = GraphOrdering.order(scope: scope, ranking: ranking, in: graph)
        #expect(ordering.crossings() == 0)
    }

    @Test func longEdgesGetOneDummyPerRankCrossed() throws {
        let graph = GraphExtraction.graph(of: try GoldenFile.definition("catches"))
        let scope = graph.scopes[0]
        let ranking = GraphRanking.rank(scope: scope, in: graph)
        let ordering = GraphOrdering.order(scope: scope, ranking: ranking, in: graph)
        let take = node(graph, "Take Order")
        let catchEdge = graph.edges.first { $0.from == take && $0.kind == .catch }!
        let dummies = ordering.layers.flatMap { $0 }.filter { if case .dummy(let e, _) = $0 { return e == catchEdge.id } else { return false } }
        #expect(dummies.count == 2)  // ranks of Charge Card and Cook
    }

    @Test func balancedPlacementKeepsOrderAndSeparation() {
        let xs = GraphPositioning.balanced(desired: [10, 10, 10], widths: [4, 4, 4])
        #expect(xs == [4, 10, 16])
        #expect(GraphPositioning.balanced(desired: [0, 50], widths: [5, 5]) == [0, 50])
    }

    @Test func positioningAlignsAChainStraight() throws {
        let layout = try GraphLayout(definition: try GoldenFile.definition("chain"), maxWidth: 120)
        for edge in layout.graph.edges {
            let route = try #require(layout.routes[edge.id])
            #expect(Set(route.map(\.x)).count == 1, "a chain's arrows are straight")
        }
    }

    @Test func tracksShareRowsAndKeepArrivalsBelowDepartures() {
        typealias Run = GraphTracks.Run
        let a = Run(key: .init(edge: 0, gap: 1), up: [10], down: [20], low: 10, high: 20)
        let b = Run(key: .init(edge: 1, gap: 1), up: [30], down: [40], low: 30, high: 40)
        let c = Run(key: .init(edge: 2, gap: 1), up: [5], down: [10], low: 5, high: 10)
        let tracks = GraphTracks.tracks(for: [a, b, c])
        #expect(tracks[a.key] == tracks[b.key], "disjoint runs share a track")
        #expect(tracks[a.key]! < tracks[c.key]!, "a leaves where c arrives, so a turns first")
    }

    @Test func routesAreOrthogonalAndEndAtBoxes() throws {
        let layout = try GraphLayout(definition: try GoldenFile.definition("loop"), maxWidth: 120)
        for edge in layout.graph.edges {
            let route = try #require(layout.routes[edge.id])
            for (a, b) in zip(route, route.dropFirst()) { #expect(abs(a.x - b.x) + abs(a.y - b.y) == 1) }
            let source = try #require(layout.rects[edge.from]), target = try #require(layout.rects[edge.to])
            #expect(route.first!.y == source.maxY)
            #expect(route.last!.y == target.y - 1)
        }
        // The loop climbs on the right of every box.
        let back = layout.graph.edges.first { layout.graph.nodes[$0.to].name == "Check Oven" }!
        let rightmost = layout.rects.values.map(\.maxX).max()!
        #expect(layout.routes[back.id]!.contains { $0.x > rightmost })
    }

    @Test func aJSONataConditionIsLabelledWithItsExpression() throws {
        let definition = try machine(#"""
            {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "Big"}], "Default": "Small"},
              "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}}
            """#)
        guard case .choice(let choice)? = definition.states["C"]?.kind else { Issue.record("C is not a Choice"); return }
        #expect(ChoiceLabel.text(choice.rules[0].condition, index: 0) == "n > 1")
    }

    @Test func shortenedNamesEndWithEllipsis() {
        #expect(GraphLayout.shorten("Begin Order Preparation (4)", to: 10) == "Begin Ord…")
        #expect(GraphLayout.shorten("Bake", to: 10) == "Bake")
    }
}
