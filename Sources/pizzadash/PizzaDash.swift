import ArgumentParser
import Foundation

/// The `pizzadash` command: the dashboard by default, and subcommands for headless use.
@main
struct PizzaDash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pizzadash",
        abstract: "Run AWS Step Functions workflows locally and watch them live.",
        subcommands: [DashboardCommand.self, RunCommand.self, ValidateCommand.self, OrderCommand.self, PineappleCommand.self,
                      GraphCommand.self, ServeCommand.self, ExecutionsCommand.self, HistoryCommand.self, WatchCommand.self, BenchCommand.self, RenderBenchCommand.self,
                      JSONataBenchCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// Bad usage exits 2 (not ArgumentParser's 64), as every subcommand documents.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
