import AppRuntime
import ArgumentParser
import Foundation
import Terminal

extension TerminalTheme: ExpressibleByArgument {}

/// `pizzadash` with no subcommand: the live dashboard in the terminal (``DashboardApp``).
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard (the default): start executions and watch their workflows run."
    )

    @Option(help: "Clock speed: a factor of real time, or `instant` for virtual time; + and - change it live.")
    var speed = SpeedOption(.realTime)

    @Option(help: "The flavour the order form and ALL start with.")
    var flavour = "plain"

    @Option(help: "The per-step delay in seconds the order form and ALL start with (0...60).")
    var delay = 0.0

    @Option(help: "Also serve the HTTP API on this port (127.0.0.1), so orders placed with curl appear live.")
    var http: Int?

    @Option(help: "A state machine definition (ASL JSON) to show beside the pizza ones, named after its file; repeatable. It is stored, so it comes back at the next start.")
    var definition: [String] = []

    @Option(name: .customLong("mock-config"), help: "A Step Functions Local MockConfigFile: the form offers its test cases.")
    var mockConfig: String?

    @Option(help: "The terminal's background: dark or light (colours readable on it). NO_COLOR=1 turns colour off.")
    var theme: TerminalTheme = .dark

    @OptionGroup var store: StoreOption

    @OptionGroup var s3: S3RootOption

    /// `--endpoint`/`--region`/`--profile`: the dashboard of a Step Functions service elsewhere.
    @OptionGroup var remote: RemoteOptions

    @Flag(name: .customLong("read-only"), help: "With --endpoint: no start, stop or redrive (they otherwise ask for a confirmation).")
    var readOnly = false

    func validate() throws {
        if let http, !(0...65535).contains(http) { throw ValidationError("--http must be a port 0...65535, not \(http)") }
    }

    func run() throws {
        if remote.isRemote { return try runRemote() }
        if readOnly { throw ValidationError("--read-only goes with --endpoint (or --region, --profile): the local dashboard has no read-only mode") }
        var options = DashboardOptions(storePath: store.path, speed: speed.mode, flavour: flavour, delay: delay, httpPort: http,
                                       definitionFiles: definition, mockConfigFile: mockConfig)
        options.theme = theme
        options.s3Root = s3.s3Root
        options.usesColor = TerminalScreen.colorAllowed(environment: ProcessInfo.processInfo.environment)
        let signal = try CommandIO.setup { () throws(SetupFailure) in try DashboardApp.run(options) }
        if let signal, signal != SIGHUP { throw ExitCode(128 + signal) }
    }

    /// The same screens over a remote service; the header names its endpoint and region.
    private func runRemote() throws {
        let service = try remote.service()
        let title = ServiceDashboardApp.title(endpoint: service.endpoint.url.absoluteString, region: service.endpoint.region)
        let usesColor = TerminalScreen.colorAllowed(environment: ProcessInfo.processInfo.environment)
        let signal = try CommandIO.setup { () throws(SetupFailure) in
            try ServiceDashboardApp.run(service: service, title: title, readOnly: readOnly, theme: theme, usesColor: usesColor)
        }
        if let signal, signal != SIGHUP { throw ExitCode(128 + signal) }
    }
}
