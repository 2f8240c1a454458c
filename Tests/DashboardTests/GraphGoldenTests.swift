import ASL
import Testing
@testable import Dashboard

@Suite("Graph drawings (golden)")
struct GraphGoldenTests {
    @Test(arguments: ["chain", "choice-fanout", "nested-parallel", "map", "loop", "catches"])
    func shape(_ name: String) throws {
        let layout = try GraphLayout(definition: try GoldenFile.definition(name), maxWidth: 120)
        GoldenFile.check(drawing(layout), against: "\(name).w120.txt")
    }

    @Test func orderSagaWithFullNamesAt160() throws {
        let definition = try GoldenFile.definition("order-saga")
        let layout = try GraphLayout(definition: definition, maxWidth: 160)
        #expect(layout.width <= 160)
        for name in layout.stateNames { #expect(layout.shownName(of: name) == name) }
        GoldenFile.check(drawing(layout), against: "order-saga.w160.txt")
    }

    @Test func orderSagaFitsIn120By40() throws {
        let layout = try GraphLayout(definition: try GoldenFile.definition("order-saga"), maxWidth: 120, maxHeight: 40)
        #expect(layout.width <= 120)
        #expect(layout.height <= 40)
        #expect(layout.boxHeight == 1)
        // Short names stay whole; only the long ones are cut.
        #expect(layout.shownName(of: "Order Failed") == "Order Failed")
        #expect(layout.stateNames.contains { layout.shownName(of: $0)!.hasSuffix("…") })
        GoldenFile.check(drawing(layout), against: "order-saga.w120h40.txt")
    }

    @Test func pineappleCheckFitsIn80By24() throws {
        let layout = try GraphLayout(definition: try GoldenFile.definition("pineapple-check"), maxWidth: 80, maxHeight: 24)
        #expect(layout.width <= 80)
        #expect(layout.height <= 24)
        for name in layout.stateNames { #expect(layout.shownName(of: name) == name) }
        GoldenFile.check(drawing(layout), against: "pineapple-check.w80.txt")
    }

    @Test func tooNarrowIsAnError() throws {
        let definition = try GoldenFile.definition("order-saga")
        #expect(throws: GraphLayoutError.self) { try GraphLayout(definition: definition, maxWidth: 30) }
    }

    @Test func legendWrapsToWidth() {
        let legend = renderGraphLegend(width: 40)
        GoldenFile.check(legend.text, against: "legend.w40.txt")
        #expect(legend.lines.allSatisfy { $0.count <= 40 })
        #expect(legend.text.contains("↯ caught"))
    }
}
