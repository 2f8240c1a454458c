import ASL
import Engine
import Foundation

/// What `pizzadash bench` prints.
package struct BenchmarkReport {
    let result: ThroughputBenchmark.Result
    let clock: String
    let concurrency: Int
    let mocked: Bool
    let orderStatuses: [String: Int]

    package init(result: ThroughputBenchmark.Result, clock: String, concurrency: Int, mocked: Bool, orderStatuses: [String: Int]) {
        self.result = result
        self.clock = clock
        self.concurrency = concurrency
        self.mocked = mocked
        self.orderStatuses = orderStatuses
    }

    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "executionsPerSecond": .number(result.executionsPerSecond.rounded3),
            "transitionsPerSecond": .number(result.transitionsPerSecond.rounded3),
            "p50Ms": .number((result.p50Seconds * 1000).rounded3),
            "p99Ms": .number((result.p99Seconds * 1000).rounded3),
            "cpuSecondsPerExecution": .number(result.cpuSecondsPerExecution.rounded9),
            "peakRSSBytes": .number(Double(result.peakRSSBytes)),
            "executions": .number(Double(result.executions)),
            "concurrency": .number(Double(concurrency)),
            "clock": .string(clock),
            "mocked": .bool(mocked),
            "wallSeconds": .number(result.wallSeconds.rounded6),
            "cpuSeconds": .number(result.cpuSeconds.rounded6),
            "stateTransitions": .number(Double(result.stateTransitions)),
            "historyEvents": .number(Double(result.historyEvents)),
            "statuses": .object(result.statuses.mapValues { .number(Double($0)) }),
        ]
        if !orderStatuses.isEmpty { object["orderStatuses"] = .object(orderStatuses.mapValues { .number(Double($0)) }) }
        return .object(object)
    }

    package var table: String {
        func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        let rows: [(String, String)] = [
            ("executions", "\(result.executions) (at most \(concurrency) at once, clock \(clock)\(mocked ? ", mocked tasks" : ""))"),
            ("statuses", result.statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ("order records", orderStatuses.isEmpty ? "-" : orderStatuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ("wall time", f(result.wallSeconds, 3) + " s"),
            ("executions/s", f(result.executionsPerSecond, 1)),
            ("state transitions/s", f(result.transitionsPerSecond, 1) + " (\(result.stateTransitions) transitions, \(result.historyEvents) events)"),
            ("latency p50", f(result.p50Seconds * 1000, 3) + " ms"),
            ("latency p99", f(result.p99Seconds * 1000, 3) + " ms"),
            ("CPU per execution", f(result.cpuSecondsPerExecution * 1e6, 1) + " µs (\(f(result.cpuSeconds, 3)) s in all)"),
            ("peak memory (RSS)", f(Double(result.peakRSSBytes) / 1_048_576, 1) + " MiB"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }
}

private extension Double {
    var rounded3: Double { (self * 1e3).rounded() / 1e3 }
    var rounded6: Double { (self * 1e6).rounded() / 1e6 }
    var rounded9: Double { (self * 1e9).rounded() / 1e9 }
}
