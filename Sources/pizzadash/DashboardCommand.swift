import ArgumentParser
import Dashboard
import Engine
import Foundation
import Pizzeria
import Terminal

/// `pizzadash` with no subcommand: the live dashboard in the terminal.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default): place orders and watch their workflows run."
    )

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time; + and - change it live.")
    var speed = SpeedOption(.realTime)

    @Option(help: "The flavour the form and ALL start with.")
    var flavour = "plain"

    @Option(help: "The per-step delay in seconds the form and ALL start with (0...60).")
    var delay = 0.0

    func run() throws {
        if case .failure(let error) = OrderSpec.validate(flavour: flavour, delay: formatDelay(delay), errorOnStep: 0, workflow: .orderSaga) {
            throw CommandIO.fail("bad option: --\(error.field == .flavour ? "flavour" : "delay") \(error.message)")
        }
        let environment: TerminalEnvironment
        do {
            environment = try TerminalEnvironment.check()
        } catch {
            throw CommandIO.fail(String(error.description.dropFirst("pizzadash: ".count)))
        }
        let resources: WorkflowResources
        do {
            resources = try WorkflowResources.load()
        } catch {
            throw CommandIO.fail(error.description)
        }
        let loop = DashboardLoop(resources: resources, speed: speed.mode, flavour: flavour, delay: delay)
        let screen = TerminalScreen()
        do {
            try screen.start()
        } catch {
            throw CommandIO.fail(String(error.description.dropFirst("pizzadash: ".count)))
        }
        loop.run(on: screen)
        screen.stop()
        if let fallback = environment.localeFallback {
            FileHandle.standardError.write(Data("pizzadash: the locale was not UTF-8; the dashboard used \(fallback)\n".utf8))
        }
        if let signal = screen.terminationSignal, signal != SIGHUP {
            throw ExitCode(128 + signal)
        }
    }

    private func formatDelay(_ seconds: Double) -> String { seconds.isFinite ? String(seconds) : "nan" }
}
