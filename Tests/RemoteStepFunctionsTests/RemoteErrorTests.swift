import ASL
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RemoteStepFunctions
import SigV4
import StepFunctions
import Testing

/// AWS's errors keep their type and message; a transport failure is one line naming the endpoint.
@Suite(.serialized) struct RemoteErrorTests {
    @Test func awsErrorTypesAreKeptWithTheirPrefixesDropped() {
        #expect(ServiceError(awsType: "ExecutionDoesNotExist", message: "m") == ServiceError(.executionDoesNotExist, "m"))
        #expect(ServiceError(awsType: "com.amazonaws.swf.base.model#ThrottlingException", message: "slow down").kind == .throttling)
        let unknown = ServiceError(awsType: "UnrecognizedClientException:http://internal.amazon.com/", message: "bad key")
        #expect(unknown.kind == .remote && unknown.type == "UnrecognizedClientException")
        #expect(unknown.description == "UnrecognizedClientException: bad key")
    }

    @Test func aWrongSecretIsAWSsSignatureError() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        do throws(ServiceError) {
            _ = try await server.client(secret: "guess").listStateMachines()
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.type == "InvalidSignatureException")
            #expect(!error.message.isEmpty && !error.message.contains("guess"))
        }
    }

    @Test func anUnknownExecutionIsAWSsError() async throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        await #expect(throws: ServiceError.self) {
            _ = try await server.client().describeExecution(arn: "arn:aws:states:us-east-1:123456789012:execution:none:nothing")
        }
        do throws(ServiceError) {
            _ = try await server.client().describeExecution(arn: "arn:aws:states:us-east-1:123456789012:execution:none:nothing")
        } catch {
            #expect(error.kind == .executionDoesNotExist)
        }
    }

    @Test func anUnreachableEndpointIsOneLineNamingIt() async throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try ServeProcess.freePort()
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let remote = RemoteStepFunctions(endpoint: RemoteEndpoint(url: url, region: "us-east-1",
                                                                  credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")))
        do throws(ServiceError) {
            _ = try await remote.listStateMachines()
            Issue.record("a closed port answered")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message.contains("127.0.0.1:\(port)") && !error.message.contains("\n"))
        }
    }

    @Test func errorBodiesAndHeadersAreRead() throws {
        let endpoint = RemoteEndpoint(url: URL(string: "http://127.0.0.1:1")!, region: "us-east-1",
                                      credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"))
        func answer(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<JSONValue, ServiceError> {
            let response = HTTPURLResponse(url: endpoint.url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: headers)!
            do throws(ServiceError) {
                return .success(try AWSJSONClient.decode(data: Data(body.utf8), response: response, endpoint: endpoint))
            } catch {
                return .failure(error)
            }
        }
        #expect(try answer(200, "").get() == .object([:]))
        #expect(throws: ServiceError(.executionDoesNotExist, "gone")) {
            try answer(400, #"{"__type": "com.amazonaws.states#ExecutionDoesNotExist", "message": "gone"}"#).get()
        }
        #expect(throws: ServiceError(.accessDenied, "no")) {
            try answer(400, #"{"Message": "no"}"#, headers: ["x-amzn-ErrorType": "AccessDeniedException"]).get()
        }
        // A proxy's HTML page is no AWS error: it says so, and what came.
        do throws(ServiceError) {
            _ = try answer(502, "<html>Bad Gateway</html>").get()
        } catch {
            #expect(error.kind == .unreachable && error.message.contains("HTTP 502") && error.message.contains("Bad Gateway"))
        }
    }
}
