import Foundation

/// Programs some tests hand their output to (Graphviz's `dot`, libxml2's `xmllint`), found on
/// `PATH`; `scripts/install-missing test` installs them, and tests that need one run only where it is.
public enum ExternalTool {
    /// The absolute path of `name` on `PATH`, nil if it is not installed.
    public static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static let dot = path("dot")
    public static let xmllint = path("xmllint")

    /// Runs `tool ARGS FILE` on `text` written to a temporary file named `fileName`.
    public static func run(_ tool: String, _ arguments: [String], onText text: String, fileName: String) throws -> ChildProcess.Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pizzadash-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(fileName)
        try Data(text.utf8).write(to: file)
        return try ChildProcess.run(tool, arguments + [file.path], timeout: 60)
    }
}
