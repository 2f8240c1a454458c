import ASL
import Hummingbird

/// Reads a request's JSON body, with a size limit.
enum RequestJSON {
    /// Bodies larger than this are refused (400), before any parsing.
    static let maxBytes = 64 * 1024

    /// The body as JSON; nil when there is none (empty or only whitespace).
    static func body(of request: Request) async throws -> JSONValue? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.badRequest("the body is larger than the limit of 64 KiB (\(maxBytes) bytes)")
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return nil }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)")
        }
    }
}
