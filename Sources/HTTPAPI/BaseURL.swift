import Foundation

/// The server's own address (`http://host:port`), known once the listener is bound; the
/// `statusCheck` links are built from it.
final class BaseURL: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String

    init(_ text: String) { self.text = text }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }

    func set(host: String, port: Int) {
        // A wildcard address is not one a client can use; loopback reaches it from this machine.
        let reachable = ["0.0.0.0", "::", "[::]"].contains(host) ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable
        lock.lock()
        text = "http://\(bracketed):\(port)"
        lock.unlock()
    }
}
