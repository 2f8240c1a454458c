import ASL
import Foundation
import Testing
import TestSupport
@testable import Dashboard

/// The exports handed to the programs that read them: `xmllint --noout` accepts every SVG, and
/// Graphviz's `dot -Tsvg` renders every digraph without an error or a warning. Run where the
/// tools are installed (`scripts/install-missing test` installs both, so CI always runs them).
@Suite("Graph exports in xmllint and dot")
struct GraphExportToolTests {
    /// Every shipped and golden definition, the order saga coloured by a real execution, and the
    /// definition whose names hold quotes, angle brackets, ampersands and backslashes.
    static func cases() throws -> [(String, StateMachineDefinition, ExecutionOverlay?)] {
        var cases = try GraphExportTests.definitions.map { (URL(fileURLWithPath: $0).lastPathComponent, try GraphExportTests.load($0), ExecutionOverlay?.none) }
        let (saga, overlay) = try GraphExportGoldenTests.kitchenFailure()
        cases.append(("order saga, errorOnStep 4", saga, overlay))
        cases.append(("awkward names", try StateMachineDefinition.load(text: GraphExportTests.awkwardDefinition), nil))
        cases.append(("containers in loops", try StateMachineDefinition.load(text: GraphExportTests.loopingContainers), nil))
        return cases
    }

    @Test(.enabled(if: ExternalTool.xmllint != nil, "xmllint is not installed (apt-get install libxml2-utils)"))
    func xmllintAcceptsEverySVG() throws {
        for (name, definition, overlay) in try Self.cases() {
            let result = try ExternalTool.run(ExternalTool.xmllint!, ["--noout"], onText: try GraphExport.svg(definition, overlay: overlay), fileName: "graph.svg")
            #expect(result.status == 0 && result.stderr.isEmpty, "xmllint on the SVG of \(name): \(result.stderr)")
        }
    }

    @Test(.enabled(if: ExternalTool.dot != nil, "Graphviz is not installed (apt-get install graphviz)"))
    func dotRendersEveryDigraph() throws {
        for (name, definition, overlay) in try Self.cases() {
            let result = try ExternalTool.run(ExternalTool.dot!, ["-Tsvg"], onText: GraphExport.dot(definition, overlay: overlay), fileName: "graph.dot")
            #expect(result.status == 0, "dot on \(name) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.isEmpty, "dot on \(name) warned: \(result.stderr)")
            #expect(result.stdout.contains("<svg"), "dot on \(name) drew no SVG")
            for state in GraphExportTests.allStateNames(definition) where !state.contains("\n") {
                // dot writes ' and - as character references.
                let drawn = ExportEscaping.xml(state).replacingOccurrences(of: "&apos;", with: "&#39;").replacingOccurrences(of: "-", with: "&#45;")
                #expect(result.stdout.contains(">" + drawn + "<"), "dot drew \(state) of \(name) as written")
            }
        }
    }

    /// dot's own SVG of the awkward names is well-formed too: the escaping survives the round trip.
    @Test(.enabled(if: ExternalTool.dot != nil && ExternalTool.xmllint != nil, "needs Graphviz and xmllint"))
    func dotsSVGOfAwkwardNamesIsWellFormed() throws {
        let machine = try StateMachineDefinition.load(text: GraphExportTests.awkwardDefinition)
        let drawn = try ExternalTool.run(ExternalTool.dot!, ["-Tsvg"], onText: GraphExport.dot(machine), fileName: "awkward.dot")
        #expect(drawn.status == 0)
        let checked = try ExternalTool.run(ExternalTool.xmllint!, ["--noout"], onText: drawn.stdout, fileName: "awkward.svg")
        #expect(checked.status == 0, "\(checked.stderr)")
    }
}
