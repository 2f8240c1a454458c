import Foundation
import TestSupport
import Testing

/// The tests that run real programs rely on these: a child that leaves a daemon behind (as
/// `tmux new-session` leaves the tmux server) must not make its waiter wait for the daemon.
@Suite struct ChildProcessTests {
    @Test func exitStatusOutputAndSignal() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(run.status == 3)
        #expect(run.signal == nil)
        #expect(run.stdout == "out\n")
        #expect(run.stderr == "err\n")
        #expect(!run.timedOut)

        let killed = try ChildProcess.start("/bin/sh", ["-c", "exec sleep 60"])
        #expect(killed.isRunning)
        killed.send(SIGKILL)
        let result = killed.finish(timeout: 10)
        #expect(result.signal == SIGKILL)
        #expect(result.status == 137)
    }

    @Test func aChildThatLeavesADaemonHoldingItsOutputIsNotWaitedFor() throws {
        // The background sleep keeps stdout open after the shell has exited.
        let run = try ChildProcess.run("/bin/sh", ["-c", "sleep 60 & echo $!; exit 5"], timeout: 60)
        defer { if let daemon = Int32(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(daemon, SIGKILL) } }
        #expect(run.status == 5)
        #expect(!run.timedOut, "finish waited for the daemon instead of the child")
        #expect(Int32(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "stdout: \(run.stdout)")
    }

    @Test func aChildThatOutlivesItsLimitIsKilled() throws {
        let run = try ChildProcess.run("/bin/sleep", ["60"], timeout: 0.2)
        #expect(run.timedOut)
        #expect(run.signal == SIGKILL)
    }

    @Test func environmentAndDirectoryAreTheChildsOwn() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "pwd; echo \"$ONLY\"; echo \"${HOME:-no home}\""],
                                       environment: ["ONLY": "this"], directory: "/usr")
        #expect(run.stdout == "/usr\nthis\nno home\n")
    }
}
