import ArgumentParser
import Engine
import Foundation

/// `pizzadash watch EXECUTION [--endpoint URL | --db PATH] [--exit-status]`: follows one
/// execution in plain text until it ends (``ExecutionWatch`` through the service seam), for
/// scripts and CI. Errors (an unreachable endpoint, refused credentials, an unknown execution)
/// are one line on stderr, exit 2.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow one execution until it ends: each state as it is entered and left, with its duration, then the final status.",
        discussion: "Without --endpoint, --region or --profile it reads the local store (--db), which another pizzadash may be running."
    )

    @Argument(help: "The execution's ARN (in the local store also its name, e.g. order-3).")
    var execution: String

    @OptionGroup var store: StoreOption

    @OptionGroup(title: "Remote endpoint") var remote: RemoteOptions

    @Flag(name: .customLong("exit-status"), help: "Exit 0 when the execution SUCCEEDED, 1 when it ended otherwise.")
    var exitStatus = false

    func run() throws {
        let source = try ExecutionSource(remote, store)
        // A name in the store is resolved to its ARN first; on an endpoint the ARN is needed.
        let arn = remote.isRemote ? execution : try source.describe(execution).executionArn
        print("watching \(arn) on \(source.label)")
        let ended = try source.watch(arn)
        if exitStatus, ended.status != .succeeded { throw ExitCode(1) }
    }
}
