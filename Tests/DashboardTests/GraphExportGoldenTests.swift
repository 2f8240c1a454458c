import ASL
import Engine
import Pizzeria
import Testing
@testable import Dashboard

/// The order saga exported in every format, plain and coloured by a real execution (errorOnStep 4:
/// the kitchen fails inside the Parallel, the Catch rolls the order back), as golden files.
@Suite("Graph exports (golden)")
struct GraphExportGoldenTests {
    /// What `pizzadash graph Resources/order-saga.asl.json --format F` prints.
    @Test(arguments: GraphExportFormat.allCases)
    func orderSaga(_ format: GraphExportFormat) throws {
        let document = try GraphExport.render(try GoldenFile.definition("order-saga"), as: format)
        #expect(document.hasSuffix("\n"))
        GoldenFile.check(String(document.dropLast()), against: "order-saga.export.\(format.fileExtension)")
    }

    @Test(arguments: GraphExportFormat.allCases)
    func orderSagaWithItsKitchenFailure(_ format: GraphExportFormat) throws {
        let (definition, overlay) = try Self.kitchenFailure()
        let document = try GraphExport.render(definition, as: format, overlay: overlay)
        GoldenFile.check(String(document.dropLast()), against: "order-saga.errorOnStep4.export.\(format.fileExtension)")
    }

    static func kitchenFailure() throws -> (StateMachineDefinition, ExecutionOverlay) {
        let (definition, history) = try OutcomeOverlayGoldenTests.finishedHistory { pizzeria in
            let order = try! pizzeria.placeOrder(try! OrderRequest(errorOnStep: 4))[0]
            return pizzeria.engine.execution(order.executionArn)!
        }
        return (definition, ExecutionOverlay(events: history, definition: definition))
    }

    /// `--format text` is the drawing `graph` printed before formats existed: the golden
    /// drawings, plus the legend after a blank line when an execution is overlaid.
    @Test func textIsTheDrawingGraphAlwaysPrinted() throws {
        let definition = try GoldenFile.definition("order-saga")
        let layout = try GraphLayout(definition: definition, maxWidth: 160)
        #expect(try GraphExport.text(definition, options: GraphTextOptions(width: 160)) == drawing(layout) + "\n")
        let (run, overlay) = try Self.kitchenFailure()
        let legend = renderGraphLegend(width: 160).text
        #expect(try GraphExport.text(run, overlay: overlay, options: GraphTextOptions(width: 160))
                == drawing(layout, overlay: overlay) + "\n\n" + legend + "\n")
        let cut = try GraphExport.text(definition, options: GraphTextOptions(width: 120, height: 40))
        #expect(cut == (try drawing(GraphLayout(definition: definition, maxWidth: 120, maxHeight: 40))) + "\n")
        let coloured = try GraphExport.text(run, overlay: overlay, options: GraphTextOptions(width: 160, color: true))
        #expect(coloured.contains("\u{1B}["))
    }

    @Test func theSVGIsColouredByTheExecutionWithALegend() throws {
        let (definition, overlay) = try Self.kitchenFailure()
        let svg = try GraphExport.svg(definition, overlay: overlay)
        #expect(svg.contains("<title>Begin Order Preparation (4) (Task): failed</title>"))
        #expect(svg.contains("<title>Payment Processed (Parallel): caught</title>"))
        #expect(svg.contains(StatusPalette.of(.failed).fill))
        #expect(svg.contains("class=\"legend\""))
        #expect(svg.contains("arrow-taken"))
        let plain = try GraphExport.svg(definition)
        #expect(!plain.contains("class=\"legend\""))
        #expect(!plain.contains(StatusPalette.of(.failed).fill))
    }

    @Test func mermaidAndDotCarryTheStatuses() throws {
        let (definition, overlay) = try Self.kitchenFailure()
        let mermaid = GraphExport.mermaid(definition, overlay: overlay)
        let ids = ExportGraph(definition, overlay: nil)
        func id(_ name: String) -> String { ids.id(ids.graph.nodes.first { $0.name == name }!.id) }
        #expect(mermaid.contains("classDef failed "))
        let failedClass = mermaid.split(separator: "\n").first { $0.hasPrefix("    class ") && $0.hasSuffix(" failed") }
        #expect(failedClass.map { $0.split(separator: " ")[1].split(separator: ",").contains(Substring(id("Begin Order Preparation (4)"))) } == true)
        #expect(mermaid.contains("style \(id("Payment Processed")) fill:\(StatusPalette.of(.caught).fill)"))
        #expect(mermaid.contains("linkStyle "))
        let dot = GraphExport.dot(definition, overlay: overlay)
        #expect(dot.contains("\"\(id("Begin Order Preparation (4)"))\" [label=\"Begin Order Preparation (4)\""))
        #expect(dot.contains("fillcolor=\"\(StatusPalette.of(.failed).fill)\""))
        #expect(dot.contains("penwidth=2.5"))
    }
}
