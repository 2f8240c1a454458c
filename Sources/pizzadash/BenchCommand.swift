import AppRuntime
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
        let report = BenchmarkReport(result: result, clock: speed.mode.label, concurrency: min(concurrency, executions),
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
