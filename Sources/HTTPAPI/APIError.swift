import ASL
import Hummingbird

/// An answer other than success: an HTTP status and a message that names the problem.
/// Sent as `{"message": "..."}`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    var response: Response { JSONResponse.make(status, ["message": .string(message)]) }
}

/// JSON responses (`content-type: application/json`).
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        let text = body.serialized() + "\n"
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Turns every error, including Hummingbird's own (unknown route, body too large), into a
/// JSON `{"message": ...}` response with the matching status.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            let message = error.status == .notFound
                ? "no route \(request.method.rawValue) \(request.uri.path)"
                : (error.body ?? error.status.reasonPhrase)
            return APIError(error.status, message).response
        } catch let error as HTTPResponseError {
            return APIError(error.status, error.status.reasonPhrase).response
        } catch {
            return APIError(.internalServerError, "internal error: \(error)").response
        }
    }
}
