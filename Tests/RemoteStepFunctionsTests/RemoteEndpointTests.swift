import Foundation
import RemoteStepFunctions
import SigV4
import Testing

/// The endpoint, region and credentials resolve in AWS's order, from an injected environment and files.
struct RemoteEndpointTests {
    func resolver(_ environment: [String: String], files: [String: String] = [:]) -> AWSConfigResolver {
        AWSConfigResolver(environment: environment.merging(["HOME": "/home/u"]) { a, _ in a }) { files[$0] }
    }

    let keys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env"]

    @Test func theOptionBeatsTheVariablesAndTheServiceVariableBeatsTheGeneralOne() throws {
        let environment = keys.merging(["AWS_ENDPOINT_URL_SFN": "http://sfn:1", "AWS_ENDPOINT_URL": "http://all:2", "AWS_REGION": "eu-west-3"]) { a, _ in a }
        #expect(try RemoteEndpoint.resolve(endpoint: "http://given:3", region: nil, profile: nil, resolver: resolver(environment)).url.absoluteString == "http://given:3")
        #expect(try RemoteEndpoint.resolve(endpoint: nil, region: nil, profile: nil, resolver: resolver(environment)).url.absoluteString == "http://sfn:1")
        var general = environment
        general["AWS_ENDPOINT_URL_SFN"] = nil
        #expect(try RemoteEndpoint.resolve(endpoint: nil, region: nil, profile: nil, resolver: resolver(general)).url.absoluteString == "http://all:2")
    }

    @Test func withoutAnEndpointItIsAWSsRegionalOne() throws {
        let resolved = try RemoteEndpoint.resolve(endpoint: nil, region: "ap-south-1", profile: nil, resolver: resolver(keys.merging(["AWS_REGION": "eu-west-3"]) { a, _ in a }))
        #expect(resolved.url.absoluteString == "https://states.ap-south-1.amazonaws.com" && resolved.region == "ap-south-1")
        #expect(resolved.description == "https://states.ap-south-1.amazonaws.com (ap-south-1)")
    }

    @Test func theProfileGivesKeysAndRegion() throws {
        let files = ["/home/u/.aws/credentials": "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s\n",
                     "/home/u/.aws/config": "[profile work]\nregion = sa-east-1\n"]
        let resolved = try RemoteEndpoint.resolve(endpoint: nil, region: nil, profile: "work", resolver: resolver([:], files: files))
        #expect(resolved.credentials.accessKeyID == "AKIDWORK" && resolved.region == "sa-east-1")
        #expect(resolved.url.host == "states.sa-east-1.amazonaws.com")
    }

    @Test func anEndpointWithoutARegionSignsForUsEast1() throws {
        #expect(try RemoteEndpoint.resolve(endpoint: "http://127.0.0.1:9", region: nil, profile: nil, resolver: resolver(keys)).region == "us-east-1")
    }

    @Test func badInputIsOneClearLine() {
        #expect(throws: RemoteSetupError.self) { try RemoteEndpoint.resolve(endpoint: "ftp://x", region: nil, profile: nil, resolver: resolver(keys)) }
        do throws(RemoteSetupError) {
            _ = try RemoteEndpoint.resolve(endpoint: "not a url", region: nil, profile: nil, resolver: resolver(keys))
        } catch {
            #expect(error.message.hasPrefix("--endpoint: 'not a url'"))
        }
        do throws(RemoteSetupError) {
            _ = try RemoteEndpoint.resolve(endpoint: nil, region: nil, profile: nil, resolver: resolver(keys))
        } catch {
            #expect(error.message.hasPrefix("no region found"))
        }
        do throws(RemoteSetupError) {
            _ = try RemoteEndpoint.resolve(endpoint: "http://127.0.0.1:9", region: nil, profile: nil, resolver: resolver([:]))
        } catch {
            #expect(error.message.hasPrefix("no credentials found"))
        }
    }
}
