import Foundation

/// A detached tmux session running one command; every wait is bounded.
public struct Tmux {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public let session: String
    public static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts `command` in a detached session of `width` x `height` (it needs the binary built).
    /// - Parameter environment: set for the command, after `NO_COLOR` is removed (a test
    ///   runner may set it, and the dashboard honours it) and `TERM`/`LANG` set.
    public init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        guard Self.executable != nil else {
            throw Failure(description: "tmux is not installed: the end-to-end tests need it (.ci/run installs it; or apt-get install tmux)")
        }
        guard FileManager.default.isExecutableFile(atPath: PizzadashBinary.path) else {
            throw Failure(description: "no binary at \(PizzadashBinary.path): run `swift build` first")
        }
        session = "pizzadash-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let extra = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value) " }.joined()
        // new-session may start the tmux server, which outlives the command: it gets no pipe to
        // hold open (its failure shows up as a capture-pane error instead).
        let status = Self.run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                               "env -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 " + extra + command + "; sleep 30"], output: .discard)
        guard status.code == 0 else { throw Failure(description: "tmux new-session failed (status \(status.code))") }
    }

    public func send(_ keys: String...) { _ = Self.run(["send-keys", "-t", session] + keys) }
    public func type(_ text: String) { _ = Self.run(["send-keys", "-t", session, "-l", text]) }
    public func resize(width: Int, height: Int) { _ = Self.run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)]) }
    public func kill() { _ = Self.run(["kill-session", "-t", session]) }

    public func capture() throws -> String {
        let result = Self.run(["capture-pane", "-p", "-t", session])
        guard result.code == 0 else { throw Failure(description: "tmux capture-pane failed: \(result.output)") }
        return result.output
    }

    /// The screen with tmux's escape sequences for colours and attributes (`capture-pane -e`).
    public func captureWithEscapes() throws -> String {
        let result = Self.run(["capture-pane", "-p", "-e", "-t", session])
        guard result.code == 0 else { throw Failure(description: "tmux capture-pane failed: \(result.output)") }
        return result.output
    }

    /// The SGR parameters (`32`, `1;38;5;10`...) in force where `text` first appears on a screen
    /// captured with escapes: the last `ESC[...m` before it on its line; nil when `text` is not
    /// there, "" when no attribute was set on the line before it.
    public static func attributes(of text: String, in screen: String) -> String? {
        for line in screen.split(separator: "\n") {
            guard let found = line.range(of: text) else { continue }
            let before = line[..<found.lowerBound]
            guard let escape = before.range(of: "\u{1B}[", options: .backwards) else { return "" }
            let rest = before[escape.upperBound...]
            guard let end = rest.firstIndex(of: "m") else { return "" }
            return String(rest[..<end])
        }
        return nil
    }

    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 30) throws -> String {
        try waitFor(seconds: seconds, what: "\"\(text)\"") { $0.contains(text) }
    }

    @discardableResult
    public func waitFor(seconds: Double = 30, what: String = "the expected screen", _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        throw Failure(description: "timed out after \(seconds)s waiting for \(what); the screen:\n\(screen)")
    }

    /// The dashboard quit: the shell's `sleep` is what runs in the pane now, the screen is the normal one.
    public func waitForExit() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let result = Self.run(["display-message", "-p", "-t", session, "#{pane_current_command} #{alternate_on}"])
            // `sleep` runs once the dashboard has left; after Ctrl-C the shell may be gone with it.
            if result.output.hasPrefix("sleep") || result.code != 0 { return }
            usleep(50_000)
        }
        throw Failure(description: "the dashboard did not quit within 30 s")
    }

    public static func run(_ arguments: [String], output: ChildProcess.Output = .capture) -> (code: Int32, output: String) {
        guard let executable else { return (127, "tmux missing") }
        do {
            let result = try ChildProcess.run(executable, arguments, output: output, timeout: 10)
            return (result.status, result.stdout + result.stderr)
        } catch {
            return (127, "\(error)")
        }
    }
}
