import ASL
import Dashboard
import Engine
import Foundation
import Pizzeria
import StepFunctions

/// The cost of one dashboard frame showing the timeline of a very long execution: a Map of
/// one iteration per item, each iteration two Pass states (six events), unfolded so that its
/// thousands of iterations are rows; the frame is drawn as the loop draws it.
package enum TimelineRenderBenchmark {
    /// The frame times in milliseconds (the first one builds the timeline) and the history's length.
    package static func run(events: Int, frames: Int, width: Int, height: Int) throws(SetupFailure) -> (milliseconds: [Double], eventCount: Int) {
        let resources: WorkflowResources
        do { resources = try WorkflowResources.load() } catch { throw SetupFailure(error.description) }
        let engine = Engine(clock: .instant, startTime: 1_800_000_000)
        let (pizzeria, service) = try Pizzeria.unrecorded(engine: engine, resources: resources)
        let definition = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 40,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Weigh", "States": {
                "Weigh": {"Type": "Pass", "Next": "Pack"}, "Pack": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """
        // MapStateEntered, MapStateStarted, the iterations' six events each, MapStateSucceeded,
        // MapStateExited, and the execution's start and end: 6 per item and 6 more.
        let items = max(1, (events - 6) / 6)
        let arn: String
        do {
            _ = try service.onLoop.createStateMachine(name: "timeline-bench", definition: definition)
            let loop = DashboardLoop(service: service, engine: engine, pizzeria: pizzeria, flavour: "plain", delay: 0)
            let started = try service.onLoop.startExecution(StartExecutionInput(
                stateMachineArn: LocalARN.stateMachine("timeline-bench"), input: ["items": .array((0..<items).map { .number(Double($0)) })]))
            arn = started.executionArn
            loop.runEngine()
            loop.send(.input(.resize(width: width, height: height)))
            loop.send(.input(.key(.character("t"))))
            loop.send(.input(.key(.enter)))  // unfold the Map: one row per iteration
            guard case .timeline(arn) = loop.state.mode else { throw SetupFailure("the timeline did not open") }
            var milliseconds: [Double] = []
            var now = engine.scheduler.now
            for frame in 0..<frames {
                now += 0.25
                // Move the selection so that each frame draws other rows.
                if frame > 0 { loop.send(.input(.key(frame % 50 < 25 ? .pageDown : .pageUp))) }
                let start = DispatchTime.now().uptimeNanoseconds
                _ = loop.frame(width: width, height: height, now: now)
                milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return (milliseconds, loop.state.execution(arn)?.events.count ?? 0)
        } catch let error as SetupFailure {
            throw error
        } catch {
            throw SetupFailure("\(error)")
        }
    }
}
