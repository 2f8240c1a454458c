import CNcurses
import Dashboard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TerminalScreen {
    /// Waits for the next input event.
    ///
    /// - Parameter timeoutMilliseconds: how long to wait at most; nil waits for ever. Waiting is
    ///   a `poll()` on stdin and the wake pipe, so an idle dashboard uses no CPU.
    /// - Returns: the event, or nil when the timeout passed, `wake()` was called, or a
    ///   terminating signal arrived (then `terminationSignal` is set). After any return the caller
    ///   should handle whatever the engine queued, since a wake may have coincided with input.
    public func nextInput(timeoutMilliseconds: Int32?) -> InputEvent? {
        guard screen != nil, let wakePipe, terminationSignal == nil else { return nil }
        // ncurses may already hold bytes it read ahead (the tail of an escape sequence), which
        // poll() on the file descriptor cannot see: ask it first.
        if let event = readPendingEvent() { return event }
        let deadline = timeoutMilliseconds.map { monotonicMilliseconds() + Int64(max(0, $0)) }
        while true {
            let remaining = deadline.map { Int32(clamping: max(0, $0 - monotonicMilliseconds())) } ?? -1
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: wakePipe.readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, remaining)
            if ready == 0 { return nil }
            if ready < 0 && errno != EINTR { return nil }
            // Interrupted (EINTR: a signal, perhaps SIGWINCH) or something is readable.
            let (wakes, signals) = wakePipe.drain()
            if let signal = signals.first(where: terminatingSignals.contains) {
                terminationSignal = signal
                return nil
            }
            if let event = readPendingEvent() { return event }
            if wakes > 0 { return nil }
            // stdin at end of file (the terminal went away): poll would report it for ever.
            if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                terminationSignal = SIGHUP
                return nil
            }
            if let deadline, monotonicMilliseconds() >= deadline { return nil }
        }
    }

    /// Reads what ncurses has ready without waiting; skips codes that are not events.
    private func readPendingEvent() -> InputEvent? {
        while true {
            var code: wint_t = 0
            let status = wget_wch(pd_stdscr(), &code)
            if status == ERR { return nil }
            let isFunctionKey = status == KEY_CODE_YES
            let keyCode = Int32(bitPattern: UInt32(code))
            if isFunctionKey && keyCode == CursesKeyCode.resize {
                needsFullRedraw = true
                let (width, height) = size
                return .resize(width: width, height: height)
            }
            if isFunctionKey && keyCode == CursesKeyCode.mouse {
                if let mouse = readMouse() { return .mouse(mouse) }
                continue
            }
            if let key = translate(keyCode: keyCode, isFunctionKey: isFunctionKey) { return .key(key) }
        }
    }

    private func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let kind: MouseEvent.Kind
        if event.bstate & pd_button1_pressed() != 0 {
            kind = .click
        } else if event.bstate & pd_button4_pressed() != 0 {
            kind = .scrollUp
        } else if event.bstate & pd_button5_pressed() != 0 {
            kind = .scrollDown
        } else {
            return nil
        }
        return MouseEvent(x: Int(event.x), y: Int(event.y), kind: kind)
    }
}

private func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
