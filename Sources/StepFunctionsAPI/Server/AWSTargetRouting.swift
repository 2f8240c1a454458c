import ASL
import Foundation
import Hummingbird
import SigV4

/// Serves ``StepFunctionsAPI`` in a Hummingbird router: a request with an `X-Amz-Target` header
/// is the API's, whatever its path or host (SDKs send some operations to a `sync-` host); every
/// other request goes on to the router's routes, so the API and other routes share a port.
public struct AWSTargetRouting<Context: RequestContext>: RouterMiddleware {
    /// AWS's largest request is a 1 MiB definition, escaped inside a JSON body.
    public static var maxBodyBytes: Int { 4 * 1024 * 1024 }

    let api: StepFunctionsAPI

    public init(api: StepFunctionsAPI) { self.api = api }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[AWSHeader.target] != nil else { return try await next(request, context) }
        let answer: APIResponse
        do {
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            answer = await api.handle(APIRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                                                 headers: Self.headers(of: request), body: Array(body.readableBytesView)))
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            answer = APIResponse(fault: APIFault(type: "ValidationException", message: "the request body is larger than \(Self.maxBodyBytes) bytes", status: 413))
        }
        var headers: HTTPFields = [.contentType: StepFunctionsAPI.contentType, AWSHeader.requestID: UUID().uuidString.lowercased()]
        if let type = answer.errorType { headers[AWSHeader.errorType] = type }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body.serialized())))
    }

    /// The headers as signed: HTTP/1.1's `Host` travels as the request's authority.
    static func headers(of request: Request) -> [HeaderField] {
        var fields = request.headers.map { HeaderField($0.name.rawName, $0.value) }
        if let authority = request.head.authority, fields.first(named: "Host") == nil { fields.append(HeaderField("Host", authority)) }
        return fields
    }

}

/// The AWS headers the routing reads and writes (Hummingbird exports `HTTPFields`, whose
/// elements are swift-http-types' fields).
enum AWSHeader {
    typealias Name = HTTPFields.Element.Name
    static let target = Name("X-Amz-Target")!
    static let requestID = Name("x-amzn-RequestId")!
    static let errorType = Name("x-amzn-ErrorType")!
}
