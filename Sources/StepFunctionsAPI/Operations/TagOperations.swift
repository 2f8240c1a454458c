import ASL
import StepFunctions

/// TagResource, UntagResource and ListTagsForResource (`tags: [{key, value}]`).
enum TagOperations {
    static let handlers: [String: StepFunctionsAPI.Handler] = [
        "TagResource": tag,
        "UntagResource": untag,
        "ListTagsForResource": list,
    ]

    @Sendable static func tag(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("resourceArn")
        let tags = Self.tags(in: call.input["tags"])
        try await call.ask { service throws(ServiceError) in try await service.tagResource(arn: arn, tags: tags) }
        return .object([:])
    }

    @Sendable static func untag(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("resourceArn")
        let keys = call.input["tagKeys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        try await call.ask { service throws(ServiceError) in try await service.untagResource(arn: arn, keys: keys) }
        return .object([:])
    }

    @Sendable static func list(_ call: APICall) async throws(APIFault) -> JSONValue {
        let arn = try call.required("resourceArn")
        let tags = try await call.ask { service throws(ServiceError) in try await service.listTagsForResource(arn: arn) }
        return ["tags": .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })]
    }

    /// A `TagList` (validated already): a tag without a value has the empty one.
    static func tags(in value: JSONValue?) -> [ResourceTag] {
        (value?.arrayValue ?? []).compactMap { item in
            item["key"]?.stringValue.map { ResourceTag(key: $0, value: item["value"]?.stringValue ?? "") }
        }
    }
}
