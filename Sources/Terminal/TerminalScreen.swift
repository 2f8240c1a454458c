import CNcurses
import Dashboard
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a `TerminalScreen` could not start.
public enum TerminalScreenError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreateWakePipe
    case cannotOpenTerminal(term: String)

    public var description: String {
        switch self {
        case .cannotCreateWakePipe:
            return "pizzadash: cannot create the pipe the dashboard waits on (too many open files?)"
        case .cannotOpenTerminal(let term):
            return "pizzadash: ncurses could not open the terminal (TERM=\(term))"
        }
    }
}

/// The ncurses adapter: copies `Canvas`es to the terminal and reads keys, mouse and resizes as
/// `InputEvent`s. It decides nothing; what to draw and what input means is the dashboard's.
///
/// Use from one thread only (ncurses is not thread-safe); other threads use `waker`.
/// Run `TerminalEnvironment.check()` first: it sets the locale and turns a bad TERM into an error.
///
/// ```swift
/// let screen = TerminalScreen()
/// try screen.start()
/// defer { screen.stop() }
/// while screen.terminationSignal == nil {
///     screen.present(render(state, screen.size))
///     if let event = screen.nextInput(timeoutMilliseconds: nil) { ... }
///     // drain events the engine queued before calling screen.waker.wake()
/// }
/// ```
public final class TerminalScreen {
    let wakePipe: WakePipe?
    var screen: OpaquePointer?
    var lastCanvas: Canvas?
    var needsFullRedraw = true
    var palette = ColorPalette(colorCount: 0, hasDefaultColors: false)
    var colorPairs = ColorPairTable(capacity: 0)
    var hasColors = false

    /// The signal (SIGINT, SIGTERM, SIGHUP) that asked the dashboard to quit, or SIGHUP when stdin
    /// closed. Once set, `nextInput` returns nil at once; the loop should `stop()` and exit.
    public internal(set) var terminationSignal: Int32?

    /// Creates a stopped screen. The wake pipe is created here so a `waker` can be handed to
    /// other threads before `start()`.
    /// Whether cells are drawn in colour: false when the person asked for none (`NO_COLOR`),
    /// then status still reads from glyphs, bold and reverse video.
    public let usesColor: Bool
    public let theme: TerminalTheme

    public init(theme: TerminalTheme = .dark, usesColor: Bool = true) {
        wakePipe = WakePipe()
        self.theme = theme
        self.usesColor = usesColor
    }

    /// `NO_COLOR` set to anything but the empty string turns colour off (no-color.org).
    public static func colorAllowed(environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty
    }

    deinit { stop() }

    /// Whether curses is running (between `start()` and `stop()`).
    public var isStarted: Bool { screen != nil }

    /// A handle other threads use to wake a blocked `nextInput`.
    public var waker: TerminalWaker? { wakePipe.map(TerminalWaker.init(pipe:)) }

    /// Wakes a blocked `nextInput`; see `TerminalWaker`. Thread-safe.
    public func wake() { wakePipe?.send(0) }

    /// Takes over the terminal: alternate screen, no echo, keys unbuffered, cursor hidden, mouse
    /// clicks and wheel reported, colours set up. Does nothing if already started.
    public func start() throws(TerminalScreenError) {
        guard screen == nil else { return }
        guard let wakePipe else { throw .cannotCreateWakePipe }
        // Before newterm: ncurses installs its own SIGINT/SIGTERM cleanup only where the handler
        // is still the default, so ours must be in place first, and the termios saved must be
        // the shell's.
        SignalTrap.install(wakeFileDescriptor: wakePipe.writeEnd)
        guard let opened = newterm(nil, stdout, stdin) else {
            SignalTrap.uninstall()
            throw .cannotOpenTerminal(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        screen = opened
        _ = set_term(opened)
        SignalTrap.setCursesActive(true)
        SignalTrap.wrapResizeSignal()
        configureInput()
        configureColors()
        needsFullRedraw = true
        lastCanvas = nil
        terminationSignal = nil
    }

    private func configureInput() {
        _ = cbreak()
        _ = noecho()
        // Return arrives as 13 rather than being translated, and output newlines stay literal.
        _ = nonl()
        _ = keypad(pd_stdscr(), true)
        _ = intrflush(pd_stdscr(), false)
        _ = curs_set(0)
        // The default of one second makes Escape feel broken; 25 ms is ample for the rest of an
        // escape sequence to arrive, even over ssh.
        _ = set_escdelay(25)
        // Never block inside ncurses: nextInput waits in poll() so a wake can interrupt it.
        wtimeout(pd_stdscr(), 0)
        // A press counts as a click at once; resolving CLICKED would delay every click by the
        // click interval.
        _ = mousemask(pd_button1_pressed() | pd_button4_pressed() | pd_button5_pressed(), nil)
        _ = mouseinterval(0)
    }

    private func configureColors() {
        hasColors = usesColor && has_colors()
        guard hasColors, start_color() == OK else {
            hasColors = false
            return
        }
        let hasDefaultColors = use_default_colors() == OK
        palette = ColorPalette(colorCount: Int(pd_colors()), hasDefaultColors: hasDefaultColors, theme: theme)
        colorPairs = ColorPairTable(capacity: Int(pd_color_pairs()))
    }

    /// Gives the terminal back as it was: leaves the alternate screen, shows the cursor, restores
    /// the terminal modes. Safe to call more than once, and called on deinit.
    public func stop() {
        guard let opened = screen else { return }
        screen = nil
        _ = endwin()
        SignalTrap.setCursesActive(false)
        SignalTrap.uninstall()
        delscreen(opened)
        lastCanvas = nil
    }

    /// The terminal's size in cells, as curses last learnt it (it updates on a resize event).
    public var size: (width: Int, height: Int) {
        guard screen != nil else { return (0, 0) }
        return (Int(pd_getmaxx(pd_stdscr())), Int(pd_getmaxy(pd_stdscr())))
    }
}

extension TerminalScreen {
    /// Puts `text` on the clipboard of the terminal (and of the machine it runs on, over ssh
    /// too) with the OSC 52 sequence; terminals that do not know it ignore it.
    public func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        fputs(sequence, stdout)
        fflush(stdout)
    }
}
