import Foundation
import RemoteStepFunctions
import SigV4
import StepFunctions
import TestSupport

/// `pizzadash serve --auth KEY:SECRET --db :memory:` (the built binary) on a free loopback port:
/// what the remote client talks to. A process of its own, so that its answers do not wait for
/// this test process's threads (which other tests may keep busy). Build first: `swift build`.
final class ServeProcess: @unchecked Sendable {
    static let key = "AKIDREMOTE"
    static let secret = "s3cret/remote"

    let process: ChildProcess
    let url: URL

    private init(process: ChildProcess, url: URL) {
        self.process = process
        self.url = url
    }

    /// `speed` is `--speed`'s: `instant` (virtual time), or a factor of real time for executions
    /// that must still run while a test reads them.
    static func start(speed: String = "instant") throws -> ServeProcess {
        let port = try freePort()
        let process = try ChildProcess.start(PizzadashBinary.path, ["serve", "--host", "127.0.0.1", "--port", String(port), "--speed", speed,
                                                                    "--db", ":memory:", "--auth", "\(key):\(secret)"], output: .discard)
        // Up when it accepts a connection (a deadline, not a fixed wait).
        let deadline = Date().addingTimeInterval(60)
        while !accepts(port) {
            guard process.isRunning, Date() < deadline else {
                process.send(SIGKILL)
                let ended = process.finish(timeout: 10)
                throw ServeFailure("pizzadash serve did not come up on port \(port) (status \(ended.status))")
            }
            usleep(20_000)
        }
        return ServeProcess(process: process, url: URL(string: "http://127.0.0.1:\(port)")!)
    }

    func stop() {
        process.send(SIGTERM)
        _ = process.finish(timeout: 30)
    }

    /// A remote client of this server, with the right secret unless told otherwise.
    func client(secret: String = ServeProcess.secret) -> RemoteStepFunctions {
        let endpoint = RemoteEndpoint(url: url, region: "eu-west-1", credentials: AWSCredentials(accessKeyID: Self.key, secretAccessKey: secret))
        return RemoteStepFunctions(endpoint: endpoint, feedPace: PollPace(interval: 0.02, maxBackoff: 0.5))
    }

    /// A loopback port nothing listened on a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw ServeFailure("no free loopback port: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}

/// The server could not be started.
struct ServeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
