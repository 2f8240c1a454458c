import Foundation

/// A child process for tests that run real programs (the `pizzadash` binary, tmux, curl):
/// started with `posix_spawn`, reaped with `waitpid` on its own pid, every wait bounded.
///
/// Why not Foundation's `Process`: on Linux it learns that a child has ended when a socket the
/// child inherited closes. A child that starts a daemon passes that socket on (`tmux new-session`
/// starting the tmux server does), so `waitUntilExit()` waits as long as the daemon lives, and a
/// test waiting for it hangs the whole run (swift-corelibs-foundation#4795). Here nothing but the
/// child's own pid is waited for, the pipes are close-on-exec, and the child inherits no other
/// descriptor of the test process.
///
/// ```swift
/// let result = try ChildProcess.run("/usr/bin/tmux", ["capture-pane", "-p", "-t", session])
/// print(result.status, result.stdout)
/// ```
public final class ChildProcess: @unchecked Sendable {
    /// What happens to the child's stdout and stderr.
    public enum Output: Sendable {
        /// Collected through pipes; ``finish(timeout:)`` returns them.
        case capture
        /// Sent to /dev/null: for a child that may leave a daemon behind, which would hold a pipe open.
        case discard
    }

    /// How a child ended, and what it printed.
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that ended it (as a shell reports it).
        public var status: Int32
        /// The signal that ended the child, if one did.
        public var signal: Int32?
        public var stdout: String
        public var stderr: String
        /// The child outlived its time limit and was killed (its `status` is then 137).
        public var timedOut: Bool
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public let pid: pid_t
    private let lock = NSLock()
    private var outFD: Int32
    private var errFD: Int32
    private var waitStatus: Int32?

    private init(pid: pid_t, outFD: Int32, errFD: Int32) {
        self.pid = pid
        self.outFD = outFD
        self.errFD = errFD
    }

    deinit {
        if outFD >= 0 { close(outFD) }
        if errFD >= 0 { close(errFD) }
    }

    /// Starts `executable` (an absolute path) with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` passes the test process's own.
    ///   - directory: the child's working directory; `nil` keeps the test process's.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             directory: String? = nil, output: Output = .capture) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // The child starts with no signal blocked and SIGPIPE at its default (test runners ignore it,
        // and an ignored signal stays ignored across exec).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        func closePipes() { for fd in outPipe + errPipe where fd >= 0 { close(fd) } }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch output {
        case .capture:
            guard makePipe(&outPipe), makePipe(&errPipe) else {
                closePipes()
                throw SpawnError(description: "cannot make a pipe for \(executable): \(String(cString: strerror(errno)))")
            }
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        if let closeFrom = GNUSpawnActions.addCloseFrom { _ = closeFrom(&actions, 3) }
        if let directory {
            guard let addChdir = GNUSpawnActions.addChdir else {
                closePipes()
                throw SpawnError(description: "this C library cannot set a child's working directory (posix_spawn_file_actions_addchdir_np)")
            }
            _ = addChdir(&actions, directory)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environmentPairs = (environment.map { $0.map { "\($0.key)=\($0.value)" } })
        let envp = environmentPairs.map { $0.map { strdup($0) } + [nil] }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp ?? [] { free(pointer) }
        }
        var pid: pid_t = 0
        let result: Int32
        if let envp {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        if outPipe[1] >= 0 { close(outPipe[1]) }
        if errPipe[1] >= 0 { close(errPipe[1]) }
        guard result == 0 else {
            if outPipe[0] >= 0 { close(outPipe[0]) }
            if errPipe[0] >= 0 { close(errPipe[0]) }
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid, outFD: outPipe[0], errFD: errPipe[0])
    }

    /// Starts the child, waits for it (killing it after `timeout` seconds) and returns how it ended.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: String? = nil, output: Output = .capture, timeout: Double = 120) throws -> Result {
        try start(executable, arguments, environment: environment, directory: directory, output: output).finish(timeout: timeout)
    }

    /// Whether the child has not ended yet (an ended child is reaped here and its status kept).
    public var isRunning: Bool {
        lock.withLock {
            if waitStatus != nil { return false }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { waitStatus = status }
            return reaped == 0
        }
    }

    /// Sends `signal` to the child, if it is still running.
    public func send(_ signal: Int32) {
        lock.withLock { if waitStatus == nil { _ = kill(pid, signal) } }
    }

    /// Reads the child's output to its end, waits for the child and returns how it ended. After
    /// `timeout` seconds the child is killed (SIGKILL). Output pipes still held open by something
    /// the child started are given up on shortly after the child has ended.
    public func finish(timeout: Double = 120) -> Result {
        let deadline = Self.now() + timeout
        var out: [UInt8] = [], err: [UInt8] = []
        var timedOut = false
        var giveUpAt = deadline
        var exited = false
        while outFD >= 0 || errFD >= 0 {
            // Once the child has ended, what it wrote is already in the pipes: something it left
            // running that still holds them open (a daemon) gets half a second, not the whole limit.
            if !exited && !isRunning {
                exited = true
                giveUpAt = min(giveUpAt, Self.now() + 0.5)
            }
            let remaining = giveUpAt - Self.now()
            if remaining <= 0 {
                if timedOut || exited { break }
                timedOut = true
                send(SIGKILL)
                giveUpAt = Self.now() + 1
                continue
            }
            var fds = [outFD, errFD].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 0.1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                let isOut = entry.fd == outFD
                let open = isOut ? Self.drain(entry.fd, into: &out) : Self.drain(entry.fd, into: &err)
                if !open {
                    close(entry.fd)
                    if isOut { outFD = -1 } else { errFD = -1 }
                }
            }
        }
        if outFD >= 0 { close(outFD); outFD = -1 }
        if errFD >= 0 { close(errFD); errFD = -1 }
        // Without pipes to read, the time limit still holds while waiting for the child itself.
        while isRunning {
            if Self.now() >= deadline && !timedOut {
                timedOut = true
                send(SIGKILL)
            }
            usleep(timedOut ? 1_000 : 10_000)
        }
        let status = lock.withLock { waitStatus ?? 0 }
        let signal = Self.terminatingSignal(status)
        return Result(status: signal.map { 128 + $0 } ?? Self.exitCode(status), signal: signal,
                      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                      timedOut: timedOut)
    }

    // MARK: - Helpers

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        // pipe2 is not imported; another thread's spawn between these two calls still cannot pass
        // the pipe on, as every spawn here closes all descriptors above 2.
        guard fds.withUnsafeMutableBufferPointer({ pipe($0.baseAddress!) }) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Reads what is there; false at end of file (or on an error).
    private static func drain(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 { buffer.append(contentsOf: chunk[0..<count]); return true }
        return count < 0 && (errno == EINTR || errno == EAGAIN)
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // The wait-status macros (WIFEXITED and friends) are not imported into Swift.
    private static func terminatingSignal(_ status: Int32) -> Int32? {
        let signal = status & 0x7f
        return signal != 0 && signal != 0x7f ? signal : nil
    }

    private static func exitCode(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
}

/// The GNU extensions of posix_spawn, looked up at run time: Swift's Glibc module does not import them.
private enum GNUSpawnActions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(dlopen(nil, RTLD_NOW), name)
    }
}
