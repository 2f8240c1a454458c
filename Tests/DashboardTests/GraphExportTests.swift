import ASL
import Foundation
import Testing
@testable import Dashboard

/// The export formats' promises for any definition: every state named, names escaped so the
/// documents stay well formed, identifiers safe, the format names parsed.
@Suite("Graph exports")
struct GraphExportTests {
    /// Every definition the product ships (Resources/) and the golden shapes.
    static let definitions: [String] = {
        let fm = FileManager.default
        func files(_ url: URL) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { url.appendingPathComponent($0).path }
        }
        return files(GoldenFile.resources) + files(GoldenFile.directory)
    }()

    static func load(_ path: String) throws -> StateMachineDefinition {
        try StateMachineDefinition.load(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// Every state name of a machine, branches and item processors included.
    static func allStateNames(_ machine: StateMachineDefinition) -> [String] {
        machine.states.values.flatMap { state -> [String] in
            switch state.kind {
            case .parallel(let branches): return [state.name] + branches.flatMap(allStateNames)
            case .map(let map): return [state.name] + allStateNames(map.itemProcessor)
            default: return [state.name]
            }
        }
    }

    @Test func theShippedDefinitionsAreAllHere() {
        let names = Self.definitions.map { URL(fileURLWithPath: $0).lastPathComponent }
        for shipped in ["order-saga.asl.json", "order-saga.jsonata.asl.json", "pineapple-check.asl.json"] { #expect(names.contains(shipped)) }
    }

    @Test(arguments: definitions)
    func mermaidAndDotNameEveryState(_ path: String) throws {
        let machine = try Self.load(path)
        let mermaid = GraphExport.mermaid(machine), dot = GraphExport.dot(machine)
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(dot.hasPrefix("digraph "))
        let names = Self.allStateNames(machine)
        #expect(!names.isEmpty)
        for name in names {
            #expect(mermaid.contains(ExportEscaping.mermaid(name)), "\(name) in the Mermaid of \(path)")
            #expect(dot.contains("label=" + ExportEscaping.dot(name)), "\(name) in the dot of \(path)")
            #expect(try GraphExport.svg(machine).contains(ExportEscaping.xml(name)), "\(name) in the SVG of \(path)")
        }
        MermaidSyntax.check(mermaid)
    }

    @Test func formatsParseByName() throws {
        #expect(try GraphExportFormat(parsing: "mermaid") == .mermaid)
        #expect(try GraphExportFormat(parsing: " SVG ") == .svg)
        #expect(GraphExportFormat.allCases.map(\.rawValue) == ["text", "svg", "dot", "mermaid"])
        #expect(throws: GraphExportFormatError(given: "png")) { try GraphExportFormat(parsing: "png") }
        #expect(GraphExportFormatError(given: "png").description == "unknown graph format \"png\": choose one of text, svg, dot, mermaid")
    }

    /// A state named with everything that could break a document.
    static let awkward = "a \"b\" <c> & d"
    static let awkwardDefinition = """
    {"StartAt": "a \\"b\\" <c> & d", "States": {
      "a \\"b\\" <c> & d": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"},
        "Catch": [{"ErrorEquals": ["Bad<Error>&\\"Co\\""], "Next": "back\\\\slash #1 | `tick` end"}], "Next": "Which?"},
      "Which?": {"Type": "Choice", "Choices": [{"Variable": "$.kind", "StringEquals": "x\\"<y>&z", "Next": "new\\nline & tab\\t"}],
        "Default": "back\\\\slash #1 | `tick` end"},
      "new\\nline & tab\\t": {"Type": "Succeed"},
      "back\\\\slash #1 | `tick` end": {"Type": "Fail", "Error": "E"}}}
    """

    /// Containers in loops: a Parallel whose Catch retries it, a branch that starts with a Map, a
    /// Choice that goes back into the Map, a Map that ends the machine.
    static let loopingContainers = """
    {"StartAt": "Try", "States": {
      "Try": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Try"}], "Next": "Again?", "Branches": [
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "End": true}}}, "End": true}}},
        {"StartAt": "Two", "States": {"Two": {"Type": "Fail", "Error": "E"}}}]},
      "Again?": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": true, "Next": "Last"}], "Default": "Try"},
      "Last": {"Type": "Map", "ItemProcessor": {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "End": true}}}, "End": true}}}
    """

    @Test func containersInLoops() throws {
        let machine = try StateMachineDefinition.load(text: Self.loopingContainers)
        let mermaid = GraphExport.mermaid(machine)
        MermaidSyntax.check(mermaid)
        #expect(mermaid.contains("s1 -.->|\"catch States.ALL\"| s1"))
        #expect(mermaid.contains("s6 --> machineEnd"))
        let dot = GraphExport.dot(machine)
        // Loops do not rank: the Parallel's fork stays above its join.
        #expect(dot.contains("\"s1_join\" -> \"s1_fork\" [label=\"catch States.ALL\", constraint=false, style=dashed];"))
        #expect(dot.contains("\"s5\" -> \"s1_fork\" [label=\"default\", constraint=false];"))
        #expect(dot.contains("\"s1_fork\" -> \"s2_fork\";"))
        #expect(dot.contains("\"s6_join\" -> \"end\";"))
        for name in Self.allStateNames(machine) { #expect(mermaid.contains(ExportEscaping.mermaid(name)) && dot.contains(ExportEscaping.dot(name))) }
    }

    @Test func namesAreEscapedInEveryFormat() throws {
        let machine = try StateMachineDefinition.load(text: Self.awkwardDefinition)
        let mermaid = GraphExport.mermaid(machine)
        #expect(mermaid.contains("[\"a #quot;b#quot; #lt;c#gt; #amp; d\"]"))
        #expect(mermaid.contains("[[\"back\\slash #35;1 #124; #96;tick#96; end\"]]"))
        #expect(mermaid.contains("([\"new line #amp; tab \"])"))
        #expect(mermaid.contains("|\"catch Bad#lt;Error#gt;#amp;#quot;Co#quot;\"|"))
        #expect(!mermaid.contains("<c>"))
        MermaidSyntax.check(mermaid)

        let dot = GraphExport.dot(machine)
        #expect(dot.contains("label=\"a \\\"b\\\" <c> &amp; d\""))
        #expect(dot.contains("label=\"back\\\\slash #1 | `tick` end\""))
        #expect(dot.contains("label=\"new\\nline &amp; tab\""))
        #expect(dot.contains("label=\"catch Bad<Error>&amp;\\\"Co\\\"\""))

        let svg = try GraphExport.svg(machine)
        #expect(svg.contains("a &quot;b&quot; &lt;c&gt; &amp; d"))
        #expect(!svg.contains("<c>"))
        #expect(!svg.contains("\"b\""))
    }

    @Test func xmlEscapingDropsWhatXMLCannotHold() {
        #expect(ExportEscaping.xml("a'b\"<>&\u{01}\t\u{FFFF}") == "a&apos;b&quot;&lt;&gt;&amp;\u{FFFD}\t\u{FFFD}")
        #expect(ExportEscaping.dot("x\\n\"\u{07}") == "\"x\\\\n\\\"\"")
        #expect(ExportEscaping.mermaid("#quot;") == "\"#35;quot;\"")
    }

    @Test func theSVGHasItsSizeAndViewBox() throws {
        let svg = try GraphExport.svg(try GoldenFile.definition("order-saga"))
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""))
        #expect(svg.contains("viewBox=\"0 0 "))
        #expect(svg.hasSuffix("</svg>\n"))
    }
}

/// A check of the Mermaid subset the export writes, line by line: every statement is one of the
/// forms below, with identifiers made of letters, digits and `_`, and every label quoted without
/// a bare quote inside; subgraphs balance. (The real parser is JavaScript; this keeps the writer
/// honest without it.)
enum MermaidSyntax {
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let identifier = #"[A-Za-z][A-Za-z0-9_]*"#
        let label = #""[^"]*""#
        let shapes = [#"\[\#(label)\]"#, #"\(\#(label)\)"#, #"\(\(\#(label)\)\)"#, #"\{\#(label)\}"#, #"\{\{\#(label)\}\}"#,
                      #"\(\[\#(label)\]\)"#, #"\[\[\#(label)\]\]"#].joined(separator: "|")
        let forms = [
            #"flowchart TD"#,
            #"\#(identifier)(\#(shapes))"#,
            #"subgraph \#(identifier) \[\#(label)\]"#,
            #"end"#,
            #"\#(identifier) (-->|-\.->)(\|\#(label)\|)? \#(identifier)"#,
            #"classDef \#(identifier) [a-z-]+:[^ ,]+( [0-9]+)?(,[a-z-]+:[^ ,]+( [0-9]+)?)*"#,
            #"class \#(identifier)(,\#(identifier))* \#(identifier)"#,
            #"style \#(identifier) [a-z-]+:[^ ,]+(,[a-z-]+:[^ ,]+)*"#,
            #"linkStyle [0-9]+(,[0-9]+)* [a-z-]+:[^ ,]+(,[a-z-]+:[^ ,]+)*"#,
        ]
        let patterns = forms.compactMap { try? Regex("^" + $0 + "$") }
        #expect(patterns.count == forms.count, sourceLocation: sourceLocation)
        var depth = 0
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("subgraph ") { depth += 1 }
            if line == "end" { depth -= 1 }
            #expect(depth >= 0, "an `end` without its subgraph", sourceLocation: sourceLocation)
            #expect(patterns.contains { line.wholeMatch(of: $0) != nil }, "not a statement of the subset: \(line)", sourceLocation: sourceLocation)
            // "end" is Mermaid's keyword: never an identifier.
            #expect(!line.hasPrefix("end ") && !line.hasSuffix(" end"), "`end` used as an identifier: \(line)", sourceLocation: sourceLocation)
        }
        #expect(depth == 0, "unbalanced subgraphs", sourceLocation: sourceLocation)
    }
}
