import AppRuntime
import ASL
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPAPI
import Pizzeria

/// A pizzeria whose engine loop runs on a background thread, served on a free loopback port:
/// the same arrangement as `pizzadash serve`, with virtual time by default.
final class TestServer: @unchecked Sendable {
    let engine: Engine
    let server: RunningServer
    // Loop-thread only.
    private var stopped = false

    private init(engine: Engine, server: RunningServer) {
        self.engine = engine
        self.server = server
    }

    static func start(clock: ClockMode = .instant) async throws -> TestServer {
        // The binary's wiring, on a store that keeps nothing.
        let session = try StoreSession.open(path: ":memory:", speed: clock)
        let server = try await APIServer.start(bridge: EngineBridge(pizzeria: session.pizzeria), service: session.service, host: "127.0.0.1", port: 0)
        let running = TestServer(engine: session.engine, server: server)
        let thread = Thread { running.engine.scheduler.run(until: { running.stopped }, waitForPosts: true) }
        thread.name = "engine loop"
        thread.start()
        return running
    }

    /// Closes the listener, then ends the loop; the engine's state stays readable (via ``onLoop(_:)``
    /// before the stop, or directly afterwards once the loop has ended).
    func stop() async {
        await server.shutdown()
        await onLoop { self.stopped = true }
    }

    /// Runs `work` on the engine loop and returns its result.
    func onLoop<T: Sendable>(_ work: @escaping () -> T) async -> T {
        let job = UncheckedWork(work)
        return await withCheckedContinuation { continuation in
            engine.scheduler.post { continuation.resume(returning: job.work()) }
        }
    }

    var base: String { server.baseURL }

    // MARK: - HTTP

    struct Reply: Sendable {
        var status: Int
        var contentType: String?
        var text: String
        var json: JSONValue? { try? JSONValue(parsing: text) }
        var message: String { json?["message"]?.stringValue ?? "<no message in \(text)>" }
    }

    func request(_ method: String, _ path: String, body: String? = nil) async throws -> Reply {
        try await Self.request(method, URL(string: base + path)!, body: body.map { Data($0.utf8) })
    }

    static func request(_ method: String, _ url: URL, body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                     text: String(decoding: data, as: UTF8.self))
    }

    private static let session = URLSession(configuration: .ephemeral)

    /// Polls GET /orders/{id} until the order reaches a final status (bounded: virtual time
    /// makes every saga finish at once, so a few rounds suffice).
    func finalOrder(_ id: Int) async throws -> JSONValue? {
        for _ in 0..<500 {
            let reply = try await request("GET", "/orders/\(id)")
            if let status = reply.json?["status"]?.stringValue, ["DeliveryConfirmed", "Cancelled"].contains(status) { return reply.json }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return nil
    }
}

private struct UncheckedWork<T>: @unchecked Sendable {
    let work: () -> T
    init(_ work: @escaping () -> T) { self.work = work }
}

/// Runs `body` against a fresh server and stops it afterwards, also when `body` throws.
func withServer(clock: ClockMode = .instant, _ body: (TestServer) async throws -> Void) async throws {
    let server = try await TestServer.start(clock: clock)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}
