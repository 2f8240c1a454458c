import AppRuntime
import ArgumentParser
import ASL
import Dashboard
import Engine
import Foundation
import Pizzeria

/// `pizzadash render-bench`: the cost of one dashboard frame with many executions in the list
/// and the order saga's live graph, measured on the real render path (no terminal needed).
struct RenderBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-bench",
        abstract: "Time the dashboard's render of one frame with N executions in the list and the saga graph."
    )

    @Option(help: "How many order-saga executions the list holds (placed as ALL orders, run in virtual time).")
    var executions = 10_000

    @Option(help: "Frames to render and time.")
    var frames = 200

    @Option(help: "Screen width in cells.")
    var width = 200

    @Option(help: "Screen height in cells.")
    var height = 60

    @Option(help: "Events in the long execution whose timeline is drawn in the second measurement (0 skips it).")
    var timelineEvents = 25_000

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard executions >= 1, frames >= 1 else { throw ValidationError("--executions and --frames must be at least 1") }
        guard width >= 1, height >= 1 else { throw ValidationError("--width and --height must be at least 1") }
        guard timelineEvents >= 0 else { throw ValidationError("--timeline-events must be 0 or more") }
    }

    func run() throws {
        let resources: WorkflowResources
        do { resources = try WorkflowResources.load() } catch { throw CommandIO.fail(error.description) }
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let (pizzeria, service) = try CommandIO.setup { () throws(SetupFailure) in try Pizzeria.unrecorded(engine: engine, resources: resources) }
        let all = try! OrderRequest(flavour: "pineapple", errorOnStep: ErrorStep.all.rawValue)
        var placed: [PlacedOrder] = []
        while placed.count < executions { placed += try! pizzeria.placeOrder(all) }
        engine.runUntilFinished(placed.compactMap { engine.execution($0.executionArn) })
        // The last order is still running, so the graph pane shows a live overlay.
        try! pizzeria.placeOrder(try! OrderRequest(perStepDelaySeconds: 5, errorOnStep: 0))
        engine.scheduler.run(until: { engine.executions.values.contains { $0.history.count > 8 && $0.status == .running } })

        let loop = DashboardLoop(service: service, engine: engine, pizzeria: pizzeria, flavour: "plain", delay: 0)
        var milliseconds: [Double] = []
        var now = engine.scheduler.now
        var canvas: Canvas?
        for _ in 0..<frames {
            now += 0.25 // an animation tick: elapsed times change, so the frame really is redrawn
            let start = DispatchTime.now().uptimeNanoseconds
            canvas = loop.frame(width: width, height: height, now: now)
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let nonBlank = canvas?.cells.filter { $0.character != " " }.count ?? 0
        // The first frame also lays out the graph and reads the 10,000 executions into the
        // dashboard's state (what opening the dashboard costs): reported on its own.
        let first = milliseconds[0]
        var steady = milliseconds.count > 1 ? Array(milliseconds.dropFirst()) : milliseconds
        steady.sort()
        let p50 = ThroughputBenchmark.Result.percentile(steady, 0.5)
        let p99 = ThroughputBenchmark.Result.percentile(steady, 0.99)
        let listed = engine.executions.count
        var timeline: (p50: Double, p99: Double, max: Double, first: Double, events: Int)?
        if timelineEvents > 0 {
            let measured = try CommandIO.setup { () throws(SetupFailure) in
                try TimelineRenderBenchmark.run(events: timelineEvents, frames: frames, width: width, height: height)
            }
            var rest = measured.milliseconds.count > 1 ? Array(measured.milliseconds.dropFirst()) : measured.milliseconds
            rest.sort()
            timeline = (ThroughputBenchmark.Result.percentile(rest, 0.5), ThroughputBenchmark.Result.percentile(rest, 0.99), rest.last ?? 0,
                        measured.milliseconds[0], measured.eventCount)
        }
        if json {
            var report: [String: JSONValue] = [
                "executions": .number(Double(listed)), "frames": .number(Double(frames)), "width": .number(Double(width)), "height": .number(Double(height)),
                "p50Ms": .number(p50), "p99Ms": .number(p99), "maxMs": .number(steady.last ?? 0), "firstFrameMs": .number(first),
            ]
            if let timeline {
                report["timelineEvents"] = .number(Double(timeline.events))
                report["timelineP50Ms"] = .number(timeline.p50)
                report["timelineP99Ms"] = .number(timeline.p99)
                report["timelineMaxMs"] = .number(timeline.max)
                report["timelineFirstFrameMs"] = .number(timeline.first)
            }
            report["peakRSSBytes"] = .number(Double(ThroughputBenchmark.peakRSSBytes()))
            print(JSONValue.object(report).serialized())
        } else {
            print("render of one \(width)x\(height) frame with \(listed) executions and the saga graph (\(nonBlank) drawn cells):")
            print(String(format: "  p50 %.3f ms   p99 %.3f ms   max %.3f ms over %d frames after the first", p50, p99, steady.last ?? 0, steady.count))
            print(String(format: "  first frame (graph layout, state built from every execution): %.3f ms", first))
            if let timeline {
                print("render of one \(width)x\(height) frame with the timeline of a \(timeline.events)-event execution (its Map unfolded):")
                print(String(format: "  p50 %.3f ms   p99 %.3f ms   max %.3f ms over %d frames after the first", timeline.p50, timeline.p99, timeline.max, max(1, frames - 1)))
                print(String(format: "  first frame (the timeline built from the history): %.3f ms", timeline.first))
            }
        }
    }
}
