import Foundation
import StepFunctions
import Terminal

/// The live dashboard of any Step Functions service in the terminal (`pizzadash --endpoint
/// URL`): the same screens and keys as the local dashboard, over ``ServiceDashboardLoop``.
/// The header names the endpoint and region; nothing else tells which backend is behind it.
package enum ServiceDashboardApp {
    /// The header's name for a service: `PizzaDash — http://127.0.0.1:8080 (us-east-1)`.
    package static func title(endpoint: String, region: String?) -> String {
        "PizzaDash — \(endpoint)" + (region.map { " (\($0))" } ?? "")
    }

    /// Runs the dashboard of `service` until quit.
    /// - Parameters:
    ///   - title: the header's name for the service (``title(endpoint:region:)``).
    ///   - readOnly: start, stop, redrive and `:open` refused (`--read-only`); otherwise each
    ///     asks for a confirmation (y/n).
    ///   - theme, usesColor: as the local dashboard's (`--theme`, `NO_COLOR`).
    /// - Returns: the signal that ended it (SIGINT, SIGTERM, ...), nil after `q`.
    package static func run(service: any StepFunctionsService, title: String, readOnly: Bool,
                            theme: TerminalTheme = .dark, usesColor: Bool = true) throws(SetupFailure) -> Int32? {
        let environment: TerminalEnvironment
        do { environment = try TerminalEnvironment.check() } catch { throw SetupFailure(String(error.description.dropFirst("pizzadash: ".count))) }
        let loop = ServiceDashboardLoop(service: service, title: title, readOnly: readOnly, confirmsActions: true)
        let screen = TerminalScreen(theme: theme, usesColor: usesColor)
        do { try screen.start() } catch { throw SetupFailure(String(error.description.dropFirst("pizzadash: ".count))) }
        let waker = screen.waker
        loop.run(on: screen, wake: waker.map { waker in { @Sendable in waker.wake() } })
        screen.stop()
        if let fallback = environment.localeFallback {
            FileHandle.standardError.write(Data("pizzadash: the locale was not UTF-8; the dashboard used \(fallback)\n".utf8))
        }
        return screen.terminationSignal
    }
}
