import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the dashboard cannot start in this terminal. Each case's `description` is a complete
/// message for the person at the keyboard, saying what to do instead.
public enum TerminalEnvironmentError: Error, Equatable, Sendable, CustomStringConvertible {
    case notATTY(stream: String)
    case termNotSet
    case unknownTerm(String)
    case noTerminfoDatabase(String)
    case localeNotUTF8(codeset: String)

    public var description: String {
        let prefix = "pizzadash: the dashboard needs a terminal: "
        let headless = " (use a subcommand such as `pizzadash order` for headless use)"
        switch self {
        case .notATTY(let stream):
            return prefix + "\(stream) is not a TTY" + headless
        case .termNotSet:
            return prefix + "TERM is not set" + headless
        case .unknownTerm(let term):
            return prefix + "TERM=\(term) is not in the terminfo database; try TERM=xterm-256color"
        case .noTerminfoDatabase(let term):
            return prefix + "no terminfo database found to look up TERM=\(term); install ncurses-term or set TERMINFO"
        case .localeNotUTF8(let codeset):
            return "pizzadash: the dashboard needs a UTF-8 locale, but the locale's character set is \(codeset)"
                + " and C.UTF-8 is not available; set LANG=en_US.UTF-8 (or another UTF-8 locale)"
        }
    }
}

/// The checked facts about the terminal the dashboard is about to take over. Obtain one with
/// `check()` before starting a `TerminalScreen`: ncurses' own start-up exits the process on an
/// unknown terminal, whereas this reports a clear error value.
public struct TerminalEnvironment: Equatable, Sendable {
    /// The value of `TERM`.
    public let term: String
    /// The locale's character set, always UTF-8 once checked (spelled as the C library reports it).
    public let codeset: String
    /// The locale used instead of the environment's when that one was not UTF-8 ("C.UTF-8"), or
    /// nil when the environment's locale was used. Callers may want to mention it.
    public let localeFallback: String?

    /// Checks that stdin and stdout are TTYs, that TERM names a known terminal, and that the
    /// locale is UTF-8 (switching to C.UTF-8 when it is not). Sets the process locale as a side
    /// effect, which ncurses needs for wide characters.
    public static func check() throws(TerminalEnvironmentError) -> TerminalEnvironment {
        if isatty(STDIN_FILENO) == 0 { throw .notATTY(stream: "stdin") }
        if isatty(STDOUT_FILENO) == 0 { throw .notATTY(stream: "stdout") }
        let term = try checkTerm()
        let (codeset, fallback) = try checkLocale()
        return TerminalEnvironment(term: term, codeset: codeset, localeFallback: fallback)
    }

    private static func checkTerm() throws(TerminalEnvironmentError) -> String {
        guard let raw = getenv("TERM"), raw.pointee != 0 else { throw .termNotSet }
        let term = String(cString: raw)
        // setupterm with an error pointer reports instead of exiting (see the shim).
        var status: Int32 = 0
        if pd_term_is_known(term, STDOUT_FILENO, &status) == 0 {
            throw status == -1 ? .noTerminfoDatabase(term) : .unknownTerm(term)
        }
        return term
    }

    private static func checkLocale() throws(TerminalEnvironmentError) -> (String, String?) {
        _ = setlocale(LC_ALL, "")
        let codeset = currentCodeset()
        if isUTF8(codeset) { return (codeset, nil) }
        if setlocale(LC_ALL, "C.UTF-8") != nil, isUTF8(currentCodeset()) {
            return (currentCodeset(), "C.UTF-8")
        }
        _ = setlocale(LC_ALL, "")
        throw .localeNotUTF8(codeset: codeset)
    }

    private static func currentCodeset() -> String {
        guard let raw = nl_langinfo(nl_item(CODESET)) else { return "unknown" }
        return String(cString: raw)
    }

    private static func isUTF8(_ codeset: String) -> Bool {
        let normalized = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
        return normalized == "utf8"
    }
}
