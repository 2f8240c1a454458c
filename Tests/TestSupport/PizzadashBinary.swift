import Foundation

/// Runs the built `pizzadash` binary (from `swift build`/`swift test`) and captures its output.
public enum PizzadashBinary {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        /// Parses stdout as JSON (Foundation's parser, independent of the product's own).
        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
    }

    /// Tests/TestSupport/PizzadashBinary.swift -> the package root.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// What `swift build` made; the tests that run it need it built first.
    public static let binary = packageRoot.appendingPathComponent(".build/debug/pizzadash")
    public static var path: String { binary.path }

    /// Runs `pizzadash ARGS` in `directory` (default: a temporary directory, to show that
    /// the binary finds its resources from anywhere).
    public static func run(_ arguments: [String], in directory: URL = FileManager.default.temporaryDirectory) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIZZADASH_RESOURCES"] = nil
        // Commands that store (order, executions --wait) default to $XDG_DATA_HOME's store:
        // give each run its own empty one, so tests neither share state nor touch the user's.
        environment["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-cli-data-\(UUID().uuidString)").path
        // A command that hangs fails its test (killed after 120 s, status 137) instead of hanging the suite.
        let result = try ChildProcess.run(binary.path, arguments, environment: environment, directory: directory.path, timeout: 120)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    public static func temporaryFile(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Starts `pizzadash ARGS` in the background, its output discarded (the caller kills or waits).
    public static func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.start(binary.path, arguments, output: .discard)
    }
}
