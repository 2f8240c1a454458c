import TestSupport
import Foundation
import Testing

/// `pizzadash graph --format text|svg|dot|mermaid`, run as the issue checks it: from the
/// checkout, on `Resources/order-saga.asl.json`.
@Suite struct GraphCommandTests {
    static let saga = "Resources/order-saga.asl.json"

    /// Runs the binary in the package root, so that `Resources/...` is the relative path a user types.
    static func graph(_ arguments: [String]) throws -> PizzadashBinary.Result {
        try PizzadashBinary.run(["graph"] + arguments, in: PizzadashBinary.packageRoot)
    }

    /// Every state name of the saga, read with Foundation's parser (branches included).
    static func sagaStateNames() throws -> [String] {
        let data = try Data(contentsOf: PizzadashBinary.packageRoot.appendingPathComponent(saga))
        func names(_ machine: [String: Any]) -> [String] {
            let states = machine["States"] as? [String: [String: Any]] ?? [:]
            return states.flatMap { name, state in
                let branches = (state["Branches"] as? [[String: Any]]) ?? []
                let processor = (state["ItemProcessor"] ?? state["Iterator"]) as? [String: Any]
                return [name] + branches.flatMap(names) + (processor.map(names) ?? [])
            }
        }
        return names(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    @Test func mermaidIsAFlowchartThatNamesEveryState() throws {
        let result = try Self.graph([Self.saga, "--format", "mermaid"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("flowchart TD\n"))
        let names = try Self.sagaStateNames()
        #expect(names.count == 18)  // 14 in the machine, 2 in each branch of Payment Processed
        for name in names { #expect(result.stdout.contains("\"\(name)\""), "the flowchart names \(name)") }
    }

    @Test func dotIsADigraphThatGraphvizRenders() throws {
        let result = try Self.graph([Self.saga, "--format", "dot"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("digraph "))
        for name in try Self.sagaStateNames() { #expect(result.stdout.contains("label=\"\(name)\""), "the digraph names \(name)") }
        guard let dot = ExternalTool.dot else { return }  // CI installs graphviz (scripts/install-missing test)
        let drawn = try ExternalTool.run(dot, ["-Tsvg"], onText: result.stdout, fileName: "order-saga.dot")
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(drawn.stderr.isEmpty, "dot warned: \(drawn.stderr)")
        #expect(drawn.stdout.contains("<svg"))
    }

    @Test func textIsTheDefaultAndUnchanged() throws {
        let plain = try Self.graph([Self.saga])
        let text = try Self.graph([Self.saga, "--format", "text"])
        #expect(plain.status == 0 && text.status == 0)
        #expect(plain.stdout == text.stdout)
        #expect(plain.stdout.contains("Payment Processed · Parallel"))
    }

    /// An execution's history from `run --history`, drawn as an SVG file that xmllint accepts.
    @Test func svgOfAnExecutionWrittenToAFile() throws {
        let definition = try PizzadashBinary.temporaryFile(RunAndValidateCommandTests.waitAndChoose, name: "timer.asl.json")
        let run = try PizzadashBinary.run(["run", definition, "--input", #"{"seconds": 1}"#, "--speed", "instant", "--history"])
        #expect(run.status == 0, "\(run.stderr)")
        let history = try PizzadashBinary.temporaryFile(run.stdout, name: "history.json")
        let output = URL(fileURLWithPath: history).deletingLastPathComponent().appendingPathComponent("timer.svg").path
        let result = try Self.graph([definition, "--format", "svg", "--execution", history, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let svg = try String(contentsOfFile: output, encoding: .utf8)
        #expect(svg.contains("<title>Short (Fail): failed</title>"))
        #expect(svg.contains("<title>Long (Pass): not started</title>"))
        #expect(svg.contains("class=\"legend\""))
        if let xmllint = ExternalTool.xmllint {
            let checked = try ChildProcess.run(xmllint, ["--noout", output])
            #expect(checked.status == 0, "\(checked.stderr)")
        }
    }

    @Test func aBadFormatNamesTheChoices() throws {
        let result = try Self.graph([Self.saga, "--format", "png"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown graph format \"png\": choose one of text, svg, dot, mermaid"))
        let coloured = try Self.graph([Self.saga, "--format", "svg", "--color"])
        #expect(coloured.status == 2)
        #expect(coloured.stderr.contains("--color, --width and --height apply to --format text only"))
    }

    @Test func unreadableOrInvalidFilesAreNamed() throws {
        let missing = try Self.graph(["/nonexistent/machine.json", "--format", "dot"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the definition /nonexistent/machine.json: no such file"))
        let broken = try PizzadashBinary.temporaryFile("{\"StartAt\": ", name: "broken.json")
        let invalid = try Self.graph([broken, "--format", "mermaid"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("\(broken) is not a valid state machine definition"))
        let history = try PizzadashBinary.temporaryFile("{\"events\": 3}", name: "history.json")
        let badHistory = try Self.graph([Self.saga, "--format", "svg", "--execution", history])
        #expect(badHistory.status == 2)
        #expect(badHistory.stderr.contains("the history \(history) has no \"events\" array"))
        let unwritable = try Self.graph([Self.saga, "--format", "svg", "--output", "/nonexistent/dir/x.svg"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("cannot write /nonexistent/dir/x.svg"))
    }
}
