import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ownership of a store: an exclusive `flock` on `PATH.lock`, which holds the owner's pid.
///
/// The kernel drops the lock when the owner dies (even by SIGKILL), so a crash never leaves a
/// stale lock behind, and the next process can take over and recover.
final class StoreLock {
    let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Takes the lock, or says which process holds it.
    static func acquire(storePath: String) throws(StoreError) -> StoreLock {
        let lockPath = storePath + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: lockPath, message: "cannot open the lock file: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let owner = readPid(fd)
            close(fd)
            throw StoreError.locked(path: storePath, ownerPid: owner)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return StoreLock(path: lockPath, fd: fd)
    }

    /// The pid written in a lock file (nil if none).
    static func owner(storePath: String) -> Int32? {
        let fd = open(storePath + ".lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPid(fd)
    }

    /// Whether some live process holds the lock (without taking it for long).
    static func isHeld(storePath: String) -> Bool {
        let fd = open(storePath + ".lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 { return true }
        flock(fd, LOCK_UN)
        return false
    }

    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
