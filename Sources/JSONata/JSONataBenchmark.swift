import Foundation

/// Measures evaluations per second of parsed expressions (parse once, evaluate many, same input):
/// what `pizzadash jsonata-bench` runs.
public enum JSONataBenchmark {
    public struct Case: Sendable {
        public var name: String
        public var expression: String
        public var input: JSONataValue?
        public init(name: String, expression: String, input: JSONataValue?) {
            self.name = name
            self.expression = expression
            self.input = input
        }
    }

    public struct Result: Sendable {
        public var name: String
        public var evaluationsPerSecond: Double
        /// The last result, as compact JSON text (or "undefined"), to check implementations agree.
        public var output: String
    }

    /// Runs `testCase` for about `seconds` (after a short warm-up) and returns its rate.
    public static func run(_ testCase: Case, seconds: Double) throws(JSONataError) -> Result {
        let expr = try JSONataExpression(testCase.expression)
        var last: JSONataValue? = nil
        let warmUp = Date()
        while Date().timeIntervalSince(warmUp) < min(0.2, seconds / 5) { last = try expr.evaluate(ordered: testCase.input) }
        var count = 0
        var batch = 1
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<batch { last = try expr.evaluate(ordered: testCase.input) }
            count += batch
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed < seconds / 10 { batch *= 2 }
        }
        return Result(name: testCase.name, evaluationsPerSecond: Double(count) / elapsed, output: last?.description ?? "undefined")
    }
}
