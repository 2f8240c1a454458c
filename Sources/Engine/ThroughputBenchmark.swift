import ASL
import Foundation

/// Runs many executions of one definition and measures the engine: executions and state
/// transitions per second of wall time, per-execution wall-clock latency, CPU time and peak
/// memory. Generic: any definition, any handlers (installed by the caller on ``engine``).
///
/// At most `concurrency` executions are in flight; when one finishes (``Execution/onFinish(_:)``)
/// the next starts, so the loop always has `concurrency` executions to interleave.
/// State transitions are counted from each finished execution's history (its `...StateEntered`
/// events), not by an observer, so that measuring adds no work per event.
public final class ThroughputBenchmark {
    public let engine: Engine

    /// - Parameters:
    ///   - clock: `.instant` (virtual time, the default) or a scaled real-time clock.
    ///   - configure: installs handlers, queues consumers, ... on the fresh engine.
    public init(clock: ClockMode = .instant, seed: UInt64 = 0x5EED, configure: (Engine) -> Void = { _ in }) {
        engine = Engine(clock: clock, seed: seed)
        configure(engine)
    }

    /// Uses an engine the caller made and configured.
    public init(engine: Engine) {
        self.engine = engine
    }

    public struct Result: Sendable {
        /// Executions started (all of them run to an end unless the loop ran dry, see `statuses`).
        public var executions: Int
        public var wallSeconds: Double
        /// `...StateEntered` events over all executions.
        public var stateTransitions: Int
        /// History events over all executions.
        public var historyEvents: Int
        /// Wall-clock seconds from StartExecution to the final event, one per finished execution, sorted.
        public var latencies: [Double]
        /// Final statuses (`RUNNING` counts executions the loop could not finish, e.g. a callback
        /// nobody sends in virtual time).
        public var statuses: [String: Int]
        /// User + system CPU seconds of the process during the run.
        public var cpuSeconds: Double
        /// The process's peak resident set size (since it started), in bytes.
        public var peakRSSBytes: Int

        public var executionsPerSecond: Double { wallSeconds > 0 ? Double(latencies.count) / wallSeconds : 0 }
        public var transitionsPerSecond: Double { wallSeconds > 0 ? Double(stateTransitions) / wallSeconds : 0 }
        public var cpuSecondsPerExecution: Double { executions > 0 ? cpuSeconds / Double(executions) : 0 }
        public var p50Seconds: Double { Self.percentile(latencies, 0.50) }
        public var p99Seconds: Double { Self.percentile(latencies, 0.99) }

        /// Nearest-rank percentile of sorted values.
        public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p * Double(sorted.count)).rounded(.up))
            return sorted[min(max(rank, 1), sorted.count) - 1]
        }
    }

    /// Runs `executions` executions, at most `concurrency` at a time, and returns the figures.
    /// - Parameters:
    ///   - input: the input of the i-th execution (0-based).
    ///   - onFinish: called with each execution as it ends (to check outcomes), on the loop.
    public func run(definition: StateMachineDefinition, stateMachineName: String, executions total: Int, concurrency: Int,
                    mocks: MockConfig.TestCase? = nil, input: @escaping (Int) -> JSONValue,
                    onFinish: ((Int, Execution) -> Void)? = nil) throws(EngineError) -> Result {
        let limit = max(1, min(concurrency, total))
        var started = 0
        var finished = 0
        var transitions = 0
        var events = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(total)
        var statuses: [String: Int] = [:]
        var startError: EngineError?

        let cpuBefore = Self.cpuSeconds()
        let wallStart = Self.monotonicSeconds()

        func startNext() {
            guard started < total, startError == nil else { return }
            let index = started
            started += 1
            let begin = Self.monotonicSeconds()
            let execution: Execution
            do {
                execution = try engine.startExecution(definition: definition, stateMachineName: stateMachineName,
                                                      input: input(index), mocks: mocks)
            } catch {
                startError = error
                return
            }
            execution.onFinish { execution in
                latencies.append(Self.monotonicSeconds() - begin)
                finished += 1
                statuses[execution.status.rawValue, default: 0] += 1
                events += execution.history.count
                // By index: reading the type copies no event.
                let history = execution.history
                for index in history.indices where history[index].type.isEnteredFast { transitions += 1 }
                onFinish?(index, execution)
                startNext()
            }
        }

        for _ in 0..<limit { startNext() }
        engine.scheduler.run(until: { finished == started && (started == total || startError != nil) })
        let wallSeconds = Self.monotonicSeconds() - wallStart
        let cpuSeconds = Self.cpuSeconds() - cpuBefore
        if let startError { throw startError }

        let unfinished = started - finished
        if unfinished > 0 { statuses[ExecutionStatus.running.rawValue, default: 0] += unfinished }
        latencies.sort()
        return Result(executions: started, wallSeconds: wallSeconds, stateTransitions: transitions, historyEvents: events,
                      latencies: latencies, statuses: statuses, cpuSeconds: cpuSeconds, peakRSSBytes: Self.peakRSSBytes())
    }

    // MARK: - Process measurements

    /// A monotonic clock in seconds (CLOCK_MONOTONIC on Linux).
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    private static func selfUsage() -> rusage {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    /// User + system CPU seconds of this process so far.
    public static func cpuSeconds() -> Double {
        let usage = selfUsage()
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident set size of this process in bytes (`ru_maxrss` is KB on Linux, bytes on macOS).
    public static func peakRSSBytes() -> Int {
        let usage = selfUsage()
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }
}

extension HistoryEventType {
    /// ``isStateEntered`` without comparing strings.
    var isEnteredFast: Bool {
        switch self {
        case .passStateEntered, .taskStateEntered, .choiceStateEntered, .waitStateEntered, .succeedStateEntered,
             .failStateEntered, .parallelStateEntered, .mapStateEntered:
            return true
        default:
            return false
        }
    }
}
