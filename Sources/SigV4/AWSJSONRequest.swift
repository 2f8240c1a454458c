/// Requests of the AWS JSON 1.0 and 1.1 protocols (Step Functions speaks 1.0): a `POST` to `/` whose
/// body is the operation's input as JSON and whose `X-Amz-Target` names the operation.
public enum AWSJSONRequest {
    /// The `Content-Type` of AWS JSON 1.0.
    public static let contentType10 = "application/x-amz-json-1.0"

    /// An unsigned AWS JSON request to `host` (`host:port` when the port is not the scheme's default)
    /// for `target` (`AWSStepFunctions.StartExecution` say) with `body` (the JSON input's UTF-8), with
    /// `Host`, `Content-Type`, `X-Amz-Target` and `Content-Length`; sign it with `SigV4Signer.sign(_:at:)`.
    public static func make(host: String, target: String, body: [UInt8], contentType: String = contentType10) -> SigV4Request {
        SigV4Request(method: "POST", path: "/", headers: [
            HeaderField("Host", host),
            HeaderField("Content-Type", contentType),
            HeaderField("X-Amz-Target", target),
            HeaderField("Content-Length", String(body.count)),
        ], body: body)
    }
}
