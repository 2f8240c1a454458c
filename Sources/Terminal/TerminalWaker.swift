#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes a `TerminalScreen` blocked in `nextInput` from any thread.
///
/// The screen waits with `poll()` on stdin and on the read end of a pipe it owns; `wake()` writes
/// one byte to the write end, so the poll returns and `nextInput` returns nil at once. The
/// engine's thread holds only this value, never the screen, because ncurses is not thread-safe:
/// after waking, the UI thread drains the engine's queued events and renders.
///
/// Waking is cheap and idempotent: the write end is non-blocking, so when wakes pile up faster
/// than the loop runs the pipe simply fills and later wakes are dropped, one is enough.
public struct TerminalWaker: Sendable {
    // Holding the pipe keeps its descriptors open as long as any waker exists, so a late wake
    // can never write into a descriptor number the process has since reused.
    let pipe: WakePipe

    /// Makes the next (or the current) `nextInput` call return. Safe from any thread.
    public func wake() {
        pipe.send(0)
    }
}

/// A non-blocking pipe: the screen's wake-up channel, shared by `TerminalWaker` and the signal
/// handlers. A byte 0 is a wake; any other byte is the number of a signal that arrived.
final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init?() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            // Not inherited by child processes the engine might start.
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// Reads every pending byte: how many were wakes, and the signals that arrived.
    func drain() -> (wakes: Int, signals: [Int32]) {
        var wakes = 0
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { break }
            for byte in buffer[0..<count] {
                if byte == 0 { wakes += 1 } else { signals.append(Int32(byte)) }
            }
        }
        return (wakes, signals)
    }

    /// Writes one byte; when the pipe is full a wake is already pending, so dropping it is fine.
    func send(_ byte: UInt8) {
        var value = byte
        _ = write(writeEnd, &value, 1)
    }

    deinit {
        _ = close(readEnd)
        _ = close(writeEnd)
    }
}
