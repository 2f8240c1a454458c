import ArgumentParser
import ASL
import Foundation
import JSONata

/// `pizzadash jsonata-bench CASES.json`: evaluations/s of JSONata expressions, for bench/jsonata.sh.
struct JSONataBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonata-bench",
        abstract: "Measure JSONata evaluations/s (parse once, evaluate many) of the cases in a JSON file.",
        discussion: """
        The file holds an array of {"name", "expr", "data"} objects ("data" may be absent: no input).
        Prints one JSON object per case: {"name", "evals_per_sec", "output"}.
        """
    )

    @Argument(help: "The cases file (JSON).")
    var cases: String

    @Option(help: "Seconds to measure each case.")
    var seconds = 1.0

    func run() throws {
        let text = try String(contentsOfFile: cases, encoding: .utf8)
        guard case .array(let list) = try JSONataValue(parsingJSON: text).json else {
            throw ValidationError("the cases file must hold a JSON array")
        }
        // Re-read each case's data with member order kept.
        let ordered = try JSONataExpression("$").evaluate(ordered: try JSONataValue(parsingJSON: text))
        for (i, item) in list.enumerated() {
            guard let name = item["name"]?.stringValue, let expr = item["expr"]?.stringValue else {
                throw ValidationError("case \(i) needs a name and an expr")
            }
            let data = try JSONataExpression("$[\(i)].data").evaluate(ordered: ordered)
            let result = try JSONataBenchmark.run(.init(name: name, expression: expr, input: data), seconds: seconds)
            let line: JSONValue = ["name": .string(name), "evals_per_sec": .number(result.evaluationsPerSecond.rounded()), "output": .string(result.output)]
            print(line.serialized())
            fflush(stdout)
        }
    }
}
