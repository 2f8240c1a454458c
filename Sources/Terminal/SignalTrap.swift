import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Restoring the terminal when the process ends, whichever way it ends.
//
// Signals (SIGINT, SIGTERM, SIGHUP): endwin is not async-signal-safe (it writes through stdio
// and touches curses' heap state), and calling it from a handler that interrupted curses in the
// middle of an update can corrupt the screen or deadlock. So the first signal only writes its
// number to the screen's self-pipe (write is async-signal-safe); the blocked `nextInput` wakes,
// the loop sees `terminationSignal`, stops the screen with a proper endwin and exits normally.
// If a second signal arrives the loop is evidently not responding, and the handler restores what
// it can with async-signal-safe calls only (write of reset sequences, tcsetattr of the termios
// saved before curses started) and calls _exit.
//
// Normal exit (including exit() from elsewhere): an atexit hook calls endwin if a screen is
// still active.
//
// SIGWINCH is ncurses' own: its handler sets a flag that the next wget_wch turns into KEY_RESIZE.
// But the kernel may deliver the signal to any thread, and then the UI thread's poll() is not
// interrupted and the resize would wait for the next key. So ncurses' handler is wrapped: ours
// calls it, then writes to the self-pipe to wake the poll.

/// What the handler needs, kept in memory allocated before the handler is installed so the
/// handler itself never allocates or runs lazy initialisers.
struct TrapState {
    var wakeFileDescriptor: Int32
    var signalCount: Int32
    var savedTermios: termios
    var hasSavedTermios: Bool
    var ncursesResizeHandler: (@convention(c) (Int32) -> Void)?
}

nonisolated(unsafe) private var trapState: UnsafeMutablePointer<TrapState>?
nonisolated(unsafe) private var previousActions: [Int32: sigaction] = [:]
nonisolated(unsafe) private var cursesActive = false
nonisolated(unsafe) private var atexitRegistered = false

/// The signals that end the dashboard.
let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

/// Mouse reporting off, attributes reset, cursor shown, alternate screen left: the parts of
/// endwin that matter to the person's shell, as one constant so the handler need not build it.
private let emergencyReset: StaticString = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"

private func handleTerminatingSignal(_ signal: Int32) {
    guard let state = trapState else { _exit(128 + signal) }
    state.pointee.signalCount += 1
    if state.pointee.signalCount == 1 {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(state.pointee.wakeFileDescriptor, &byte, 1)
        return
    }
    _ = write(STDOUT_FILENO, emergencyReset.utf8Start, emergencyReset.utf8CodeUnitCount)
    if state.pointee.hasSavedTermios {
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &state.pointee.savedTermios)
    }
    _exit(128 + signal)
}

private func handleResizeSignal(_ signal: Int32) {
    guard let state = trapState else { return }
    state.pointee.ncursesResizeHandler?(signal)
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(state.pointee.wakeFileDescriptor, &byte, 1)
}

/// Installs and removes the process-wide handlers; one screen at a time owns them.
enum SignalTrap {
    /// Call before curses starts, so the termios saved is the shell's, not curses' cbreak mode.
    static func install(wakeFileDescriptor: Int32) {
        var saved = termios()
        let hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
        let state = UnsafeMutablePointer<TrapState>.allocate(capacity: 1)
        state.initialize(to: TrapState(wakeFileDescriptor: wakeFileDescriptor, signalCount: 0,
                                       savedTermios: saved, hasSavedTermios: hasSaved))
        trapState = state
        // Touch the constant the handler reads, so any lazy initialisation happens here and
        // never inside the handler.
        _ = emergencyReset.utf8CodeUnitCount
        // A blocked signal mask is inherited through fork and exec: a program started from a
        // thread that blocks signals (a test runner's worker thread, a tmux server started by
        // one) would never see Ctrl-C or SIGTERM. The dashboard relies on them, so unblock them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in terminatingSignals + [SIGWINCH] { sigaddset(&unblock, signal) }
        _ = pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signal in terminatingSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handleTerminatingSignal
            #else
            action.__sigaction_u.__sa_handler = handleTerminatingSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var previous = sigaction()
            if sigaction(signal, &action, &previous) == 0 { previousActions[signal] = previous }
        }
    }

    /// Call after curses started, so there is an ncurses SIGWINCH handler to wrap. Does nothing
    /// when ncurses installed none or one we could not call safely.
    static func wrapResizeSignal() {
        guard let state = trapState else { return }
        var current = sigaction()
        guard sigaction(SIGWINCH, nil, &current) == 0, current.sa_flags & SA_SIGINFO == 0 else { return }
        #if canImport(Glibc)
        let handler = current.__sigaction_handler.sa_handler
        #else
        let handler = current.__sigaction_u.__sa_handler
        #endif
        // SIG_DFL and SIG_IGN are small integers, not functions: only wrap a real handler.
        guard let handler, unsafeBitCast(handler, to: Int.self) > 1 else { return }
        state.pointee.ncursesResizeHandler = handler
        var action = current
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handleResizeSignal
        #else
        action.__sigaction_u.__sa_handler = handleResizeSignal
        #endif
        if sigaction(SIGWINCH, &action, nil) == 0 { previousActions[SIGWINCH] = current }
    }

    /// Puts the previous handlers back. The state is deliberately leaked (a few bytes, once per
    /// screen): a handler already running on another thread may still read it.
    static func uninstall() {
        for (signal, var previous) in previousActions { _ = sigaction(signal, &previous, nil) }
        previousActions = [:]
        trapState = nil
    }

    /// Records whether curses is running, for the atexit hook.
    static func setCursesActive(_ active: Bool) {
        cursesActive = active
        if active && !atexitRegistered {
            atexitRegistered = true
            atexit {
                if cursesActive && !isendwin() {
                    cursesActive = false
                    endwin()
                }
            }
        }
    }
}
