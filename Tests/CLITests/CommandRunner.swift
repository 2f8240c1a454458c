import Foundation

/// Runs the built `pizzadash` binary (from `swift build`/`swift test`) and captures its output.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Parses stdout as JSON (Foundation's parser, independent of the product's own).
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/debug/pizzadash")

    /// Runs `pizzadash ARGS` in `directory` (default: a temporary directory, to show that
    /// the binary finds its resources from anywhere).
    static func run(_ arguments: [String], in directory: URL = FileManager.default.temporaryDirectory) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PIZZADASH_RESOURCES"] = nil
        // Commands that store (order, executions --wait) default to $XDG_DATA_HOME's store:
        // give each run its own empty one, so tests neither share state nor touch the user's.
        environment["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-cli-data-\(UUID().uuidString)").path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A command that hangs fails its test (killed, status 137) instead of hanging the suite.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
