import ArgumentParser
import ASL
import Engine
import Foundation
import Pizzeria

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run N executions of a definition and print executions/s, transitions/s, latency, CPU and memory.",
        discussion: """
        The pizza handlers are installed, so the order saga and the pineapple check run with their real local
        handlers (or with a MockConfigFile test case: mocked states skip their handler, as in Step Functions Local).
        When the input is an object with a numeric "orderId", execution i gets orderId + i, so that every order has
        its own record and outcomes can be checked (--same-order-id keeps them all equal). Exits 1 when
        --expect-status is given and any execution ended otherwise.
        """
    )

    @Argument(help: "The ASL definition (JSON).")
    var definition: String

    @Option(help: "The execution input, as JSON text.")
    var input: String?

    @OptionGroup var mocking: MockOptions

    @Option(help: "How many executions to run.")
    var executions = 1000

    @Option(help: "How many executions may run at once (a new one starts when one ends).")
    var concurrency = 100

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time.")
    var speed = SpeedOption(.instant)

    @Flag(name: .customLong("same-order-id"), help: "Give every execution the input's orderId unchanged.")
    var sameOrderId = false

    @Option(name: .customLong("expect-status"), help: "Fail (exit 1) unless every execution ends with this status, e.g. SUCCEEDED.")
    var expectStatus: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        if executions < 1 { throw ValidationError("--executions must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let expectStatus, ExecutionStatus(rawValue: expectStatus) == nil {
            throw ValidationError("--expect-status must be one of \(ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let setup: (StateMachineDefinition, JSONValue, MockConfig.TestCase?, String)
        do {
            setup = try prepare()
        } catch {
            throw CommandIO.fail(error.message)
        }
        let (definition, baseInput, mocks, machine) = setup
        let orders = OrderBook()
        let benchmark = ThroughputBenchmark(clock: speed.mode) { engine in
            Pizzeria.installHandlers(on: engine, orders: orders)
        }
        // Per-execution inputs are made up front so that building them is not measured.
        var inputs: [JSONValue] = []
        var baseOrderId: Int?
        if !sameOrderId, case .object(var object) = baseInput, let orderId = object["orderId"]?.intValue {
            baseOrderId = orderId
            inputs.reserveCapacity(executions)
            for i in 0..<executions {
                object["orderId"] = .number(Double(orderId + i))
                inputs.append(.object(object))
            }
        }
        let result: ThroughputBenchmark.Result
        do {
            result = try benchmark.run(definition: definition, stateMachineName: machine, executions: executions, concurrency: concurrency,
                                       mocks: mocks, input: { inputs.isEmpty ? baseInput : inputs[$0] })
        } catch {
            throw CommandIO.fail(error.description)
        }
        // Order records by final status (only with distinct order ids: shared ids overwrite each other).
        var orderStatuses: [String: Int] = [:]
        if let baseOrderId {
            for id in baseOrderId..<(baseOrderId + executions) {
                if let record = orders.record(id) { orderStatuses[record.status.name, default: 0] += 1 }
            }
        }
        let report = Report(result: result, clock: speed.mode.label, concurrency: min(concurrency, executions),
                            mocked: mocks != nil, orderStatuses: orderStatuses)
        if json {
            CommandIO.printJSON(report.json)
        } else {
            print(report.table)
        }
        if let expectStatus, result.statuses[expectStatus] != result.executions {
            FileHandle.standardError.write(Data("pizzadash: expected every execution to end \(expectStatus), got \(result.statuses)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func prepare() throws(UsageFailure) -> (StateMachineDefinition, JSONValue, MockConfig.TestCase?, String) {
        let loaded = try CommandIO.loadDefinition(definition)
        var inputValue: JSONValue = .object([:])
        if let input { inputValue = try CommandIO.parseJSON(input, what: "--input") }
        let (machine, mocks) = try mocking.machineAndMocks(forDefinition: definition)
        return (loaded, inputValue, mocks, machine)
    }
}

/// What `pizzadash bench` prints.
private struct Report {
    let result: ThroughputBenchmark.Result
    let clock: String
    let concurrency: Int
    let mocked: Bool
    let orderStatuses: [String: Int]

    var json: JSONValue {
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

    var table: String {
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
